"""The error the temporal parsers raise for text they cannot read."""

from __future__ import annotations

__all__ = ["TemporalError"]

#: How much of a long text an error message quotes.
_QUOTED = 60
#: Texts up to this length are quoted whole.
_WHOLE = 200


def _quote(text: str) -> str:
    """*text* quoted as Python would, or its start and its length when it is long."""
    if len(text) <= _WHOLE:
        return repr(text)
    return f"{text[:_QUOTED]!r}... ({len(text)} characters)"


class TemporalError(ValueError):
    """A date, interval or expression that cannot be read; names the text and why."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{_quote(text)}: {reason}")
