"""
Sieges over time: whether a place was under siege on a day, and for how long.

A siege's ``when`` is a `Span`, usually left open while it lasts; its
duration is then measured to a reference date (the last report), between the
shortest and the longest time the bounds allow.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, timedelta

import attrs

from conflict_events.model import (
    AccessAction,
    Dataset,
    Estimate,
    Event,
    HumanitarianAccess,
    Siege,
)
from conflict_events.temporal import UNBOUNDED_END, FuzzyDate, Span

__all__ = [
    "SiegeDuration",
    "SiegePhase",
    "access_interruptions",
    "besieged_population",
    "siege_duration",
    "siege_status",
    "sieges_at",
]


class SiegePhase(enum.Enum):
    """Where a siege stood on a day, as far as its uncertain bounds tell."""

    NOT_STARTED = "not_started"
    POSSIBLY_UNDER_SIEGE = "possibly_under_siege"
    UNDER_SIEGE = "under_siege"
    ENDED = "ended"


def _span(event: Event) -> Span:
    when = event.when
    return when if isinstance(when, Span) else Span(when, when)


def siege_status(siege: Siege, when: date, reference: date | None = None) -> SiegePhase:
    """
    Whether *siege* held on *when*.

    An open siege is certain only up to *reference* (the date of the last
    report that says it goes on); after it, or without one, it may have ended.
    """
    span = _span(siege)
    if when < span.start.earliest:
        return SiegePhase.NOT_STARTED
    if span.definitely_contains(when, reference) and (
        span.end is not None or reference is not None
    ):
        return SiegePhase.UNDER_SIEGE
    if span.possibly_contains(when):
        return SiegePhase.POSSIBLY_UNDER_SIEGE
    return SiegePhase.ENDED


@attrs.frozen
class SiegeDuration:
    """How long a siege had lasted by ``reference``: at least ``shortest``, at most ``longest``."""

    reference: date
    shortest: timedelta
    longest: timedelta | None

    @property
    def shortest_years(self) -> float:
        """The shortest duration in years of 365.25 days."""
        return self.shortest.days / 365.25

    def at_least(self, duration: timedelta) -> bool:
        """True when the siege had certainly lasted *duration* or more."""
        return self.shortest >= duration


def siege_duration(siege: Siege, reference: date) -> SiegeDuration:
    """
    How long *siege* had lasted by *reference* (`Span.shortest` and `Span.longest`).

    A siege that ended before *reference* is measured to its end; ``longest`` is
    None when its start is unbounded ("for over two years"), and both are
    zero by a *reference* before the siege can have begun.
    """
    span = _span(siege)
    if reference < span.start.earliest:
        return SiegeDuration(reference, timedelta(0), timedelta(0))
    if span.end is not None and span.end.latest < reference:
        return SiegeDuration(reference, span.shortest(), span.longest())
    if span.end is not None:
        end = FuzzyDate(min(span.end.earliest, reference), reference)
        span = Span(span.start, end)
        return SiegeDuration(reference, span.shortest(), span.longest())
    return SiegeDuration(reference, span.shortest(reference), span.longest(reference))


def besieged_population(siege: Siege) -> Estimate | None:
    """The civilians inside, as the source estimates them."""
    return siege.civilian_population


def _events(source: Dataset | Iterable[Event]) -> Iterable[Event]:
    return source.events if isinstance(source, Dataset) else source


def access_interruptions(
    source: Dataset | Iterable[Event], siege: Siege
) -> list[HumanitarianAccess]:
    """
    Interruptions or denials of aid at the siege's place whose time may overlap the siege.

    The place is the siege's ``location`` or one of its ``other_locations``.
    """
    places = {siege.location, *siege.other_locations}
    span = _span(siege)
    found = []
    for event in _events(source):
        if not isinstance(event, HumanitarianAccess):
            continue
        if event.action not in {AccessAction.INTERRUPTION, AccessAction.DENIAL}:
            continue
        if event.location not in places:
            continue
        other = _span(event)
        if other.start.earliest <= span.latest and span.start.earliest <= (
            UNBOUNDED_END if other.end is None else other.end.latest
        ):
            found.append(event)
    return found


def sieges_at(source: Dataset | Iterable[Event], location: str, when: date) -> list[Siege]:
    """The sieges of *location* that may have held on *when*."""
    return [
        event
        for event in _events(source)
        if isinstance(event, Siege)
        and location in {event.location, *event.other_locations}
        and siege_status(event, when) is not SiegePhase.NOT_STARTED
        and siege_status(event, when) is not SiegePhase.ENDED
    ]
