"""
ACLED's ``(event_type, sub_event_type)`` for each kind of event: what the ACLED writer codes.

The reading side (ACLED rows into events) is `conflict_events.formats.acled`;
this is the other direction, kept in the formats layer beside it so the model
knows nothing of ACLED's taxonomy. `ACLED_TYPES` holds one entry per event
class: a fixed pair, a rule over the event's fields (and the kinds of its
actors), or None where ACLED has no such event.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from conflict_events.model import (
    ActorKind,
    ArmedClash,
    Attack,
    CasualtyClaim,
    ChangeMode,
    ControlChange,
    ControlStatus,
    Declaration,
    Demonstration,
    DemonstrationForm,
    Destruction,
    Disaster,
    EventBase,
    HumanitarianAccess,
    Offensive,
    RemoteMethod,
    RemoteViolence,
    Siege,
)

__all__ = ["ACLED_EVENT_TYPES", "ACLED_TYPES", "AcledTypes", "acled_types"]

#: ACLED's ``(event_type, sub_event_type)``.
AcledTypes = tuple[str, str]
#: A rule: the pair for one event, given each actor's kind by id.
_Rule = Callable[[Any, Mapping[str, ActorKind]], AcledTypes]

#: The 6 event types and 25 sub-event types of ACLED's current codebook (Table 2).
ACLED_EVENT_TYPES: Final[frozenset[AcledTypes]] = frozenset(
    [
        ("Battles", "Government regains territory"),
        ("Battles", "Non-state actor overtakes territory"),
        ("Battles", "Armed clash"),
        ("Protests", "Excessive force against protesters"),
        ("Protests", "Protest with intervention"),
        ("Protests", "Peaceful protest"),
        ("Riots", "Violent demonstration"),
        ("Riots", "Mob violence"),
        ("Explosions/Remote violence", "Chemical weapon"),
        ("Explosions/Remote violence", "Air/drone strike"),
        ("Explosions/Remote violence", "Suicide bomb"),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ("Explosions/Remote violence", "Grenade"),
        ("Violence against civilians", "Sexual violence"),
        ("Violence against civilians", "Attack"),
        ("Violence against civilians", "Abduction/forced disappearance"),
        ("Strategic developments", "Agreement"),
        ("Strategic developments", "Arrests"),
        ("Strategic developments", "Change to group/activity"),
        ("Strategic developments", "Disrupted weapons use"),
        ("Strategic developments", "Headquarters or base established"),
        ("Strategic developments", "Looting/property destruction"),
        ("Strategic developments", "Non-violent transfer of territory"),
        ("Strategic developments", "Other"),
    ]
)

_REMOTE: Final = {
    RemoteMethod.AIR_STRIKE: "Air/drone strike",
    RemoteMethod.DRONE_STRIKE: "Air/drone strike",
    RemoteMethod.SHELLING: "Shelling/artillery/missile attack",
    RemoteMethod.MISSILE: "Shelling/artillery/missile attack",
    RemoteMethod.REMOTE_EXPLOSIVE: "Remote explosive/landmine/IED",
    RemoteMethod.SUICIDE_BOMB: "Suicide bomb",
    RemoteMethod.GRENADE: "Grenade",
    RemoteMethod.CHEMICAL_WEAPON: "Chemical weapon",
    # ACLED has no sub-event type for a method unknown; this is the broadest.
    RemoteMethod.UNKNOWN: "Shelling/artillery/missile attack",
}
_DEMONSTRATION: Final = {
    DemonstrationForm.PEACEFUL: ("Protests", "Peaceful protest"),
    DemonstrationForm.WITH_INTERVENTION: ("Protests", "Protest with intervention"),
    DemonstrationForm.EXCESSIVE_FORCE: ("Protests", "Excessive force against protesters"),
    DemonstrationForm.VIOLENT: ("Riots", "Violent demonstration"),
    DemonstrationForm.MOB_VIOLENCE: ("Riots", "Mob violence"),
    # ACLED has no sub-event type for a form unknown; a protest no one stopped is the least.
    DemonstrationForm.UNKNOWN: ("Protests", "Peaceful protest"),
}
_CLASH: Final = ("Battles", "Armed clash")
_OTHER: Final = ("Strategic developments", "Other")


def _control_change(event: ControlChange, kinds: Mapping[str, ActorKind]) -> AcledTypes:
    """Territorial sub-event: by force to a government or a non-state actor, or non-violent."""
    if event.mode in {ChangeMode.AGREEMENT, ChangeMode.WITHDRAWAL}:
        return ("Strategic developments", "Non-violent transfer of territory")
    if kinds.get(event.new_holder) is ActorKind.STATE_FORCES:
        return ("Battles", "Government regains territory")
    return ("Battles", "Non-state actor overtakes territory")


def _attack(event: Attack, kinds: Mapping[str, ActorKind]) -> AcledTypes:
    """Violence against civilians when civilians were the target (or terror), else a clash."""
    del kinds
    if event.civilian_targeting or event.terror:
        return ("Violence against civilians", "Attack")
    return _CLASH


def _remote(event: RemoteViolence, kinds: Mapping[str, ActorKind]) -> AcledTypes:
    """The explosions/remote violence sub-event of the method."""
    del kinds
    return ("Explosions/Remote violence", _REMOTE[event.method])


def _demonstration(event: Demonstration, kinds: Mapping[str, ActorKind]) -> AcledTypes:
    """The protest or riot sub-event of the form."""
    del kinds
    return _DEMONSTRATION[event.form]


#: Every event class: its fixed pair, its rule, or None where ACLED has no such event.
ACLED_TYPES: Final[Mapping[type[EventBase], AcledTypes | _Rule | None]] = {
    ControlChange: _control_change,
    ControlStatus: None,
    # ACLED codes the fighting of an offensive as armed clashes.
    Offensive: _CLASH,
    # ACLED has no siege type; it files sieges under other strategic developments.
    Siege: _OTHER,
    ArmedClash: _CLASH,
    Attack: _attack,
    RemoteViolence: _remote,
    Destruction: ("Strategic developments", "Looting/property destruction"),
    HumanitarianAccess: _OTHER,
    # A party's claim is not an ACLED event.
    CasualtyClaim: None,
    Declaration: _OTHER,
    Demonstration: _demonstration,
    Disaster: None,
}


def acled_types(
    event: EventBase, actor_kinds: Mapping[str, ActorKind] | None = None
) -> AcledTypes | None:
    """
    ACLED's ``(event_type, sub_event_type)`` for *event*, or None where ACLED has none.

    *actor_kinds* gives each actor's kind by id (`Dataset.actor_kinds`); a
    control change taken by state forces is "Government regains territory".
    A class not in `ACLED_TYPES` takes the entry of its nearest base class.
    """
    for cls in type(event).__mro__:
        if cls in ACLED_TYPES:
            entry = ACLED_TYPES[cls]
            if entry is None or isinstance(entry, tuple):
                return entry
            return entry(event, actor_kinds or {})
    return None
