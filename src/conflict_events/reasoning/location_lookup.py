"""
Finding the location a user means by a name: ``Raqqa``, ``Batna@Algeria`` or an id.

A name may be an id, a name or alias in any case, or one of their
transliterations (`place_names.fold`); ``NAME@PARENT`` keeps the places named
NAME that lie in PARENT (any ancestor, by name, alias or id). When a name
fits several places the error lists each with its kind and the places it
lies in (``Quissanga — settlement in Quissanga, Cabo Delgado``), so that the
user can pick one; when it fits none, it suggests the names close to it.
Nothing is guessed: a place is returned only when it is the one that fits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Final

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.model import Dataset, Location
from conflict_events.reasoning.place_names import close_names, core, name_key

__all__ = [
    "LISTED",
    "LocationLookupError",
    "find_location",
    "find_locations",
    "location_label",
]

#: How many candidates an error lists at most (the rest are counted).
LISTED: Final = 10

#: How many of the last ``@`` of a name are tried as the one before PARENT (a bound on work).
_CUTS: Final = 8

#: How many characters of a name from the data a label shows.
_NAME_LIMIT: Final = 60

#: How many characters of an id a listing shows: whole, as ids of real data go.
_ID_LIMIT: Final = 200

_Test = Callable[[Location], bool]


class LocationLookupError(ConflictEventsError):
    """
    No location, or several, fit a name a user gave.

    ``name`` is the name given, ``candidates`` the ids of the places it may
    mean (empty when none fits), ``suggestions`` the close names when none does.
    """

    def __init__(
        self,
        message: str,
        name: str = "",
        candidates: Iterable[str] = (),
        suggestions: Iterable[str] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.candidates = tuple(candidates)
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        return self.message

    def __reduce__(
        self,
    ) -> tuple[type[LocationLookupError], tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
        return (type(self), (self.message, self.name, self.candidates, self.suggestions))


def find_locations(data: Dataset, text: str) -> list[Location]:
    """
    Every location of *data* that *text* may mean, in dataset order; empty for none.

    The first of these that fits any place decides: the id itself; a name,
    alias or id in any case; ``NAME@PARENT`` (NAME as all of these and the
    next two, PARENT an ancestor's id or one of the places it names as NAME
    alone would; the first reading of *text* that fits, see `_splits`); the
    same transliterated name (`place_names.name_key`); the same name but for
    generic words such as ``town`` (`place_names.core`).
    """
    exact = [loc for loc in data.locations if loc.id == text]
    if exact:
        return exact
    found = _fitting(data, text, exact_only=True)
    if found:
        return found
    for name, parent in _splits(text):
        within = _fitting(data, name, _inside(data, parent))
        if within:
            return within
    return _fitting(data, text)


def find_location(data: Dataset, text: str) -> Location:
    """
    The one location of *data* that *text* means (see `find_locations`).

    Raises:
        LocationLookupError: no location fits (close names are suggested),
            or several do (each is listed with its kind, where it lies and its id).
    """
    found = find_locations(data, text)
    if len(found) == 1:
        return found[0]
    if found:
        exact = {text.casefold()} & {n.casefold() for loc in found for n in (loc.id, *loc.names)}
        verb = "names" if exact else "may name"
        raise LocationLookupError(
            f"{describe(text)} {verb} {len(found)} locations: {_listing(data, found)}; "
            "give NAME@PARENT or the id",
            text,
            (loc.id for loc in found),
        )
    for name, parent in _splits(text):
        named = _fitting(data, name)
        if named:
            raise LocationLookupError(
                f"no location named {describe(name)} lies in {describe(parent)}; "
                f"{describe(name)} names: {_listing(data, named)}",
                text,
            )
    spellings = {n.casefold(): n for loc in data.locations for n in (loc.id, *loc.names)}
    close = [spellings[key] for key in close_names(text.casefold(), spellings)]
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise LocationLookupError(f"no location named {describe(text)}{hint}", text, (), close)


def location_label(data: Dataset, location: Location) -> str:
    """
    A location as an ambiguity lists it: ``Quissanga — settlement in Quissanga, Cabo Delgado``.

    The places it lies in are named nearest first, up to the first whose name
    differs from its own (so that places of one name at several levels read apart).
    """
    around = []
    for ancestor in data.ancestors(location.id):
        around.append(_short(ancestor.name))
        if ancestor.name.casefold() != location.name.casefold():
            break
    where = f" in {', '.join(around)}" if around else ""
    return f"{_short(location.name)} \u2014 {location.kind.value}{where}"


def _listing(data: Dataset, places: Sequence[Location]) -> str:
    """The labels of *places* with their ids, the first `LISTED`, then how many more."""
    shown = [
        f"{location_label(data, loc)} ({_short(loc.id, _ID_LIMIT)})" for loc in places[:LISTED]
    ]
    if len(places) > LISTED:
        shown.append(f"and {len(places) - LISTED} more")
    return "; ".join(shown)


def _fitting(
    data: Dataset, name: str, keep: _Test | None = None, *, exact_only: bool = False
) -> list[Location]:
    """The places (of those *keep* keeps) *name* fits by the first test any passes."""
    places = [loc for loc in data.locations if keep is None or keep(loc)]
    tests = [_exact(name)] if exact_only else [_exact(name), *_folded(name)]
    for test in tests:
        found = [loc for loc in places if test(loc)]
        if found:
            return found
    return []


def _exact(name: str) -> _Test:
    wanted = name.casefold()
    return lambda loc: loc.id == name or any(n.casefold() == wanted for n in (loc.id, *loc.names))


def _folded(name: str) -> list[_Test]:
    """A test by `name_key`, then one by `core`; none for a name that folds to nothing."""
    key, kernel = name_key(name), core(name)
    if not key:
        return []
    return [
        lambda loc: any(name_key(n) == key for n in loc.names),
        lambda loc: any(core(n) == kernel for n in loc.names),
    ]


def _inside(data: Dataset, parent: str) -> _Test:
    """Whether a place lies in one of those *parent* names (by id, or as `_fitting` finds them)."""
    parents = {loc.id for loc in data.locations if loc.id == parent} or {
        loc.id for loc in _fitting(data, parent)
    }
    return lambda loc: any(a.id in parents for a in data.ancestors(loc.id))


def _splits(text: str) -> list[tuple[str, str]]:
    """
    Each way *text* reads as ``NAME@PARENT``, in the order they are tried.

    The last ``@`` first; each cut as given, then without spaces around the
    sides (``Batna @ Algeria``); both sides non-empty.
    """
    pairs: list[tuple[str, str]] = []
    for index in reversed([i for i, char in enumerate(text) if char == "@"][-_CUTS:]):
        name, parent = text[:index], text[index + 1 :]
        readings = dict.fromkeys([(name, parent), (name.strip(), parent.strip())])
        pairs.extend(pair for pair in readings if all(pair))
    return pairs


def _short(text: str, limit: int = _NAME_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
