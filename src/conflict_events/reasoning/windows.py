"""
Event windows: what necessarily or possibly followed an event within N days.

Uncertain dates make "B followed A within a month" a matter of degree: it
*necessarily* holds when every admissible pair of days has B on or after A and
at most N days later, *possibly* when some pair does. Each event is dated by
its start. `check_followed` tests claims of the report's kind: "each loss of
territory is followed by an offensive or an attack elsewhere".
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from conflict_events.model import (
    ArmedClash,
    Attack,
    ControlChange,
    Dataset,
    Event,
    Offensive,
    RemoteViolence,
)

__all__ = [
    "FollowUp",
    "Follows",
    "check_followed",
    "following",
    "follows_within",
    "initiated_by",
    "losses_of",
]


class Follows(enum.Enum):
    """Whether one event follows another within the window."""

    NECESSARILY = "necessarily"
    POSSIBLY = "possibly"
    NO = "no"


def follows_within(first: Event, second: Event, days: int) -> Follows:
    """
    Whether *second* starts on or after *first*'s start and at most *days* later.

    The same day counts as following: a report's "in the same month" cannot
    order two events any finer.
    """
    a, b = first.start, second.start
    least = (b.earliest - a.latest).days
    most = (b.latest - a.earliest).days
    if least >= 0 and most <= days:
        return Follows.NECESSARILY
    if most >= 0 and least <= days:
        return Follows.POSSIBLY
    return Follows.NO


def initiated_by(event: Event, actor: str) -> bool:
    """True when *actor* acts in *event*: attacks, strikes, takes a place or fights on side A."""
    if isinstance(event, Offensive):
        return actor in event.attackers
    if isinstance(event, ControlChange):
        return event.new_holder == actor
    if isinstance(event, ArmedClash):
        return actor in event.side_a
    if isinstance(event, Attack | RemoteViolence):
        return actor in event.perpetrator_candidates
    return False


def losses_of(source: Dataset | Iterable[Event], actor: str) -> list[ControlChange]:
    """The control changes in which *actor* is a previous holder."""
    return [
        event
        for event in _events(source)
        if isinstance(event, ControlChange) and actor in event.previous_holders
    ]


def _events(source: Dataset | Iterable[Event]) -> Iterable[Event]:
    return source.events if isinstance(source, Dataset) else source


@attrs.frozen
class FollowUp:
    """The events that necessarily or possibly followed ``anchor`` within ``days``."""

    anchor: Event
    days: int
    necessarily: tuple[Event, ...]
    possibly: tuple[Event, ...]

    @property
    def verdict(self) -> Follows:
        """NECESSARILY when one event surely follows, POSSIBLY when one may, else NO."""
        if self.necessarily:
            return Follows.NECESSARILY
        if self.possibly:
            return Follows.POSSIBLY
        return Follows.NO


def following(
    source: Dataset | Iterable[Event],
    anchor: Event,
    days: int,
    *,
    actor: str | None = None,
    elsewhere: bool = False,
) -> FollowUp:
    """
    The events that follow *anchor* within *days*.

    With *actor*, only events it initiates (`initiated_by`); with *elsewhere*,
    only events at another place than the anchor's.
    """
    necessarily: list[Event] = []
    possibly: list[Event] = []
    for event in _events(source):
        if event is anchor or event.id == anchor.id:
            continue
        if actor is not None and not initiated_by(event, actor):
            continue
        if elsewhere and event.location == anchor.location:
            continue
        verdict = follows_within(anchor, event, days)
        if verdict is Follows.NECESSARILY:
            necessarily.append(event)
        elif verdict is Follows.POSSIBLY:
            possibly.append(event)
    return FollowUp(anchor, days, tuple(necessarily), tuple(possibly))


def check_followed(source: Dataset | Iterable[Event], actor: str, days: int) -> list[FollowUp]:
    """
    For each loss of *actor*, what it did elsewhere within *days* after.

    The claim "each loss is followed by an offensive or attack elsewhere" holds
    necessarily when every result's verdict is NECESSARILY, possibly when none
    is NO.
    """
    events = list(_events(source))
    return [
        following(events, loss, days, actor=actor, elsewhere=True)
        for loss in losses_of(events, actor)
    ]
