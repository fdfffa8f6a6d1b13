"""The error for a question about a location the timelines do not know, with close matches."""

from __future__ import annotations

from collections.abc import Iterable

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.reasoning.place_names import close_names

__all__ = ["UnknownLocationError", "close_matches"]


def close_matches(wanted: str, names: dict[str, str], *, limit: int = 5) -> tuple[str, ...]:
    """
    The ids whose id, name or alias is closest to *wanted*, best first (`place_names.close_names`).

    *names* maps each case-folded id, name and alias to its location id. A
    transliteration (``Raqqa`` for ``Ar Raqqah town``) comes before a merely
    similar spelling, and a short name is never close only by being inside a
    longer one (``Raqqa`` is not close to ``Iraq``).
    """
    close = close_names(wanted.casefold(), names, limit=len(names))
    return tuple(dict.fromkeys(names[name] for name in close))[:limit]


class UnknownLocationError(ConflictEventsError, KeyError):
    """
    A location id that is neither a location of the data nor the place of any event.

    ``location`` is the id asked for, ``suggestions`` the ids whose id, name
    or alias is close to it. A `KeyError`, so ``except KeyError`` still works.
    """

    def __init__(self, location: str, suggestions: Iterable[str] = ()) -> None:
        self.location = location
        self.suggestions = tuple(suggestions)
        hint = (
            f"; did you mean {', '.join(repr(s) for s in self.suggestions)}?"
            if self.suggestions
            else ""
        )
        self.message = f"no location with id {describe(location)}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[UnknownLocationError], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.location, self.suggestions))
