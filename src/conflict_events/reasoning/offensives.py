"""Offensives and what they produced: the control changes that name them in ``part_of``."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from conflict_events.model import ControlChange, Dataset, Event, Offensive, OffensiveOutcome

__all__ = ["OffensiveResult", "offensive_result", "offensive_results"]


@attrs.frozen
class OffensiveResult:
    """
    An offensive with the control changes it produced.

    ``taken`` are the places its attackers took, ``lost`` the places its
    defenders took in return; ``objectives_open`` are objectives no change of
    the offensive gave to an attacker. No changes is a result too: nothing taken.
    """

    offensive: Offensive
    changes: tuple[ControlChange, ...]
    taken: tuple[str, ...]
    lost: tuple[str, ...]
    objectives_taken: tuple[str, ...]
    objectives_open: tuple[str, ...]

    @property
    def outcome(self) -> OffensiveOutcome:
        """The outcome the sources give."""
        return self.offensive.outcome

    @property
    def produced_changes(self) -> bool:
        """True when at least one control change is linked to the offensive."""
        return bool(self.changes)


def _result(offensive: Offensive, changes: list[ControlChange]) -> OffensiveResult:
    attackers = set(offensive.attackers)
    defenders = set(offensive.defenders)
    taken = tuple(dict.fromkeys(c.location for c in changes if c.new_holder in attackers))
    lost = tuple(dict.fromkeys(c.location for c in changes if c.new_holder in defenders))
    return OffensiveResult(
        offensive=offensive,
        changes=tuple(changes),
        taken=tuple(place for place in taken if place is not None),
        lost=tuple(place for place in lost if place is not None),
        objectives_taken=tuple(place for place in offensive.objectives if place in taken),
        objectives_open=tuple(place for place in offensive.objectives if place not in taken),
    )


def offensive_results(source: Dataset | Iterable[Event]) -> list[OffensiveResult]:
    """Every offensive in *source* with the changes it produced, in order of appearance."""
    events = list(source.events if isinstance(source, Dataset) else source)
    produced: dict[str, list[ControlChange]] = {}
    for event in events:
        if isinstance(event, ControlChange) and event.part_of is not None:
            produced.setdefault(event.part_of, []).append(event)
    return [
        _result(event, produced.get(event.id, []))
        for event in events
        if isinstance(event, Offensive)
    ]


def offensive_result(source: Dataset | Iterable[Event], offensive: str) -> OffensiveResult:
    """
    The result of the offensive with id *offensive*.

    Raises:
        KeyError: there is no offensive with that id.
    """
    for result in offensive_results(source):
        if result.offensive.id == offensive:
            return result
    raise KeyError(offensive)
