"""
Control timelines: who held a place, when, with the uncertainty the reports leave.

Each full-extent `ControlChange` ends one holding and starts the next; its date
window (earliest..latest) is the uncertain boundary between them. Inside a
window both the old and the new holder are candidates; where two windows
overlap the order of the changes is undecided and every holder that may have
come last is a candidate. The answers for a location are precomputed as a
piecewise-constant function over days, so `Timelines.controller_at` is one
binary search.

Rules, chosen here and documented in docs/timelines.md:

- *Parts.* A location whose kind is a part kind (`PART_KINDS`: a district of a
  settlement, an airport, a base, a bridge, a university...) and whose parent is
  a settlement or another part inherits every change of its parent: a change to
  the whole applies to its parts, a change to a part applies to that part only.
  Administrative units, countries and regions are containers, not holdings:
  a town does not inherit a change recorded for its province.
- *Partial extent.* A change with `Extent.PARTIAL` does not change the holder of
  the location (someone took *part* of it); it is kept apart and listed in the
  answers dated after it may have happened.
- *Before the first change.* The holder is the stated previous holder of the
  change(s) that may come first; with none stated it is unknown ("no record").
- *A change given as a span* happened somewhere inside it; an open span counts
  from its start.
- *Reported status.* A `ControlStatus` ("the regime holds the city") fills
  only what the changes leave unknown: on the days its date or span surely
  covers, its holder is the certain answer; on days it may cover, a candidate.
  An open span runs on until a change says otherwise. Where the changes give
  a certain holder that the status contradicts, the record gets a
  `DiagnosticKind.STATUS_MISMATCH` instead.
"""

from __future__ import annotations

import enum
import gc
import itertools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

import attrs

from conflict_events.model import (
    ControlChange,
    ControlStatus,
    Dataset,
    Event,
    Extent,
    Location,
    LocationKind,
)
from conflict_events.temporal import FuzzyDate, Span

__all__ = [
    "CONTAINER_KINDS",
    "PART_KINDS",
    "ControlAnswer",
    "ControlTimeline",
    "Diagnostic",
    "DiagnosticKind",
    "Holding",
    "Timelines",
    "change_window",
    "controller_at",
]

#: Kinds of location that are parts of a larger place and share its holder.
PART_KINDS: frozenset[LocationKind] = frozenset(
    {
        LocationKind.SETTLEMENT_PART,
        LocationKind.AIRPORT,
        LocationKind.MILITARY_BASE,
        LocationKind.DAM,
        LocationKind.BRIDGE,
        LocationKind.UNIVERSITY,
        LocationKind.HERITAGE_SITE,
        LocationKind.FACILITY,
    }
)

#: Kinds of location a part may inherit its holder from.
CONTAINER_KINDS: frozenset[LocationKind] = PART_KINDS | {LocationKind.SETTLEMENT}


def change_window(change: ControlChange) -> FuzzyDate:
    """
    The days on which *change* may have happened.

    A date is its own window; a span with an end runs from its first possible
    to its last possible day; an open span counts from its start.
    """
    when = change.when
    if isinstance(when, Span):
        if when.end is None:
            return when.start
        return FuzzyDate(when.start.earliest, when.end.latest)
    return when


@attrs.frozen
class ControlAnswer:
    """
    Who held a location on a day, and how sure that is.

    ``candidates`` lists every actor that may hold it, in the order they came
    to; ``controller`` is the one holder when the answer is certain, else None.
    No candidates means no record. ``events`` are the changes (or statuses) the answer rests
    on; ``partial`` the partial-extent changes that may have happened by then;
    ``answered_by`` the location whose record answered (a part's parent when
    the part has no change of its own yet).
    """

    location: str
    at: date
    controller: str | None
    candidates: tuple[str, ...]
    certain: bool
    events: tuple[ControlChange | ControlStatus, ...] = ()
    partial: tuple[ControlChange, ...] = ()
    answered_by: str | None = None

    @property
    def known(self) -> bool:
        """True when at least one candidate holder is on record."""
        return bool(self.candidates)

    @property
    def event_ids(self) -> tuple[str, ...]:
        """The ids of the changes the answer rests on."""
        return tuple(event.id for event in self.events)

    def __str__(self) -> str:
        if not self.candidates:
            return f"{self.location} on {self.at.isoformat()}: no record"
        if self.certain:
            return f"{self.location} on {self.at.isoformat()}: {self.controller}"
        return f"{self.location} on {self.at.isoformat()}: one of {', '.join(self.candidates)}"


@attrs.frozen
class Holding:
    """
    One stretch of a location's timeline: who held it, from which change to which.

    ``start`` and ``end`` are the windows of the changes that open and close
    it (None before the first and after the last record); ``ordered`` is False
    when the opening change's order against its neighbours cannot be decided.
    """

    holders: tuple[str, ...]
    start: FuzzyDate | None
    end: FuzzyDate | None
    started_by: ControlChange | None
    ended_by: ControlChange | None
    ordered: bool = True
    inherited: bool = False

    @property
    def certain(self) -> bool:
        """True when the holder is one known actor."""
        return len(self.holders) == 1


class DiagnosticKind(enum.Enum):
    """The kinds of inconsistency a control timeline can show."""

    PREVIOUS_HOLDER_MISMATCH = "previous_holder_mismatch"
    UNDECIDED_ORDER = "undecided_order"
    TAKEN_TWICE = "taken_twice"
    UNKNOWN_BEFORE_FIRST = "unknown_before_first"
    STATUS_MISMATCH = "status_mismatch"


@attrs.frozen
class Diagnostic:
    """A finding about a location's record, with the changes (and statuses) involved."""

    kind: DiagnosticKind
    location: str
    message: str
    events: tuple[ControlChange | ControlStatus, ...]

    @property
    def event_ids(self) -> tuple[str, ...]:
        """The ids of the changes involved."""
        return tuple(event.id for event in self.events)

    def __str__(self) -> str:
        return f"{self.location}: {self.kind.value}: {self.message}"


_Segment = tuple[tuple[str, ...], bool, tuple[ControlChange, ...]]
_Keyed = tuple[int, int, str, ControlChange]  # earliest, latest, id, change


def _keyed(change: ControlChange) -> _Keyed:
    window = change_window(change)
    return (window.earliest.toordinal(), window.latest.toordinal(), change.id, change)


def _order(item: _Keyed) -> tuple[int, int, str]:
    return item[0], item[1], item[2]


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items without repeats, in first-seen order."""
    return tuple(dict.fromkeys(items))


def _first_changes(keyed: Sequence[_Keyed]) -> list[_Keyed]:
    """The changes that may come first: none is definitely before them."""
    least_latest = min(item[1] for item in keyed)
    return [item for item in keyed if item[0] <= least_latest]


def _before_first(keyed: Sequence[_Keyed]) -> _Segment:
    firsts = _first_changes(keyed)
    holders = _unique(holder for item in firsts for holder in item[3].previous_holders)
    return holders, bool(holders), tuple(item[3] for item in firsts)


def _holders(changes: Sequence[ControlChange]) -> tuple[str, ...]:
    if len(changes) == 1:
        return (changes[0].new_holder,)
    return _unique(change.new_holder for change in changes)


def _sweep(keyed: list[_Keyed]) -> tuple[list[int], list[_Segment]]:
    """
    Precompute the answer for every stretch of days between boundaries.

    *keyed* is sorted by earliest day. A change is *pending* from its earliest
    day to its latest, *done* after. Of the done changes, those whose latest day
    is not before the greatest earliest day among them may have come last. The
    changes fall into clusters of chained overlapping windows; a change alone
    in its cluster (the common case) takes one step, a cluster a small sweep.
    """
    before = _before_first(keyed)
    bounds: list[int] = []
    segments: list[_Segment] = [before]
    settled = before
    index, count = 0, len(keyed)
    while index < count:
        end, reach = index + 1, keyed[index][1]
        while end < count and keyed[end][0] <= reach:
            reach = max(reach, keyed[end][1])
            end += 1
        if bounds and bounds[-1] == keyed[index][0]:  # the settled stretch before is empty
            bounds.pop()
            segments.pop()
        if end == index + 1:
            settled = _step(keyed[index], settled, bounds, segments)
        else:
            settled = _cluster(keyed[index:end], settled, bounds, segments)
        index = end
    return bounds, segments


def _step(item: _Keyed, settled: _Segment, bounds: list[int], segments: list[_Segment]) -> _Segment:
    """Append the stretches of one change whose window overlaps no other."""
    earliest, latest, _, change = item
    prior, complete, involved = settled
    new = change.new_holder
    if not any(event is change for event in involved):
        involved = (*involved, change)
    bounds.append(earliest)
    segments.append((prior if new in prior else (*prior, new), complete, involved))
    after: _Segment = ((new,), True, (change,))
    bounds.append(latest + 1)
    segments.append(after)
    return after


def _cluster(
    cluster: list[_Keyed], settled: _Segment, bounds: list[int], segments: list[_Segment]
) -> _Segment:
    """Append the stretches of a cluster of changes with chained overlapping windows."""
    entering: dict[int, list[ControlChange]] = {}
    leaving: dict[int, list[_Keyed]] = {}
    for item in cluster:
        entering.setdefault(item[0], []).append(item[3])
        leaving.setdefault(item[1] + 1, []).append(item)
    pending: dict[int, ControlChange] = {}
    done: list[ControlChange] = []  # in order of latest day
    done_latest: list[int] = []
    greatest_earliest = -1
    for bound in sorted(entering.keys() | leaving.keys()):
        gone = leaving.get(bound)
        if gone is not None:
            for item in gone:
                del pending[id(item[3])]
                done.append(item[3])
                done_latest.append(item[1])
                greatest_earliest = max(greatest_earliest, item[0])
            last = tuple(done[bisect_left(done_latest, greatest_earliest) :])
            settled = (_unique(change.new_holder for change in last), True, last)
        came = entering.get(bound)
        if came is not None:
            for change in came:
                pending[id(change)] = change
        bounds.append(bound)
        if pending:
            prior, complete, involved = settled
            moving = list(pending.values())
            candidates = _unique([*prior, *(change.new_holder for change in moving)])
            known = {id(change) for change in involved}
            extra = tuple(change for change in moving if id(change) not in known)
            segments.append((candidates, complete, involved + extra))
        else:
            segments.append(settled)
    return settled


@attrs.frozen
class ControlTimeline:
    """
    The control record of one location: its own changes and those it inherits.

    ``changes`` are the full-extent changes that set its holder (its own and,
    for a part, its containers'), sorted by earliest day; ``own`` marks which
    are recorded for the location itself; ``partial_changes`` are kept apart.
    """

    location: str
    changes: tuple[ControlChange, ...]
    own: frozenset[str]
    partial_changes: tuple[ControlChange, ...] = ()
    statuses: tuple[ControlStatus, ...] = ()
    _sorted: list[_Keyed] | None = attrs.field(default=None, repr=False, eq=False, alias="_sorted")
    _bounds: list[int] = attrs.field(init=False, repr=False, eq=False)
    _segments: list[_Segment] = attrs.field(init=False, repr=False, eq=False)
    _partial_earliest: list[int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        keyed = self._sorted
        if keyed is None:
            keyed = sorted((_keyed(change) for change in self.changes), key=_order)
        bounds, segments = _sweep(keyed) if keyed else ([], [((), False, ())])
        object.__setattr__(self, "_sorted", None)
        object.__setattr__(self, "_bounds", bounds)
        object.__setattr__(self, "_segments", segments)
        object.__setattr__(
            self,
            "_partial_earliest",
            [change_window(change).earliest.toordinal() for change in self.partial_changes],
        )

    @classmethod
    def of(
        cls,
        location: str,
        changes: Iterable[ControlChange],
        own: Iterable[str] | None = None,
        statuses: Iterable[ControlStatus] = (),
    ) -> ControlTimeline:
        """A timeline from unsorted changes (partial-extent ones set apart) and statuses."""
        full: list[_Keyed] = []
        partial: list[_Keyed] = []
        for change in changes:
            (partial if change.extent is Extent.PARTIAL else full).append(_keyed(change))
        full.sort(key=_order)
        partial.sort(key=_order)
        return cls(
            location,
            tuple(item[3] for item in full),
            frozenset(item[2] for item in full) if own is None else frozenset(own),
            tuple(item[3] for item in partial),
            tuple(sorted(statuses, key=lambda status: (status.start.earliest, status.id))),
            _sorted=full,
        )

    def controller_at(self, when: date) -> ControlAnswer:
        """Who held the location on *when*; O(log n) in the number of changes."""
        ordinal = when.toordinal()
        candidates, complete, involved = self._segments[bisect_right(self._bounds, ordinal)]
        certain = complete and len(candidates) == 1
        partial = self.partial_changes[: bisect_right(self._partial_earliest, ordinal)]
        answered_by = self.location
        if involved and not any(event.id in self.own for event in involved):
            answered_by = involved[0].location or self.location
        answer = ControlAnswer(
            location=self.location,
            at=when,
            controller=candidates[0] if certain else None,
            candidates=candidates,
            certain=certain,
            events=involved,
            partial=partial,
            answered_by=answered_by,
        )
        if not candidates and self.statuses:
            return self._from_statuses(answer)
        return answer

    def _from_statuses(self, answer: ControlAnswer) -> ControlAnswer:
        """Fill an unknown answer from the reported statuses that cover its day."""
        sure = [status for status in self.statuses if _surely_covers(status, answer.at)]
        maybe = [status for status in self.statuses if _may_cover(status, answer.at)]
        if not maybe:
            return answer
        holders = _unique(status.holder for status in (sure or maybe))
        certain = bool(sure) and len(holders) == 1
        return attrs.evolve(
            answer,
            controller=holders[0] if certain else None,
            candidates=holders,
            certain=certain,
            events=tuple(sure or maybe),
            answered_by=self.location,
        )

    def holdings(self) -> tuple[Holding, ...]:
        """The succession of holders, each between the windows of two changes."""
        if not self.changes:
            return ()
        keyed = sorted((_keyed(change) for change in self.changes), key=_order)
        holders, _, firsts = _before_first(keyed)
        first = keyed[0]
        result = [
            Holding(
                holders=holders,
                start=None,
                end=change_window(first[3]),
                started_by=None,
                ended_by=first[3],
                ordered=len(firsts) == 1,
                inherited=bool(firsts) and all(c.id not in self.own for c in firsts),
            )
        ]
        for index, item in enumerate(keyed):
            following = keyed[index + 1] if index + 1 < len(keyed) else None
            before = keyed[index - 1] if index else None
            ordered = (before is None or before[1] < item[0]) and (
                following is None or item[1] < following[0]
            )
            result.append(
                Holding(
                    holders=(item[3].new_holder,),
                    start=change_window(item[3]),
                    end=None if following is None else change_window(following[3]),
                    started_by=item[3],
                    ended_by=None if following is None else following[3],
                    ordered=ordered,
                    inherited=item[2] not in self.own,
                )
            )
        return tuple(result)

    def diagnostics(self) -> Iterator[Diagnostic]:
        """Inconsistencies in the record, each with the changes involved."""
        keyed = sorted((_keyed(change) for change in self.changes), key=_order)
        own = [item for item in keyed if item[2] in self.own]
        yield from self._undecided(own)
        yield from self._taken_twice(own)
        yield from self._mismatches(keyed)
        yield from self._contradicted_statuses()
        if keyed and not _before_first(keyed)[0]:
            firsts = tuple(item[3] for item in _first_changes(keyed))
            if any(change.id in self.own for change in firsts):
                names = ", ".join(change.id for change in firsts)
                yield Diagnostic(
                    DiagnosticKind.UNKNOWN_BEFORE_FIRST,
                    self.location,
                    f"no previous holder is stated for the first change ({names})",
                    firsts,
                )

    def _contradicted_statuses(self) -> Iterator[Diagnostic]:
        for status in self.statuses:
            for day in _sure_days(status):
                found = self.controller_at(day)
                if found.certain and found.controller != status.holder:
                    yield Diagnostic(
                        DiagnosticKind.STATUS_MISMATCH,
                        self.location,
                        f"{status.id} reports {status.holder!r} holding it on "
                        f"{day.isoformat()} but the changes give {found.controller!r}",
                        (*found.events, status),
                    )
                    break

    def _undecided(self, own: list[_Keyed]) -> Iterator[Diagnostic]:
        for index, item in enumerate(own):
            for other in own[index + 1 :]:
                if other[0] > item[1]:
                    break
                if other[3].new_holder == item[3].new_holder:
                    continue
                yield Diagnostic(
                    DiagnosticKind.UNDECIDED_ORDER,
                    self.location,
                    f"the order of {item[2]} ({change_window(item[3])}) and {other[2]} "
                    f"({change_window(other[3])}) cannot be decided",
                    (item[3], other[3]),
                )

    def _taken_twice(self, own: list[_Keyed]) -> Iterator[Diagnostic]:
        for item, following in itertools.pairwise(own):
            if item[3].new_holder == following[3].new_holder:
                yield Diagnostic(
                    DiagnosticKind.TAKEN_TWICE,
                    self.location,
                    f"{item[3].new_holder!r} takes it in {item[2]} and again in {following[2]} "
                    "with no loss recorded between",
                    (item[3], following[3]),
                )

    def _mismatches(self, keyed: list[_Keyed]) -> Iterator[Diagnostic]:
        by_latest = sorted(keyed, key=lambda item: (item[1], item[0], item[2]))
        latests = [item[1] for item in by_latest]
        greatest: list[int] = []
        running = -1
        for item in by_latest:
            running = max(running, item[0])
            greatest.append(running)
        for item in keyed:
            change = item[3]
            if item[2] not in self.own or not change.previous_holders:
                continue
            count = bisect_left(latests, item[0])  # changes definitely before this one
            if not count:
                continue
            start = bisect_left(latests, greatest[count - 1], 0, count)
            last = [other[3] for other in by_latest[start:count]]
            expected = _unique(other.new_holder for other in last)
            if not set(expected) & set(change.previous_holders):
                yield Diagnostic(
                    DiagnosticKind.PREVIOUS_HOLDER_MISMATCH,
                    self.location,
                    f"{change.id} names {', '.join(change.previous_holders)} as previous holder "
                    f"but the record has {', '.join(expected)}",
                    (*last, change),
                )


@attrs.frozen
class Timelines:
    """
    Control timelines for every location with a record, built once and queried often.

    Build with `Timelines.build` from a `Dataset` (which gives the parts and
    their containers) or from any iterable of events.
    """

    timelines: dict[str, ControlTimeline]

    @classmethod
    def build(
        cls,
        source: Dataset | Iterable[Event],
        *,
        locations: Iterable[Location] = (),
    ) -> Timelines:
        """
        Timelines from the control changes in *source*.

        *locations* (taken from *source* when it is a `Dataset`) give the
        part-of links; without them every location stands alone.
        """
        enabled = gc.isenabled()
        gc.disable()  # millions of small tuples, no cycles: collections would only cost time
        try:
            return cls._build(source, locations)
        finally:
            if enabled:
                gc.enable()

    @classmethod
    def _build(cls, source: Dataset | Iterable[Event], locations: Iterable[Location]) -> Timelines:
        if isinstance(source, Dataset):
            events: Iterable[Event] = source.events
            places = {location.id: location for location in (*source.locations, *locations)}
        else:
            events = source
            places = {location.id: location for location in locations}
        own: dict[str, list[ControlChange]] = defaultdict(list)
        statuses: dict[str, list[ControlStatus]] = defaultdict(list)
        for event in events:
            if isinstance(event, ControlChange) and event.location is not None:
                own[event.location].append(event)
            elif (
                isinstance(event, ControlStatus)
                and event.location is not None
                and event.extent is Extent.FULL
            ):
                statuses[event.location].append(event)
        containers = _containers(places)
        inherited: dict[str, list[ControlChange]] = {}

        def effective(location: str) -> list[ControlChange]:
            if location not in inherited:
                full = [c for c in own.get(location, ()) if c.extent is Extent.FULL]
                parent = containers.get(location)
                inherited[location] = full + (effective(parent) if parent else [])
            return inherited[location]

        timelines: dict[str, ControlTimeline] = {}
        heirs = {location for location in containers if _has_record(location, own, containers)}
        for location in own.keys() | heirs | statuses.keys():
            changes = own.get(location, [])
            if location in containers:
                changes = changes + [c for c in effective(location) if c.location != location]
            timelines[location] = ControlTimeline.of(
                location,
                changes,
                own=[c.id for c in own.get(location, ())],
                statuses=statuses.get(location, ()),
            )
        return cls(timelines)

    @property
    def locations(self) -> tuple[str, ...]:
        """The ids of the locations with a record, sorted."""
        return tuple(sorted(self.timelines))

    def timeline(self, location: str) -> ControlTimeline:
        """The timeline of *location*, empty when there is no record."""
        return self.timelines.get(location) or ControlTimeline(location, (), frozenset())

    def controller_at(self, location: str, when: date) -> ControlAnswer:
        """Who held *location* on *when*; a location without a record has no candidates."""
        return self.timeline(location).controller_at(when)

    def holdings(self, location: str) -> tuple[Holding, ...]:
        """The succession of holders of *location*."""
        return self.timeline(location).holdings()

    def diagnostics(self) -> list[Diagnostic]:
        """Every inconsistency found, by location id then kind."""
        return [d for loc in self.locations for d in self.timelines[loc].diagnostics()]

    def __len__(self) -> int:
        return len(self.timelines)


def _surely_covers(status: ControlStatus, day: date) -> bool:
    """True when the status's date or span surely includes *day*."""
    when = status.when
    if isinstance(when, Span):
        return when.definitely_contains(day)
    return when.is_exact and when.earliest == day


def _may_cover(status: ControlStatus, day: date) -> bool:
    """True when the status's date or span may include *day*."""
    when = status.when
    return when.possibly_contains(day) if isinstance(when, Span) else when.contains(day)


def _sure_days(status: ControlStatus) -> tuple[date, ...]:
    """The first and, when the span is closed, the last day a status surely covers."""
    when = status.when
    if not isinstance(when, Span):
        return (when.earliest,) if when.is_exact else ()
    first = when.start.latest
    if when.end is None:
        return (first,)
    last = when.end.earliest
    if last < first:
        return ()
    return (first,) if last == first else (first, last)


def _containers(places: dict[str, Location]) -> dict[str, str]:
    """Each part's container (a settlement or another part), by id."""
    result: dict[str, str] = {}
    for location in places.values():
        parent = places.get(location.parent) if location.parent else None
        if location.kind in PART_KINDS and parent is not None and parent.kind in CONTAINER_KINDS:
            result[location.id] = parent.id
    return result


def _has_record(location: str, own: dict[str, list[ControlChange]], up: dict[str, str]) -> bool:
    seen: set[str] = set()
    current: str | None = location
    while current is not None and current not in seen:
        if current in own:
            return True
        seen.add(current)
        current = up.get(current)
    return False


def controller_at(source: Dataset | Iterable[Event], location: str, when: date) -> ControlAnswer:
    """One-off question: who held *location* on *when* (builds the timelines each call)."""
    return Timelines.build(source).controller_at(location, when)
