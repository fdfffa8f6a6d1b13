"""
What ACLED's ``actor1`` and ``actor2`` are in each event type, as its codebook defines them.

ACLED's column order carries meaning only through the event type: in a
territorial battle actor1 is the side that takes the ground, in violence
against civilians actor1 is the perpetrator and actor2 the civilians. One
table, `ACLED_ROLES`, gives for each (event type, sub-event type) of the
current codebook and for each of the nine pre-2019 event types the event class
it becomes and the field each actor fills; the ACLED reader and writer both use
it, so the two directions cannot disagree.

Where the codebook defines a role by the actor's type rather than by its
column (the demonstrators of a protest or riot are the protesters or rioters),
`SubEventRoles.by_kind` names those kinds: the actor of that kind takes the
role, whichever column it is in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from conflict_events.model import (
    ActorKind,
    ArmedClash,
    Attack,
    ControlChange,
    Declaration,
    Demonstration,
    Destruction,
    EventBase,
    RemoteViolence,
)

__all__ = ["ACLED_ROLES", "SubEventRoles", "roles_of"]

#: A participant of the event in this role, not one of the class's own fields.
TARGET: Final = "participant:target"
PARTICIPANT: Final = "participant:participant"
DEFENDER: Final = "participant:defender"


@attrs.frozen
class SubEventRoles:
    """One ACLED event type: the class it becomes and the field each actor column fills."""

    event_type: str
    #: None for the pre-2019 event types, which had no sub-event types.
    sub_event_type: str | None
    cls: type[EventBase]
    #: The event field (or ``participant:<role>``) that actor1 fills, then actor2.
    actor1: str
    actor2: str
    #: Kinds that take ``actor1``'s role whichever column they are in (protesters, rioters).
    by_kind: frozenset[ActorKind] = frozenset()
    #: What the codebook says the two actors are, in a few words.
    meaning: str = ""


_DEMONSTRATORS: Final = frozenset({ActorKind.PROTESTERS, ActorKind.RIOTERS})


def _battle(sub: str, meaning: str) -> SubEventRoles:
    return SubEventRoles("Battles", sub, ArmedClash, "side_a", "side_b", meaning=meaning)


def _taken(event_type: str, sub: str | None, meaning: str) -> SubEventRoles:
    return SubEventRoles(
        event_type, sub, ControlChange, "new_holder", "previous_holders", meaning=meaning
    )


def _remote(sub: str | None, event_type: str = "Explosions/Remote violence") -> SubEventRoles:
    return SubEventRoles(
        event_type,
        sub,
        RemoteViolence,
        "perpetrator_candidates",
        "targets",
        meaning="actor1 carried it out; actor2 was hit",
    )


def _civilians(sub: str | None) -> SubEventRoles:
    return SubEventRoles(
        "Violence against civilians",
        sub,
        Attack,
        "perpetrator_candidates",
        "targets",
        meaning="actor1 is the perpetrator; actor2 the civilians targeted",
    )


def _protest(
    sub: str | None, actor2: str, meaning: str, event_type: str = "Protests"
) -> SubEventRoles:
    return SubEventRoles(
        event_type,
        sub,
        Demonstration,
        "demonstrators",
        actor2,
        by_kind=_DEMONSTRATORS,
        meaning=meaning,
    )


def _strategic(sub: str | None, actor2: str = PARTICIPANT, meaning: str = "") -> SubEventRoles:
    return SubEventRoles(
        "Strategic developments" if sub else "Strategic development",
        sub,
        Declaration,
        "declarant",
        actor2,
        meaning=meaning or "actor1 is the actor the development concerns; actor2 takes part",
    )


#: Every event type of ACLED's current codebook (25 sub-event types) and the 9 pre-2019 ones.
ACLED_ROLES: Final[tuple[SubEventRoles, ...]] = (
    _taken(
        "Battles",
        "Government regains territory",
        "actor1 is the government (or its affiliate) retaking it; actor2 lost it",
    ),
    _taken(
        "Battles",
        "Non-state actor overtakes territory",
        "actor1 is the non-state group taking it; actor2 lost it",
    ),
    _battle("Armed clash", "actor1 and actor2 are the two sides; the order means nothing"),
    _protest(
        "Excessive force against protesters",
        "responders",
        "the protesters, and who used lethal or serious force against them",
    ),
    _protest(
        "Protest with intervention",
        "responders",
        "the protesters, and who intervened (arrests, tear gas) without lethal force",
    ),
    _protest("Peaceful protest", "responders", "the protesters; no one intervened"),
    _protest(
        "Violent demonstration",
        "responders",
        "the rioters, and who responded to them",
        event_type="Riots",
    ),
    _protest(
        "Mob violence", TARGET, "the rioters (a mob), and whom they attacked", event_type="Riots"
    ),
    _remote("Chemical weapon"),
    _remote("Air/drone strike"),
    _remote("Suicide bomb"),
    _remote("Shelling/artillery/missile attack"),
    _remote("Remote explosive/landmine/IED"),
    _remote("Grenade"),
    _civilians("Sexual violence"),
    _civilians("Attack"),
    _civilians("Abduction/forced disappearance"),
    _strategic("Agreement", meaning="actor1 and actor2 are the parties that agreed"),
    _strategic("Arrests", TARGET, "actor1 made the arrests; actor2 was arrested"),
    _strategic("Change to group/activity"),
    _strategic("Disrupted weapons use", TARGET, "actor1 disrupted it; actor2's weapons were"),
    _strategic("Headquarters or base established", meaning="actor1 set up the base"),
    SubEventRoles(
        "Strategic developments",
        "Looting/property destruction",
        Destruction,
        "perpetrator_candidates",
        TARGET,
        meaning="actor1 looted or destroyed; actor2 owned what was",
    ),
    _taken(
        "Strategic developments",
        "Non-violent transfer of territory",
        "actor1 takes the territory without fighting; actor2 hands it over",
    ),
    _strategic("Other"),
    # The pre-2019 event types (no sub-event types).
    _taken(
        "Battle-Government regains territory",
        None,
        "actor1 is the government retaking it; actor2 lost it",
    ),
    _taken(
        "Battle-Non-state actor overtakes territory",
        None,
        "actor1 is the non-state group taking it; actor2 lost it",
    ),
    SubEventRoles(
        "Battle-No change of territory",
        None,
        ArmedClash,
        "side_a",
        "side_b",
        meaning="actor1 and actor2 are the two sides",
    ),
    _taken(
        "Non-violent transfer of territory",
        None,
        "actor1 takes the territory without fighting; actor2 hands it over",
    ),
    SubEventRoles(
        "Headquarters or base established",
        None,
        Declaration,
        "declarant",
        PARTICIPANT,
        meaning="actor1 set up the base",
    ),
    _remote(None, "Remote violence"),
    _protest(
        None,
        "responders",
        "the protesters or rioters, and who responded",
        event_type="Riots/Protests",
    ),
    _strategic(None),
    _civilians(None),
)

_BY_TYPES: Final[Mapping[tuple[str, str], SubEventRoles]] = {
    (roles.event_type.casefold(), (roles.sub_event_type or "").casefold()): roles
    for roles in ACLED_ROLES
}
#: The current types by sub-event type alone (rows whose event_type cell is blank or odd).
_BY_SUB: Final[Mapping[str, SubEventRoles]] = {
    roles.sub_event_type.casefold(): roles for roles in ACLED_ROLES if roles.sub_event_type
}


def roles_of(event_type: str, sub_event_type: str) -> SubEventRoles | None:
    """The entry of an ACLED (event type, sub-event type) pair, matched case-insensitively."""
    kind, sub = event_type.strip().casefold(), sub_event_type.strip().casefold()
    found = _BY_TYPES.get((kind, sub))
    if found is None and sub:
        found = _BY_SUB.get(sub)
    if found is None:
        found = _BY_TYPES.get((kind, ""))
    return found
