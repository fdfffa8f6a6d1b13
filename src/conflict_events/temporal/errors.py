"""The error the temporal parsers raise for text they cannot read."""

from __future__ import annotations

__all__ = ["TemporalError"]


class TemporalError(ValueError):
    """A date, interval or expression that cannot be read; names the text and why."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"{text!r}: {reason}")
