"""
Reported statuses as evidence: the days each surely and possibly speaks for, and its weight.

A `ControlStatus` speaks for the days of its date or span: *surely* for the
days every reading of it covers, *possibly* for the days some reading does.
An open span ("held since May") speaks surely only for the last day its start
may be; past that its holder is last known. A statement's weight comes from
how its sources state it (`STATEMENT_WEIGHTS`): an observation or a report
weighs 1, a party's claim half as much.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import attrs

from conflict_events.errors import FieldError, describe
from conflict_events.model import ControlChange, ControlStatus, StatementStatus
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Span

__all__ = ["STATEMENT_WEIGHTS", "StatusSpan", "statement_weights", "status_span", "weight"]

#: The weight of a statement by how its sources state it; the greatest applies.
STATEMENT_WEIGHTS: Mapping[StatementStatus, float] = {
    StatementStatus.OBSERVED: 1.0,
    StatementStatus.REPORTED: 1.0,
    StatementStatus.DOCUMENTED: 1.0,
    StatementStatus.CLAIMED: 0.5,
    StatementStatus.ALLEGED: 0.5,
    StatementStatus.PROJECTED: 0.25,
    StatementStatus.DENIED: 0.1,
}


def statement_weights(
    chosen: Mapping[StatementStatus, float] | None = None,
) -> Mapping[StatementStatus, float]:
    """
    `STATEMENT_WEIGHTS` with the weights in *chosen* instead, checked.

    Raises:
        FieldError: A key that is not a `StatementStatus`, or a weight that is
            not a number above 0 and at most 1.
    """
    if chosen is None:
        return STATEMENT_WEIGHTS
    result = dict(STATEMENT_WEIGHTS)
    given: Iterable[tuple[object, object]] = chosen.items()  # callers may pass anything
    for status, value in given:
        if not isinstance(status, StatementStatus):
            raise FieldError("weights", f"{describe(status)} is not a StatementStatus")
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or not 0 < value <= 1
        ):
            raise FieldError(
                f"weights[{status.value}]",
                f"{describe(value)} is not a weight (a number above 0 and at most 1)",
            )
        result[status] = float(value)
    return result


def weight(
    event: ControlChange | ControlStatus,
    weights: Mapping[StatementStatus, float] = STATEMENT_WEIGHTS,
) -> float:
    """The weight of *event*: the greatest of its attributions', 1 without any."""
    if not event.attributions:
        return 1.0
    return max(weights.get(attribution.status, 1.0) for attribution in event.attributions)


@attrs.frozen
class StatusSpan:
    """The days (ordinals) a status surely and maybe covers; ``sure_first > sure_last`` if none."""

    sure_first: int
    sure_last: int
    maybe_first: int
    maybe_last: int
    status: ControlStatus

    @property
    def has_sure(self) -> bool:
        """True when some day is surely covered."""
        return self.sure_first <= self.sure_last

    @property
    def last(self) -> int:
        """The last day the status is evidence for, counting forward from it."""
        return self.sure_last if self.has_sure else self.maybe_last

    def surely(self, ordinal: int) -> bool:
        """True when every reading of the status covers *ordinal*."""
        return self.sure_first <= ordinal <= self.sure_last

    def maybe(self, ordinal: int) -> bool:
        """True when some reading of the status covers *ordinal*."""
        return self.maybe_first <= ordinal <= self.maybe_last

    def share(self, ordinal: int) -> float:
        """
        The chance that the status covers *ordinal*, on a day it may cover.

        Its uncertain start (or end) is at a uniform day of its window, so the
        chance grows (or falls) linearly across it, and is 1 where it is sure;
        a status given as an uncertain date covers each of its days by half.
        """
        if self.surely(ordinal):
            return 1.0
        if not self.maybe(ordinal):
            return 0.0
        if self.has_sure and ordinal > self.sure_last:
            return (self.maybe_last - ordinal + 0.5) / (self.maybe_last - self.sure_last + 1)
        if not self.has_sure:
            return 0.5
        return (ordinal - self.maybe_first + 0.5) / (self.sure_first - self.maybe_first + 1)


def status_span(status: ControlStatus) -> StatusSpan:
    """
    The days *status* surely and possibly covers.

    An open bound ("held since before 2015-02-03": ``[..2015-02-03]``) says
    nothing about how far the status reaches that way, so it is evidence only
    up to its stated day; spreading it over every day since year 1 would make
    a place held "since 1900".
    """
    when = status.when
    if isinstance(when, Span):
        first, last_start = _from(when.start), when.start.latest.toordinal()
        if when.end is None:
            return StatusSpan(last_start, last_start, first, last_start, status)
        sure_last = when.end.earliest.toordinal()
        return StatusSpan(last_start, sure_last, first, _until(when.end), status)
    earliest, latest = _from(when), _until(when)
    if earliest == latest:
        return StatusSpan(earliest, latest, earliest, latest, status)
    return StatusSpan(latest + 1, latest, earliest, latest, status)


def _from(day: FuzzyDate) -> int:
    """The first day *day* may be, or its last when it is open towards the past."""
    return (day.latest if day.earliest == UNBOUNDED_START else day.earliest).toordinal()


def _until(day: FuzzyDate) -> int:
    """The last day *day* may be, or its first when it is open towards the future."""
    return (day.earliest if day.latest == UNBOUNDED_END else day.latest).toordinal()
