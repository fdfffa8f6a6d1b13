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
- *Partial extent.* A change of any extent but `Extent.FULL` (partial, most, parts,
  pockets, outskirts: `Extent.partial`) does not change the holder of
  the location (someone took *part* of it); it is kept apart and listed in the
  answers dated after it may have happened.
- *Projections.* A change or status whose every attribution is
  `StatementStatus.PROJECTED` (the report considers it possible) is no
  evidence of control and is left out.
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
import itertools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from operator import attrgetter, contains, itemgetter

import attrs

from conflict_events.collector import paused as collector_paused
from conflict_events.errors import FieldError, describe
from conflict_events.model import (
    Actor,
    Attribution,
    ControlChange,
    ControlStatus,
    Dataset,
    Event,
    Extent,
    Location,
    LocationKind,
    StatementStatus,
)
from conflict_events.reasoning.evidence import (
    STATEMENT_WEIGHTS,
    StatusSpan,
    statement_weights,
    status_span,
    weight,
)
from conflict_events.reasoning.horizon import (
    DEFAULT_HORIZON_DAYS,
    Fading,
    HoldingCount,
    HorizonLike,
    Turnover,
    horizon_days,
    horizons_by_kind,
)
from conflict_events.reasoning.unknown_location import UnknownLocationError, close_matches
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Span

__all__ = [
    "CONTAINER_KINDS",
    "PART_KINDS",
    "ControlAnswer",
    "ControlTimeline",
    "Diagnostic",
    "DiagnosticKind",
    "Holding",
    "Timelines",
    "UnknownLocationError",
    "change_interval",
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


def change_interval(change: ControlChange, coverage: float = 0.9) -> tuple[date, date]:
    """
    The central *coverage* interval of the day *change* happened, its window taken as uniform.

    The days cut from each end are rounded down, so the interval holds at
    least *coverage* of the window: a one-day window is its own interval, a
    month's drops a day and a half at each end, rounded to one.

    Raises:
        FieldError: *coverage* is not a number above 0 and at most 1.
    """
    given: object = coverage  # callers may pass anything
    if isinstance(given, bool) or not isinstance(given, (int, float)) or not 0 < given <= 1:
        raise FieldError("coverage", f"{describe(given)} is not a share above 0 and at most 1")
    window = change_window(change)
    days = window.latest.toordinal() - window.earliest.toordinal() + 1
    cut = int(days * (1 - coverage) / 2)
    return (
        date.fromordinal(window.earliest.toordinal() + cut),
        date.fromordinal(window.latest.toordinal() - cut),
    )


@attrs.frozen
class ControlAnswer:
    """
    Who held a location on a day, and how sure that is.

    ``candidates`` lists every actor that may hold it, in the order they came
    to; ``controller`` is the one holder when the answer is certain, else None.
    No candidates means no record, or evidence too far away (beyond the
    horizon). ``probabilities`` gives each candidate its chance and None the
    chance that the holder is unknown; they sum to 1, and the answer is
    certain exactly when one holder has probability 1.

    Outside the spans the evidence covers the answer is never certain:
    ``last_known`` is the holder the nearest evidence names (None when it
    names several or none), ``evidence_date`` the day that evidence speaks
    for and ``distance_days`` how far it is from ``at``; ``horizon_days`` is
    the horizon the answer used. Inside a covered span the three are None.

    ``events`` are the changes (or statuses) the answer rests on; ``partial``
    the partial-extent changes that may have happened by then; ``answered_by``
    the location whose record answered (a part's parent when the part has no
    change of its own yet).
    """

    location: str
    at: date
    controller: str | None
    candidates: tuple[str, ...]
    certain: bool
    events: tuple[ControlChange | ControlStatus, ...] = ()
    partial: tuple[ControlChange, ...] = ()
    answered_by: str | None = None
    probabilities: dict[str | None, float] = attrs.field(factory=dict, hash=False)
    last_known: str | None = None
    evidence_date: date | None = None
    distance_days: int | None = None
    horizon_days: int = DEFAULT_HORIZON_DAYS

    @property
    def known(self) -> bool:
        """True when at least one candidate holder is on record."""
        return bool(self.candidates)

    @property
    def event_ids(self) -> tuple[str, ...]:
        """The ids of the changes the answer rests on."""
        return tuple(event.id for event in self.events)

    @property
    def unknown_probability(self) -> float:
        """The chance that the holder is none of the candidates (not on record)."""
        return self.probabilities.get(None, 0.0)

    def describe(self, data: Dataset | None = None) -> str:
        """
        The answer as a sentence, with the names *data* gives its place and actors.

        ``str(answer)`` is this sentence with ids (no data to name them by); an
        id *data* does not know is shown as itself. The answer is unchanged:
        equality and the JSON objects of `reasoning.report` do not depend on it.
        """

        def place(ident: str) -> str:
            return _named(data.location, ident) if data is not None else ident

        def actor(ident: str) -> str:
            return _named(data.actor, ident) if data is not None else ident

        head = f"{place(self.location)} on {self.at.isoformat()}"
        if self.certain:
            return f"{head}: {'unknown' if self.controller is None else actor(self.controller)}"
        far = ""
        if self.evidence_date is not None:
            side = "earlier" if self.evidence_date < self.at else "later"
            named = actor(self.last_known) if self.last_known else "one of several holders"
            days = f"{self.distance_days} day{'' if self.distance_days == 1 else 's'}"
            far = f"last known {named} on {self.evidence_date.isoformat()}, {days} {side}"
        if not self.candidates:
            if far:
                return f"{head}: unknown ({far}, beyond the horizon of {self.horizon_days} days)"
            return f"{head}: no record"
        if far and self.last_known is not None and self.candidates == (self.last_known,):
            return f"{head}: {far}, not certain"
        one_of = f"one of {', '.join(actor(ident) for ident in self.candidates)}"
        return f"{head}: {one_of} ({far})" if far else f"{head}: {one_of}"

    def __str__(self) -> str:
        return self.describe()


def _named(lookup: Callable[[str], Location | Actor], ident: str) -> str:
    """The name of the record *lookup* finds by *ident*; the id itself when there is none."""
    try:
        return lookup(ident).name
    except KeyError:
        return ident


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

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources of the events involved, each once, in order."""
        found = (a.source for event in self.events for a in event.attributions if a.source)
        return tuple(dict.fromkeys(found))

    def evidence(self) -> str:
        """Each event involved, with who reports it and how: ``e1 (sohr), e2 (amaq: claimed)``."""
        parts = []
        for event in self.events:
            said = [_attributed(a) for a in event.attributions]
            parts.append(f"{event.id} ({'; '.join(said)})" if said else event.id)
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.kind.value}: {self.message}"
        if self.sources:
            text += f" [{self.evidence()}]"
        return text


def _attributed(attribution: Attribution) -> str:
    """How one attribution states an event: its source, and the status when not plainly reported."""
    source = attribution.source or "no source"
    if attribution.status is StatementStatus.REPORTED:
        return source
    claimant = f" by {attribution.claimant}" if attribution.claimant else ""
    return f"{source}: {attribution.status.value}{claimant}"


#: How a stretch of days is covered: None when settled between changes, the
#: prior holders, the change and the first and last day (ordinals) of its window
#: inside one change's window, False inside a cluster of overlapping windows.
_Window = tuple[tuple[str, ...], ControlChange, int, int] | bool | None
_Segment = tuple[tuple[str, ...], bool, tuple[ControlChange, ...], _Window]
#: A change with its window's first and last day (ordinals), its id, and its new holder.
_Keyed = tuple[int, int, str, ControlChange, str]


def _keyed(change: ControlChange) -> _Keyed:
    """The change with the first and last day (ordinals) of its window (`change_window`)."""
    when = change.when
    if type(when) is FuzzyDate:
        first, last = when.earliest.toordinal(), when.latest.toordinal()
    else:
        first, last = _window_days(when)
    return (first, last, change.id, change, change.new_holder)


def _window_days(when: FuzzyDate | Span) -> tuple[int, int]:
    """The first and last day (ordinals) of `change_window` for a change dated *when*."""
    if not isinstance(when, Span):
        return when.earliest.toordinal(), when.latest.toordinal()
    last = when.start.latest if when.end is None else when.end.latest  # never before the start
    return when.start.earliest.toordinal(), last.toordinal()


#: The order of keyed changes: earliest day, latest day, id (never the change itself).
_order = itemgetter(0, 1, 2)


def _sort(keyed: list[_Keyed]) -> None:
    """
    Sort *keyed* in `_order`, stable.

    With no id twice the items compare as tuples in that order before reaching
    the change, and sort faster so than through a key.
    """
    if len(set(map(_ident, keyed))) == len(keyed):
        keyed.sort()
    else:
        keyed.sort(key=_order)


_ident = itemgetter(2)


_id = attrgetter("id")
_change = itemgetter(3)
_earliest = itemgetter(0)
_FULL = Extent.FULL
#: Open bounds (`UNBOUNDED_START`, `UNBOUNDED_END`) as ordinals.
_OPEN_START, _OPEN_END = UNBOUNDED_START.toordinal(), UNBOUNDED_END.toordinal()


def _by_start(status: ControlStatus) -> tuple[date, str]:
    return status.start.earliest, status.id


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """The items without repeats, in first-seen order."""
    return tuple(dict.fromkeys(items))


def _first_changes(keyed: Sequence[_Keyed]) -> list[_Keyed]:
    """The changes that may come first: none is definitely before them."""
    least_latest = min(map(_latest, keyed))
    return [item for item in keyed if item[0] <= least_latest]


def _before_first(keyed: Sequence[_Keyed]) -> _Segment:
    firsts = _first_changes(keyed)
    holders = _unique(holder for item in firsts for holder in item[3].previous_holders)
    return holders, bool(holders), tuple(item[3] for item in firsts), None


def _holders(changes: Sequence[ControlChange]) -> tuple[str, ...]:
    if len(changes) == 1:
        return (changes[0].new_holder,)
    return _unique(change.new_holder for change in changes)


_latest = itemgetter(1)


#: Inside a cluster, the settled segment before and the changes pending (`_pending_segment`).
_Pending = tuple[_Segment, tuple[_Keyed, ...]]


#: A stretch of days as kept: a segment; the change alone in its cluster whose window
#: (its days up to its latest) or whose aftermath (the days after) the stretch is; or,
#: inside a cluster, the settled segment before and the changes pending.
_Entry = _Segment | _Keyed | _Pending


def _sweep(keyed: list[_Keyed]) -> tuple[list[int], list[_Entry]]:
    """
    Precompute the answer for every stretch of days between boundaries.

    *keyed* is sorted by earliest day. A change is *pending* from its earliest
    day to its latest, *done* after. Of the done changes, those whose latest day
    is not before the greatest earliest day among them may have come last. The
    changes fall into clusters of chained overlapping windows; a change alone
    in its cluster (the common case) takes one step, a cluster a small sweep.

    A change alone stands for both its stretches (`_entry_segment` reads them):
    its window, with the stretch before it as the holders before, and the days
    after, which it settles. Nothing is made per change but its two bounds.
    """
    before = _before_first(keyed)
    bounds: list[int] = []
    segments: list[_Entry] = [before]
    add_bound, add_segment = bounds.append, segments.append
    settled: _Entry = before
    index, count = 0, len(keyed)
    while index < count:
        item = keyed[index]
        earliest, latest = item[0], item[1]
        end = index + 1
        if bounds and bounds[-1] == earliest:  # the settled stretch before is empty
            bounds.pop()
            segments.pop()
        if end < count and keyed[end][0] <= latest:  # overlapping windows: a cluster
            reach = latest
            while end < count and keyed[end][0] <= reach:
                reach = max(reach, keyed[end][1])
                end += 1
            settled = _cluster(keyed[index:end], _settled(settled), bounds, segments)
            index = end
            continue
        # One change whose window overlaps no other (the common case): one step.
        add_bound(earliest)
        if segments[-1] is settled:  # the stretch before holds the holders before it
            add_segment(item)
        else:  # that stretch was empty and is gone: the window's segment, made now
            add_segment(_window_segment(item, _settled(settled)))
        add_bound(latest + 1)
        add_segment(item)
        settled = item
        index = end
    return bounds, segments


def _settled(entry: _Entry) -> _Segment:
    """The segment of a settled stretch: a change alone settles the days after it."""
    if len(entry) == 4:  # noqa: PLR2004 - a segment, not a change
        return entry
    if len(entry) == 2:  # noqa: PLR2004 - never settled: changes are pending
        raise TypeError(entry)
    return ((entry[4],), True, (entry[3],), None)


def _window_segment(item: _Keyed, settled: _Segment) -> _Segment:
    """The segment of the window of a change alone in its cluster, after *settled*."""
    earliest, latest, _, change, new = item
    prior, complete, involved, _ = settled
    if not any(event is change for event in involved):  # the first changes may hold it
        involved = (*involved, change)
    window = (prior if complete else (), change, earliest, latest)
    return prior if new in prior else (*prior, new), complete, involved, window


def _cluster(
    cluster: list[_Keyed], settled: _Segment, bounds: list[int], segments: list[_Entry]
) -> _Segment:
    """
    Append the stretches of a cluster of changes with chained overlapping windows.

    The changes enter on their earliest day (the cluster's order) and are done
    the day after their latest (in order of latest day, ties in the cluster's
    order): the two sorted runs merged give the bounds. Each stretch with changes
    pending keeps the settled segment before and the pending changes.
    """
    by_latest = sorted(cluster, key=_latest)
    done_latest = list(map(_latest, by_latest))
    done_holders = list(map(_new_holder, by_latest))
    done = list(map(_change, by_latest))
    pending: dict[int, _Keyed] = {}
    greatest_earliest = -1
    entering = leaving = 0
    count = len(cluster)
    add_bound, add_segment = bounds.append, segments.append
    while leaving < count:
        bound = done_latest[leaving] + 1
        if entering < count and cluster[entering][0] < bound:
            bound = cluster[entering][0]
        else:  # some are done: of the done, those that may have come last settle it
            while leaving < count and done_latest[leaving] + 1 == bound:
                item = by_latest[leaving]
                del pending[id(item)]
                if item[0] > greatest_earliest:  # noqa: PLR1730 - cheaper than a call
                    greatest_earliest = item[0]
                leaving += 1
            start = bisect_left(done_latest, greatest_earliest, 0, leaving)
            holders = tuple(dict.fromkeys(done_holders[start:leaving]))
            settled = (holders, True, tuple(done[start:leaving]), None)
        while entering < count and cluster[entering][0] == bound:
            item = cluster[entering]
            pending[id(item)] = item
            entering += 1
        add_bound(bound)
        add_segment((settled, tuple(pending.values())) if pending else settled)
    return settled


def _pending_segment(entry: _Pending, first: _Segment) -> _Segment:
    """
    The segment of a stretch inside a cluster: the holders before, and the pending ones.

    Only the first changes (*first*, before anything is done) can be both.
    """
    settled, moving = entry
    prior, complete, involved, _ = settled
    candidates = tuple(dict.fromkeys([*prior, *map(_new_holder, moving)]))
    if settled is first:
        known = {id(change) for change in involved}
        extra = tuple(item[3] for item in moving if id(item[3]) not in known)
    else:  # the done changes: none is pending
        extra = tuple(map(_change, moving))
    return candidates, complete, involved + extra, False


_new_holder = itemgetter(4)


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
    horizon: int = DEFAULT_HORIZON_DAYS
    #: How often places like this one change hands in the data (`Turnover`).
    turnover: Turnover = Turnover()
    #: The first and last day (ordinals) of the dataset's evidence, inside which a change
    #: would likely have been reported.
    coverage: tuple[int, int] | None = None
    #: The weight of each kind of statement where sources disagree (`STATEMENT_WEIGHTS`).
    weights: Mapping[StatementStatus, float] = attrs.field(
        default=STATEMENT_WEIGHTS, repr=False, eq=False
    )
    _sorted: list[_Keyed] | None = attrs.field(default=None, repr=False, eq=False, alias="_sorted")
    _bounds: list[int] = attrs.field(init=False, repr=False, eq=False)
    _spans: tuple[StatusSpan, ...] = attrs.field(init=False, repr=False, eq=False)
    _segments: list[_Entry] = attrs.field(init=False, repr=False, eq=False)
    _partial_earliest: list[int] = attrs.field(init=False, repr=False, eq=False)
    #: Whether every change is the location's own (then its record answers every day).
    _all_own: bool = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        keyed = self._sorted
        if keyed is None:
            keyed = sorted(map(_keyed, self.changes), key=_order)
        bounds: list[int]
        segments: list[_Entry]
        bounds, segments = _sweep(keyed) if keyed else ([], [((), False, (), None)])
        setattr_ = object.__setattr__
        setattr_(self, "_sorted", None)
        setattr_(self, "_bounds", bounds)
        setattr_(self, "_segments", segments)
        setattr_(self, "_partial_earliest", [_keyed(c)[0] for c in self.partial_changes])
        setattr_(self, "_spans", tuple(map(status_span, self.statuses)))
        setattr_(self, "_all_own", self.own.issuperset(map(_ident, keyed)))

    @classmethod
    def of(
        cls,
        location: str,
        changes: Iterable[ControlChange],
        own: Iterable[str] | None = None,
        statuses: Iterable[ControlStatus] = (),
        horizon: HorizonLike = DEFAULT_HORIZON_DAYS,
        weights: Mapping[StatementStatus, float] = STATEMENT_WEIGHTS,
        turnover: Turnover = Turnover(),  # noqa: B008 - frozen
        coverage: tuple[int, int] | None = None,
    ) -> ControlTimeline:
        """A timeline from unsorted changes (partial-extent ones set apart) and statuses."""
        full: list[_Keyed] = []
        partial: list[_Keyed] = []
        for change in changes:
            (partial if change.extent.partial else full).append(_keyed(change))
        return _timeline_of(
            location,
            full,
            partial,
            frozenset(item[2] for item in full) if own is None else frozenset(own),
            statuses,
            horizon=horizon_days(horizon),
            weights=weights,
            turnover=turnover,
            coverage=coverage,
        )

    def _segment(self, index: int, ordinal: int) -> _Segment:
        """The segment of the stretch *index*, which holds the day *ordinal*."""
        entry = self._segments[index]
        if len(entry) == 4:  # noqa: PLR2004 - a segment, not a change
            return entry
        if len(entry) == 2:  # noqa: PLR2004 - inside a cluster
            return _pending_segment(entry, _settled(self._segments[0]))
        if ordinal > entry[1]:  # after the change's window: it settles the holder
            return ((entry[4],), True, (entry[3],), None)
        return _window_segment(entry, _settled(self._segments[index - 1]))

    def controller_at(self, when: date, *, horizon: HorizonLike | None = None) -> ControlAnswer:
        """
        Who held the location on *when*; O(log n) in the number of changes.

        *horizon* (days or a `timedelta`) overrides the timeline's own: how far
        evidence carries outside the spans it covers.
        """
        ordinal = when.toordinal()
        days = self.horizon if horizon is None else horizon_days(horizon)
        bounds = self._bounds
        index = bisect_right(bounds, ordinal)
        entry = self._segments[index]
        segment = entry if len(entry) == 4 else self._segment(index, ordinal)  # noqa: PLR2004
        candidates, complete, involved, window = segment
        partial: tuple[ControlChange, ...] = ()
        if self.partial_changes:  # none in most records: no search
            partial = self.partial_changes[: bisect_right(self._partial_earliest, ordinal)]
        answered_by = self.location
        if involved and not self._all_own and not any(event.id in self.own for event in involved):
            answered_by = involved[0].location or self.location
        sure = [span for span in self._spans if span.surely(ordinal)] if self._spans else []
        if 0 < index < len(bounds):  # between the first and the last change
            certain = complete and len(candidates) == 1
            probabilities: dict[str | None, float]
            if window is None:  # settled between changes: the holder(s), equally
                probabilities = {candidates[0]: 1.0} if certain else _even(candidates, not complete)
            elif isinstance(window, tuple):  # inside one change's window
                probabilities = _within(window, ordinal)
            else:
                probabilities = _covered(segment, ordinal, self.weights)
            answer = ControlAnswer(
                self.location,
                when,
                candidates[0] if certain else None,
                candidates,
                certain,
                involved,
                partial,
                answered_by,
                probabilities,
                None,
                None,
                None,
                days,
            )
            return _with_statuses(answer, sure, self.weights) if sure else answer
        base = ControlAnswer(
            location=self.location,
            at=when,
            controller=None,
            candidates=(),
            certain=False,
            partial=partial,
            answered_by=answered_by,
            probabilities={None: 1.0},
            horizon_days=days,
        )
        if sure:
            # A status surely covering the day is direct evidence for it; the holder of the
            # last change is only carried forward to it, so the status answers (diagnosed).
            return _with_statuses(attrs.evolve(base, answered_by=self.location), sure, self.weights)
        return self._gap(base, index, ordinal, days)

    def _gap(self, base: ControlAnswer, index: int, ordinal: int, days: int) -> ControlAnswer:
        """
        The answer before the first or after the last change, where no status is sure.

        Evidence before the day (a change's new holder, a status) and after it
        (a change's stated previous holder, a status) that name the same one
        holder bracket the day: certain. Otherwise the holder is last known,
        its probability falling linearly with the distance to 0 at the horizon.
        """
        forward = self._forward(index, ordinal)
        backward = self._backward(index, ordinal)
        if forward is not None and backward is not None:
            holders, _, around = forward
            if len(holders) == 1 and holders == backward[0]:
                return attrs.evolve(
                    base,
                    controller=holders[0],
                    candidates=holders,
                    certain=True,
                    events=_unique_events((*around, *backward[2])),
                    probabilities={holders[0]: 1.0},
                )
        sides: list[tuple[tuple[str, ...], int, tuple[ControlChange | ControlStatus, ...]]] = []
        if forward is not None:
            sides.append(forward)
        first = _settled(self._segments[0])  # before the first change (always a segment)
        if self._bounds and index == 0 and first[0]:  # the previous holders carry back
            sides.append((first[0], self._bounds[0], first[2]))
        maybe = [s for s in self._spans if s.maybe(ordinal) and not s.surely(ordinal)]
        if not sides and not maybe:
            return base
        probabilities = _projected(
            [(holders, self._carried(ordinal, anchor, days)) for holders, anchor, _ in sides]
        )
        events: tuple[ControlChange | ControlStatus, ...] = ()
        nearest = min(sides, key=lambda side: abs(ordinal - side[1])) if sides else None
        if nearest is not None:
            events = nearest[2]
        if maybe:
            probabilities = _with_possible(probabilities, maybe, ordinal)
            events = _unique_events((*events, *(span.status for span in maybe)))
        candidates = tuple(h for h, p in probabilities.items() if h is not None and p > 0)
        answer = attrs.evolve(
            base, candidates=candidates, events=events, probabilities=probabilities
        )
        if nearest is None:
            return attrs.evolve(answer, answered_by=self.location)
        holders, anchor, _ = nearest
        if not any(isinstance(e, ControlChange) for e in events):
            answer = attrs.evolve(answer, answered_by=self.location)
        return attrs.evolve(
            answer,
            last_known=holders[0] if len(holders) == 1 else None,
            evidence_date=date.fromordinal(anchor),
            distance_days=abs(ordinal - anchor),
        )

    def _carried(self, ordinal: int, anchor: int, days: int) -> float:
        """The weight of evidence dated *anchor* on the day *ordinal* (`Turnover.weight`)."""
        low, high = sorted((ordinal, anchor))
        inside = 0
        if self.coverage is not None:
            inside = max(0, min(high, self.coverage[1]) - max(low, self.coverage[0]))
        return self.turnover.weight(high - low, inside, days)

    def _forward(
        self, index: int, ordinal: int
    ) -> tuple[tuple[str, ...], int, tuple[ControlChange | ControlStatus, ...]] | None:
        """The nearest evidence before *ordinal*: its holders, its last day, its events."""
        found: tuple[tuple[str, ...], int, tuple[ControlChange | ControlStatus, ...]] | None = None
        if self._bounds and index == len(self._bounds):
            candidates, _, involved, _ = self._segment(index, ordinal)
            found = (candidates, self._bounds[-1] - 1, involved)
        before = [span for span in self._spans if span.last < ordinal and not span.maybe(ordinal)]
        if before:
            last = max(span.last for span in before)
            if found is None or last >= found[1]:
                spans = [span for span in before if span.last == last]
                holders = _unique(span.status.holder for span in spans)
                events: tuple[ControlChange | ControlStatus, ...] = tuple(
                    span.status for span in spans
                )
                if found is not None and last == found[1]:
                    holders, events = _unique((*found[0], *holders)), (*found[2], *events)
                found = (holders, last, events)
        return found

    def _backward(
        self, index: int, ordinal: int
    ) -> tuple[tuple[str, ...], int, tuple[ControlChange | ControlStatus, ...]] | None:
        """The nearest evidence after *ordinal* (to bracket it): holders, first day, events."""
        found: tuple[tuple[str, ...], int, tuple[ControlChange | ControlStatus, ...]] | None = None
        if self._bounds and index == 0:
            candidates, _, involved, _ = _settled(self._segments[0])
            found = (candidates, self._bounds[0], involved)
        after = [span for span in self._spans if span.has_sure and span.sure_first > ordinal]
        if after:
            first = min(span.sure_first for span in after)
            if found is None or first < found[1]:
                spans = [span for span in after if span.sure_first == first]
                holders = _unique(span.status.holder for span in spans)
                found = (holders, first, tuple(span.status for span in spans))
        return found

    def holdings(self) -> tuple[Holding, ...]:
        """The succession of holders, each between the windows of two changes."""
        if not self.changes:
            return ()
        keyed = sorted((_keyed(change) for change in self.changes), key=_order)
        holders, _, firsts, _ = _before_first(keyed)
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
                ordinal = day.toordinal()
                candidates, complete, involved, _ = self._segment(
                    bisect_right(self._bounds, ordinal), ordinal
                )
                if complete and len(candidates) == 1 and candidates[0] != status.holder:
                    yield Diagnostic(
                        DiagnosticKind.STATUS_MISMATCH,
                        self.location,
                        f"{status.id} reports {status.holder!r} holding it on "
                        f"{day.isoformat()} but the changes give {candidates[0]!r}",
                        (*involved, status),
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


def _timeline_of(
    location: str,
    full: list[_Keyed],
    partial: list[_Keyed],
    own: frozenset[str] | None,
    statuses: Iterable[ControlStatus],
    *,
    horizon: int,
    weights: Mapping[StatementStatus, float],
    turnover: Turnover,
    coverage: tuple[int, int] | None,
) -> ControlTimeline:
    """`of` from keyed changes, full and partial apart (sorted here, in place)."""
    _sort(full)
    if partial:
        _sort(partial)
    if own is None:  # all its changes are its own
        own = frozenset(map(_ident, itertools.chain(full, partial) if partial else full))
    return ControlTimeline(
        location,
        tuple(map(_change, full)),
        own,
        tuple(map(_change, partial)),
        tuple(sorted(statuses, key=_by_start)) if statuses else (),
        horizon,
        turnover,
        coverage,
        weights,
        _sorted=full,
    )


@attrs.frozen
class Timelines:
    """
    Control timelines for every location with a record, built once and queried often.

    Build with `Timelines.build` from a `Dataset` (which gives the parts and
    their containers) or from any iterable of events. ``known`` are the
    location ids that may be asked about (the data's locations and every
    event's place), ``names`` each case-folded id, name and alias with its id
    (for suggestions when an id is unknown), ``horizon`` the horizon of a
    location without a record.
    """

    timelines: dict[str, ControlTimeline]
    known: frozenset[str] = frozenset()
    names: dict[str, str] = attrs.field(factory=dict, repr=False, eq=False, hash=False)
    horizon: int = DEFAULT_HORIZON_DAYS

    @classmethod
    def build(
        cls,
        source: Dataset | Iterable[Event],
        *,
        locations: Iterable[Location] = (),
        horizon: HorizonLike | None = None,
        horizon_by_kind: Mapping[LocationKind, HorizonLike] | None = None,
        weights: Mapping[StatementStatus, float] | None = None,
        turnover: Turnover | None = None,
        fading: Fading | None = None,
    ) -> Timelines:
        """
        Timelines from the control changes and statuses in *source*.

        *locations* (taken from *source* when it is a `Dataset`) give the
        part-of links and the kinds; without them every location stands alone.
        *horizon* is how far evidence carries (days or a `timedelta`; by
        default three true average holdings measured from *source*,
        `Turnover.horizon`), *horizon_by_kind* the horizon of given location
        kinds instead; *turnover* and *fading* replace what is measured.
        *weights* say how much each kind of statement counts where sources
        disagree (a party's claim half an observation by default,
        `STATEMENT_WEIGHTS`); the kinds given replace the defaults.

        Raises:
            FieldError: a horizon that is not a positive number of days, or a
                weight that is not a number from 0 (excluded) to 1.
        """
        default = None if horizon is None else horizon_days(horizon)
        by_kind = horizons_by_kind(horizon_by_kind)
        chosen = statement_weights(weights)

        with collector_paused():  # millions of small tuples, no cycles: collections only cost
            return cls._build(source, locations, default, by_kind, chosen, turnover, fading)

    @classmethod
    def _build(
        cls,
        source: Dataset | Iterable[Event],
        locations: Iterable[Location],
        default: int | None,
        by_kind: dict[LocationKind, int],
        weights: Mapping[StatementStatus, float],
        given: Turnover | None,
        fading: Fading | None,
    ) -> Timelines:
        places, keyed, statuses, mentioned, days = _gather(source, locations)
        containers = _containers(places)
        inherited: dict[str, list[ControlChange]] = {}

        def own(location: str) -> list[ControlChange]:
            """The changes recorded for *location* itself, full-extent ones first."""
            found = keyed.get(location)
            return [] if found is None else list(map(_change, itertools.chain(*found[:2])))

        def effective(location: str) -> list[ControlChange]:
            if location not in inherited:
                found = keyed.get(location)
                full = [] if found is None else list(map(_change, found[0]))
                parent = containers.get(location)
                inherited[location] = full + (effective(parent) if parent else [])
            return inherited[location]

        if fading is None:
            fading = _fading(keyed, statuses, places, days)
        coverage = fading.coverage
        turnovers: dict[LocationKind | None, Turnover] = {}  # one per kind: they are values

        def turnover_of(location: str) -> Turnover:
            if given is not None:
                return given
            place = places.get(location)
            kind = None if place is None else place.kind
            found = turnovers.get(kind)
            if found is None:
                found = turnovers[kind] = fading.turnover(kind)
            return found

        def horizon_of(location: str) -> int:
            place = places.get(location)
            chosen = default if place is None else by_kind.get(place.kind, default)
            return chosen if chosen is not None else turnover_of(location).horizon()

        timelines: dict[str, ControlTimeline] = {}
        heirs = {location for location in containers if _has_record(location, keyed, containers)}
        for location in keyed.keys() | heirs | statuses.keys():
            if location not in containers:  # its own changes only, keyed once for all of build
                fulls, partial, *_ = keyed.get(location) or ([], [])
                timelines[location] = _timeline_of(
                    location,
                    fulls,
                    partial,
                    None,
                    statuses.get(location, ()),
                    horizon=horizon_of(location),
                    weights=weights,
                    turnover=turnover_of(location),
                    coverage=coverage,
                )
                continue
            changes = own(location)
            ids = [c.id for c in changes]
            changes += [c for c in effective(location) if c.location != location]
            timelines[location] = ControlTimeline.of(
                location,
                changes,
                own=ids,
                statuses=statuses.get(location, ()),
                horizon=horizon_of(location),
                weights=weights,
                turnover=turnover_of(location),
                coverage=coverage,
            )
        names = {name.casefold(): place.id for place in places.values() for name in place.names}
        known = frozenset(places.keys() | keyed.keys() | statuses.keys() | mentioned)
        names.update((ident.casefold(), ident) for ident in known)
        fallback = default if default is not None else (given or fading.turnover(None)).horizon()
        return cls(timelines, known, names, fallback)

    @classmethod
    def measure(
        cls, source: Dataset | Iterable[Event], *, locations: Iterable[Location] = ()
    ) -> Fading:
        """
        How evidence fades in *source* (`Fading`), as `build` measures it.

        The fadings of parts of the data add up (``a + b``): a build over
        partitions passes the sum as ``fading`` and fades as the whole would.
        """
        places, keyed, statuses, _, days = _gather(source, locations)
        return _fading(keyed, statuses, places, days)

    @property
    def locations(self) -> tuple[str, ...]:
        """The ids of the locations with a record, sorted."""
        return tuple(sorted(self.timelines))

    def timeline(self, location: str) -> ControlTimeline:
        """
        The timeline of *location*, empty when it is known but has no record.

        Raises:
            UnknownLocationError: *location* is neither a location of the data
                nor the place of an event; the message suggests close ids.
        """
        found = self.timelines.get(location)
        if found is not None:
            return found
        if location not in self.known:
            raise UnknownLocationError(location, close_matches(location, self.names))
        return ControlTimeline(location, (), frozenset(), horizon=self.horizon)

    def controller_at(
        self, location: str, when: date, *, horizon: HorizonLike | None = None
    ) -> ControlAnswer:
        """
        Who held *location* on *when*; a known location without a record has no candidates.

        *horizon* (days or a `timedelta`) overrides the location's horizon.

        Raises:
            UnknownLocationError: an unknown location id (a `KeyError`).
        """
        return self.timeline(location).controller_at(when, horizon=horizon)

    def controller_distribution(
        self, location: str, when: date, *, horizon: HorizonLike | None = None
    ) -> dict[str | None, float]:
        """Each candidate holder's probability on *when*, None for "unknown"; they sum to 1."""
        return self.controller_at(location, when, horizon=horizon).probabilities

    def holdings(self, location: str) -> tuple[Holding, ...]:
        """The succession of holders of *location*."""
        return self.timeline(location).holdings()

    def diagnostics(self) -> list[Diagnostic]:
        """Every inconsistency found, by location id then kind."""
        return [d for loc in self.locations for d in self.timelines[loc].diagnostics()]

    def __len__(self) -> int:
        return len(self.timelines)


def _unique_events(
    events: Iterable[ControlChange | ControlStatus],
) -> tuple[ControlChange | ControlStatus, ...]:
    """The events without repeats, in first-seen order."""
    return tuple({id(event): event for event in events}.values())


def _window_has(change: ControlChange, ordinal: int) -> bool:
    """Whether the change may have happened on the day *ordinal*."""
    span = change_window(change)
    return span.earliest.toordinal() <= ordinal <= span.latest.toordinal()


def _weighed(
    holders: Sequence[str],
    involved: Sequence[ControlChange],
    weights: Mapping[StatementStatus, float],
    *,
    unknown: bool,
) -> dict[str | None, float]:
    """The holders in proportion to the weight of the changes naming them (1 for the others)."""
    given: dict[str | None, float] = {}
    for change in involved:
        if change.new_holder in holders:
            given[change.new_holder] = max(
                given.get(change.new_holder, 0.0), weight(change, weights)
            )
    shares: dict[str | None, float] = {holder: given.get(holder, 1.0) for holder in holders}
    if unknown or not holders:
        shares[None] = 1.0
    total = sum(shares.values())
    return {holder: share / total for holder, share in shares.items()}


def _even(holders: Sequence[str], unknown: bool = False) -> dict[str | None, float]:
    """The holders equally likely, with an equal share for "unknown" when *unknown* (or none)."""
    keys: list[str | None] = [*holders, None] if unknown or not holders else list(holders)
    share = 1.0 / len(keys)
    return dict.fromkeys(keys, share)


def _covered(
    segment: _Segment, ordinal: int, weights: Mapping[StatementStatus, float]
) -> dict[str | None, float]:
    """
    The probabilities on a day between the first and the last change.

    Settled between changes: the holder(s), equally. Inside one change's
    window the change happened on a uniform day of it (counted from the middle
    of each day), so the new holder's share grows linearly across the window.
    Inside overlapping windows the candidates are weighed by how their changes
    are stated (a party's claim counts less than a report), the holders before
    them as reported.
    """
    candidates, complete, involved, window = segment
    if window is False:
        moving = [c for c in involved if _window_has(c, ordinal)]
        return _weighed(candidates, moving, weights, unknown=not complete)
    if not isinstance(window, tuple):
        return _even(candidates, not complete)
    return _within(window, ordinal)


def _within(
    window: tuple[tuple[str, ...], ControlChange, int, int], ordinal: int
) -> dict[str | None, float]:
    """The probabilities on a day inside one change's window (see `_covered`)."""
    prior, change, earliest, latest = window
    share = (ordinal - earliest + 0.5) / (latest - earliest + 1)
    new = change.new_holder
    if len(prior) == 1:  # the common case: one holder before
        before = prior[0]
        if before == new:
            return {new: 1.0 - share + share}
        return {before: (1.0 - share) * 1.0, new: share}
    result = {holder: (1.0 - share) * p for holder, p in _even(prior).items()}
    result[new] = result.get(new, 0.0) + share
    return result


def _with_statuses(
    answer: ControlAnswer, sure: Sequence[StatusSpan], weights: Mapping[StatementStatus, float]
) -> ControlAnswer:
    """
    *answer* with the statuses that surely cover its day.

    One reported holder that the changes allow (or where the changes say
    nothing) is certain. A status that the changes contradict is kept: both
    are candidates, weighed by how their sources state them (`weight`).
    """
    reported: dict[str, float] = {}
    for span in sure:
        holder = span.status.holder
        reported[holder] = max(reported.get(holder, 0.0), weight(span.status, weights))
    holders = tuple(reported)
    events = _unique_events((*answer.events, *(span.status for span in sure)))
    known = [h for h, p in answer.probabilities.items() if h is not None and p > _NEGLIGIBLE]
    if len(holders) == 1 and (not known or holders[0] in known):
        return attrs.evolve(
            answer,
            controller=holders[0],
            candidates=holders,
            certain=True,
            events=events,
            probabilities={holders[0]: 1.0},
        )
    changes = [event for event in answer.events if isinstance(event, ControlChange)]
    given = max((weight(change, weights) for change in changes), default=1.0) if known else 0
    total = given + sum(reported.values())
    result: dict[str | None, float] = {
        h: p * given / total for h, p in answer.probabilities.items() if given
    }
    for holder, share in reported.items():
        result[holder] = result.get(holder, 0.0) + share / total
    return attrs.evolve(
        answer,
        controller=None,
        candidates=_unique((*answer.candidates, *holders)),
        certain=False,
        events=events,
        probabilities=result,
    )


#: A probability this small is rounding, not a chance.
_NEGLIGIBLE = 1e-12


def _projected(sides: Sequence[tuple[tuple[str, ...], float]]) -> dict[str | None, float]:
    """
    The probabilities from evidence on either side of a day, each with its decayed weight.

    The greatest weight is the chance that some named holder holds it; it is
    split between the sides in proportion to their weights, and within a side
    equally. The rest is unknown.
    """
    known = max((w for _, w in sides), default=0.0)
    total = sum(w for _, w in sides)
    result: dict[str | None, float] = {}
    if total > 0:
        for holders, w in sides:
            if w <= 0:
                continue
            for holder in holders:
                result[holder] = result.get(holder, 0.0) + known * w / total / len(holders)
    rest = 1.0 - sum(result.values())
    if rest > _NEGLIGIBLE or not result:
        result[None] = max(rest, 0.0)
    return result


def _with_possible(
    probabilities: dict[str | None, float], maybe: Sequence[StatusSpan], ordinal: int
) -> dict[str | None, float]:
    """
    *probabilities* mixed with the statuses that may cover the day.

    The greatest chance that one of them covers it goes to their holders (in
    proportion to their chances), the rest keeps the answer without them.
    """
    shares = [(span.status.holder, span.share(ordinal)) for span in maybe]
    most = max(share for _, share in shares)
    total = sum(share for _, share in shares)
    result = {holder: (1.0 - most) * p for holder, p in probabilities.items()}
    for holder, share in shares:
        result[holder] = result.get(holder, 0.0) + most * share / total
    return {holder: p for holder, p in result.items() if p > 0}


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


#: A place's changes keyed (`_keyed`), in the order given: full-extent ones, partial-extent
#: ones; and of the full-extent ones the previous holders, middle days and new holders.
_PlaceChanges = tuple[list[_Keyed], list[_Keyed], list[tuple[str, ...]], list[int], list[str]]


def _gather(
    source: Dataset | Iterable[Event], locations: Iterable[Location]
) -> tuple[
    dict[str, Location],
    dict[str, _PlaceChanges],
    dict[str, list[ControlStatus]],
    set[str],
    tuple[int, int],
]:
    """
    The places, each place's changes keyed, its full statuses, and the places named.

    Last, the first and last day (ordinals) of any change's window. One pass
    reads all a build needs from each change, so none is read again.
    """
    if isinstance(source, Dataset):
        events: Iterable[Event] = source.events
        places = {location.id: location for location in (*source.locations, *locations)}
    else:
        events = source
        places = {location.id: location for location in locations}
    keyed: dict[str, _PlaceChanges] = {}
    statuses: dict[str, list[ControlStatus]] = defaultdict(list)
    mentioned: set[str] = set()
    lowest, highest = date.max.toordinal(), date.min.toordinal()
    for event in events:
        location = event.location
        if location is None:
            continue
        if event.attributions and _only_projected(event):  # possible: no evidence of control
            mentioned.add(location)
        elif type(event) is ControlChange or isinstance(event, ControlChange):
            place = keyed.get(location)
            if place is None:
                place = keyed[location] = ([], [], [], [], [])
            when = event.when
            if type(when) is FuzzyDate:
                first, last = when.earliest.toordinal(), when.latest.toordinal()
            else:
                first, last = _window_days(when)
            if first < lowest:  # noqa: PLR1730 - a comparison costs less than a call, per change
                lowest = first
            if last > highest:  # noqa: PLR1730
                highest = last
            new = event.new_holder
            item = (first, last, event.id, event, new)
            if event.extent is _FULL:
                place[0].append(item)
                place[2].append(event.previous_holders)
                place[3].append((first + last) // 2)
                place[4].append(new)
            else:
                place[1].append(item)
        elif isinstance(event, ControlStatus) and event.extent is Extent.FULL:
            statuses[location].append(event)
        else:
            mentioned.add(location)
    return places, keyed, statuses, mentioned, (lowest, highest)


def _only_projected(event: Event) -> bool:
    """True when every statement of *event* is a projection ("they could take the city")."""
    return bool(event.attributions) and all(
        attribution.status is StatementStatus.PROJECTED for attribution in event.attributions
    )


def _fading(
    keyed: Mapping[str, _PlaceChanges],
    statuses: Mapping[str, list[ControlStatus]],
    places: Mapping[str, Location],
    days: tuple[int, int],
) -> Fading:
    """
    How evidence fades in these records: each kind's holdings, and the span they report.

    *days* are the first and last day of the changes' windows (`_gather`):
    with no open bound, each change reports its window.
    """
    first, last = days
    if first == _OPEN_START or last == _OPEN_END:  # an open bound: each change by itself
        first, last = date.max.toordinal(), date.min.toordinal()
        for changes in keyed.values():
            for item in itertools.chain(changes[0], changes[1]):
                low, high = _reported_span(item[3])
                first, last = min(first, low), max(last, high)
    for status in (status for ss in statuses.values() for status in ss):
        low, high = _reported_span(status)
        first, last = min(first, low), max(last, high)
    sums: dict[LocationKind | None, list[int]] = {}
    for location, (full, _, previous, middles, holders) in keyed.items():
        if not full:
            continue
        count = _holding_count(middles, previous, holders)
        place = places.get(location)
        for kind in (None,) if place is None else (None, place.kind):
            found = sums.setdefault(kind, [0, 0, 0, 0, 0])
            for index, value in enumerate(count):
                found[index] += value
    counts = {kind: HoldingCount(*values) for kind, values in sums.items()}
    return Fading(counts, first, last)


def _holding_count(
    middles: list[int], previous: list[tuple[str, ...]], holders: list[str]
) -> tuple[int, int, int, int, int]:
    """
    The `HoldingCount` sums of one place's full-extent changes, as `HoldingCount.of`.

    The changes go in order of their *middles* (ties as given); each after the
    first names a previous holder or not, and that holder is the one before or not.
    """
    order = sorted(range(len(middles)), key=middles.__getitem__)
    later = list(map(previous.__getitem__, order))
    del later[0]
    named = sum(map(bool, later))
    matched = sum(map(contains, later, map(holders.__getitem__, order)))
    return 1, middles[order[0]], len(middles) - 1, named, matched


def _reported_span(event: ControlChange | ControlStatus) -> tuple[int, int]:
    """
    The first and last day (ordinals) a control statement speaks of, open bounds left out.

    These make the span the data reports control over, inside which a change
    would likely have been reported (`Turnover`).
    """
    start, end = event.start, event.end or event.start
    low = start.latest if start.earliest == UNBOUNDED_START else start.earliest
    high = end.earliest if end.latest == UNBOUNDED_END else end.latest
    return low.toordinal(), max(low, high).toordinal()


def _middle(change: ControlChange) -> int:
    """The middle day (ordinal) of a change's window."""
    span = change_window(change)
    return (span.earliest.toordinal() + span.latest.toordinal()) // 2


def _containers(places: dict[str, Location]) -> dict[str, str]:
    """Each part's container (a settlement or another part), by id."""
    result: dict[str, str] = {}
    for location in places.values():
        parent = places.get(location.parent) if location.parent else None
        if location.kind in PART_KINDS and parent is not None and parent.kind in CONTAINER_KINDS:
            result[location.id] = parent.id
    return result


def _has_record(location: str, own: Mapping[str, object], up: dict[str, str]) -> bool:
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
