"""
What happens: the kinds of event that reports of war describe, as one tagged union.

Every event has an id, a date or span (uncertain), places, actors with roles,
candidate perpetrators, attributions, fatalities, notes and tags. In JSON the
``type`` field names the kind.
"""

from __future__ import annotations

import enum
from typing import ClassVar

import attrs

from conflict_events.model import fields
from conflict_events.model.assessments import Assessment
from conflict_events.model.casualties import Casualties
from conflict_events.model.classifications import Classification
from conflict_events.model.description import checked_by
from conflict_events.model.estimates import Estimate
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.locations import SpatialPrecision
from conflict_events.model.rules import Disjoint, NotAmong, Required
from conflict_events.model.sources import Attribution
from conflict_events.temporal import FuzzyDate, Span

__all__ = [
    "EVENT_TYPES",
    "AccessAction",
    "AccessModality",
    "ArmedClash",
    "Attack",
    "CasualtyClaim",
    "ChangeMode",
    "ControlChange",
    "ControlStatus",
    "Declaration",
    "Demonstration",
    "DemonstrationForm",
    "Destruction",
    "DestructionTarget",
    "Disaster",
    "DisasterKind",
    "Event",
    "EventBase",
    "Extent",
    "HumanitarianAccess",
    "Offensive",
    "OffensiveOutcome",
    "Participant",
    "RemoteMethod",
    "RemoteViolence",
    "Role",
    "Siege",
    "SiegeStatus",
]


class Role(enum.Enum):
    """The part an actor plays in an event, beyond the roles the event's own fields name."""

    ATTACKER = "attacker"
    DEFENDER = "defender"
    TARGET = "target"
    SUPPORTER = "supporter"
    VICTIM = "victim"
    MEDIATOR = "mediator"
    ASSOCIATED = "associated"
    PARTICIPANT = "participant"
    #: Forces sent to join the fight ("repelled by hundreds of IS reinforcements").
    REINFORCEMENT = "reinforcement"


@attrs.frozen
class Participant:
    """An actor taking part in an event, and in what role."""

    actor: str = fields.reference(ReferenceKind.ACTOR, "The actor.", required=True)
    role: Role = fields.choice(Role, "The part the actor plays.", default=Role.PARTICIPANT)
    strength: Estimate | None = fields.nested(
        Estimate,
        "How many of the actor's people took part, as worded ('hundreds of'); "
        "no ACLED or UCDP equivalent.",
    )


@attrs.frozen(kw_only=True)
class EventBase:
    """The fields every event has."""

    event_type: ClassVar[str] = ""

    id: str = fields.identifier("Identifier of the event, unique in the dataset.")
    when: FuzzyDate | Span = fields.when(
        "When it happened: an EDTF date, or an EDTF interval for what lasts."
    )
    location: str | None = fields.reference(ReferenceKind.LOCATION, "The main place.")
    location_precision: SpatialPrecision | None = fields.choice(
        SpatialPrecision,
        "How exactly the event is placed at ``location`` (ACLED geo_precision, UCDP where_prec).",
        optional=True,
    )
    other_locations: tuple[str, ...] = fields.references(
        ReferenceKind.LOCATION, "Further places involved."
    )
    participants: tuple[Participant, ...] = fields.nested_list(
        Participant, "Actors with roles beyond those the event's own fields name."
    )
    perpetrator_candidates: tuple[str, ...] = fields.references(
        ReferenceKind.ACTOR,
        "Who did it: one actor when known; several when the source names alternatives "
        "(exactly one of them did it).",
    )
    part_of: str | None = fields.reference(
        ReferenceKind.EVENT, "A larger event this one belongs to, such as an offensive."
    )
    attributions: tuple[Attribution, ...] = fields.nested_list(
        Attribution, "Who reports it and how strongly."
    )
    fatalities: Estimate | None = fields.nested(Estimate, "Reported deaths.")
    casualties: tuple[Casualties, ...] = fields.nested_list(
        Casualties, "Deaths by whose they were: each side's, civilians', of unknown status."
    )
    assessments: tuple[Assessment, ...] = fields.nested_list(
        Assessment,
        "How sources rank it against others ('the deadliest in over a year'); "
        "no ACLED or UCDP equivalent.",
    )
    notes: str | None = fields.text("Paraphrase of what the sources say.")
    tags: tuple[str, ...] = fields.texts("Free tags.")
    classifications: tuple[Classification, ...] = fields.nested_list(
        Classification, "How source datasets classify the event, each in its own taxonomy."
    )
    extensions: dict[str, object] = fields.extensions()

    @property
    def start(self) -> FuzzyDate:
        """When it began (the date itself for a one-off event)."""
        return self.when.start if isinstance(self.when, Span) else self.when

    @property
    def end(self) -> FuzzyDate | None:
        """When it ended; None while ongoing."""
        return self.when.end if isinstance(self.when, Span) else self.when


class Extent(enum.Enum):
    """
    Whether all of a place was affected or only part of it, and how much, as worded.

    Every member but FULL is a part: PARTIAL when the source says no more,
    else how it words the share ("pockets of territory", "most of", "parts of",
    "the outskirts"). A part that is named as a place of its own (the western
    periphery) is a `Location` with a ``part``.
    """

    FULL = "full"
    PARTIAL = "partial"
    #: "most of".
    MOST = "most"
    #: "parts of".
    PARTS = "parts"
    #: "pockets of".
    POCKETS = "pockets"
    #: "the outskirts of".
    OUTSKIRTS = "outskirts"

    @property
    def partial(self) -> bool:
        """True for every member but FULL."""
        return self is not Extent.FULL


class ChangeMode(enum.Enum):
    """How control passed from one holder to the next."""

    ASSAULT = "assault"
    WITHDRAWAL = "withdrawal"
    AGREEMENT = "agreement"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
@checked_by(
    Required("location", what="control_change event"),
    NotAmong("new_holder", "previous_holders", at="new_holder", also="is also a previous holder"),
)
class ControlChange(EventBase):
    """A place changes hands: ``new_holder`` takes it from one of ``previous_holders``."""

    event_type: ClassVar[str] = "control_change"

    new_holder: str = fields.reference(ReferenceKind.ACTOR, "Who holds it after.", required=True)
    previous_holders: tuple[str, ...] = fields.references(
        ReferenceKind.ACTOR, "Who held it before: one actor, or candidates; empty when unstated."
    )
    extent: Extent = fields.choice(Extent, "All of the place or a part.", default=Extent.FULL)
    mode: ChangeMode = fields.choice(
        ChangeMode, "How it changed hands.", default=ChangeMode.UNKNOWN
    )


@attrs.frozen(kw_only=True)
@checked_by(
    Required("location", what="control_status event"),
    NotAmong("holder", "contested_by", at="contested_by", also="is also the holder"),
)
class ControlStatus(EventBase):
    """
    A report that ``holder`` holds ``location`` at ``when``, without saying how it came to.

    "IS is besieging regime forces in the provincial capital" says who holds the
    city now; a span says it was held throughout. ``contested_by`` names those
    who fight for it at the time.
    """

    event_type: ClassVar[str] = "control_status"

    holder: str = fields.reference(ReferenceKind.ACTOR, "Who holds the place.", required=True)
    contested_by: tuple[str, ...] = fields.references(
        ReferenceKind.ACTOR, "Who contests the holder's control at the time."
    )
    extent: Extent = fields.choice(Extent, "All of the place or a part.", default=Extent.FULL)


class OffensiveOutcome(enum.Enum):
    """How an offensive turned out (so far)."""

    ONGOING = "ongoing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REPELLED = "repelled"
    ABANDONED = "abandoned"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Offensive(EventBase):
    """
    A campaign by ``attackers`` towards ``objectives``.

    The control changes it produced name it in their ``part_of``.
    """

    event_type: ClassVar[str] = "offensive"

    attackers: tuple[str, ...] = fields.references(ReferenceKind.ACTOR, "Who attacks.", min_items=1)
    defenders: tuple[str, ...] = fields.references(ReferenceKind.ACTOR, "Who defends.")
    objectives: tuple[str, ...] = fields.references(
        ReferenceKind.LOCATION, "Places the offensive aims to take."
    )
    outcome: OffensiveOutcome = fields.choice(
        OffensiveOutcome, "How it turned out.", default=OffensiveOutcome.UNKNOWN
    )


class SiegeStatus(enum.Enum):
    """Where a siege stands."""

    ONGOING = "ongoing"
    LIFTED = "lifted"
    BROKEN = "broken"
    FELL = "fell"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
@checked_by(
    Required("location", what="siege event"),
    Disjoint("besiegers", "besieged", also="also listed as besiegers"),
)
class Siege(EventBase):
    """
    ``besiegers`` encircle ``besieged`` at ``location``.

    ``when`` is usually a span, left open while the siege lasts.
    """

    event_type: ClassVar[str] = "siege"

    besiegers: tuple[str, ...] = fields.references(
        ReferenceKind.ACTOR, "Who lays the siege.", min_items=1
    )
    besieged: tuple[str, ...] = fields.references(ReferenceKind.ACTOR, "Who is besieged.")
    civilian_population: Estimate | None = fields.nested(
        Estimate, "Civilians inside the besieged area."
    )
    status: SiegeStatus = fields.choice(
        SiegeStatus, "Where the siege stands.", default=SiegeStatus.UNKNOWN
    )


@attrs.frozen(kw_only=True)
class ArmedClash(EventBase):
    """Fighting between two sides."""

    event_type: ClassVar[str] = "armed_clash"

    side_a: tuple[str, ...] = fields.references(ReferenceKind.ACTOR, "One side.", min_items=1)
    side_b: tuple[str, ...] = fields.references(ReferenceKind.ACTOR, "The other side.")


@attrs.frozen(kw_only=True)
class Attack(EventBase):
    """A one-sided attack by ``perpetrator_candidates`` on people, including terror attacks."""

    event_type: ClassVar[str] = "attack"

    targets: tuple[str, ...] = fields.references(ReferenceKind.ACTOR, "Who was attacked.")
    civilian_targeting: bool = fields.flag("Civilians were the target.")
    terror: bool = fields.flag("Described as a terror attack.")
    weapon: str | None = fields.text("Weapon or method (gunmen, suicide bombers).")


class RemoteMethod(enum.Enum):
    """How violence was delivered from a distance."""

    AIR_STRIKE = "air_strike"
    DRONE_STRIKE = "drone_strike"
    SHELLING = "shelling"
    MISSILE = "missile"
    REMOTE_EXPLOSIVE = "remote_explosive"
    SUICIDE_BOMB = "suicide_bomb"
    GRENADE = "grenade"
    CHEMICAL_WEAPON = "chemical_weapon"
    #: The source does not say (ACLED's pre-2019 "Remote violence").
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class RemoteViolence(EventBase):
    """Air strikes, shelling and other violence from a distance."""

    event_type: ClassVar[str] = "remote_violence"

    method: RemoteMethod = fields.choice(RemoteMethod, "How it was delivered.")
    platform: str | None = fields.text("Aircraft or weapon system (Tu-22M3 bombers).")
    targets: tuple[str, ...] = fields.references(ReferenceKind.ACTOR, "Who was targeted.")


class DestructionTarget(enum.Enum):
    """What kind of thing was destroyed."""

    INFRASTRUCTURE = "infrastructure"
    CULTURAL_HERITAGE = "cultural_heritage"
    RESIDENTIAL = "residential"
    RELIGIOUS = "religious"
    MILITARY = "military"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Destruction(EventBase):
    """Destruction of ``objects`` (bridges, a Roman theatre) by one of the candidates named."""

    event_type: ClassVar[str] = "destruction"

    objects: tuple[str, ...] = fields.references(
        ReferenceKind.LOCATION, "The things destroyed, as locations.", min_items=1
    )
    target: DestructionTarget = fields.choice(
        DestructionTarget, "What kind of thing.", default=DestructionTarget.OTHER
    )
    extent: Extent = fields.choice(Extent, "Destroyed wholly or in part.", default=Extent.FULL)
    purpose: str | None = fields.text("The purpose the source gives.")


class AccessAction(enum.Enum):
    """What happened to humanitarian access."""

    DELIVERY = "delivery"
    INTERRUPTION = "interruption"
    RESUMPTION = "resumption"
    DENIAL = "denial"


class AccessModality(enum.Enum):
    """How aid reaches people."""

    AIR_DROP = "air_drop"
    AIRLIFT = "airlift"
    CONVOY = "convoy"
    CROSSING = "crossing"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class HumanitarianAccess(EventBase):
    """Aid delivered, interrupted or denied; an interruption's span is how long it lasted."""

    event_type: ClassVar[str] = "humanitarian_access"

    action: AccessAction = fields.choice(AccessAction, "What happened to access.")
    provider: str | None = fields.reference(ReferenceKind.ACTOR, "Who delivers the aid (WFP).")
    modality: AccessModality | None = fields.choice(
        AccessModality, "How aid is delivered.", optional=True
    )
    beneficiaries: Estimate | None = fields.nested(Estimate, "People the aid is for.")


@attrs.frozen(kw_only=True)
class CasualtyClaim(EventBase):
    """
    A party's claim about casualties it inflicted or suffered over ``when``.

    The count is the claimant's, kept apart from observed ``fatalities``.
    """

    event_type: ClassVar[str] = "casualty_claim"

    claimant: str = fields.reference(ReferenceKind.ACTOR, "Who makes the claim.", required=True)
    claimed: Estimate = fields.nested(Estimate, "The number claimed.", optional=False)
    casualties_of: tuple[str, ...] = fields.references(
        ReferenceKind.ACTOR, "Whose people the claimed casualties are."
    )
    killed: bool = fields.flag("The claim is of deaths (else of casualties).", default=True)


@attrs.frozen(kw_only=True)
class Declaration(EventBase):
    """An actor declares something: a state, a ceasefire, an offensive."""

    event_type: ClassVar[str] = "declaration"

    declarant: str = fields.reference(ReferenceKind.ACTOR, "Who declares.", required=True)
    subject: str = fields.text("What is declared.", required=True)


class DemonstrationForm(enum.Enum):
    """How a demonstration went, in the terms ACLED's protest and riot types use."""

    PEACEFUL = "peaceful"
    WITH_INTERVENTION = "with_intervention"
    EXCESSIVE_FORCE = "excessive_force"
    VIOLENT = "violent"
    MOB_VIOLENCE = "mob_violence"
    #: The source does not say (ACLED's pre-2019 "Riots/Protests").
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class Demonstration(EventBase):
    """A protest or riot: who demonstrated, how it went, and who intervened."""

    event_type: ClassVar[str] = "demonstration"

    demonstrators: tuple[str, ...] = fields.references(
        ReferenceKind.ACTOR, "Who demonstrated (protesters, rioters, the groups behind them)."
    )
    form: DemonstrationForm = fields.choice(
        DemonstrationForm, "How it went.", default=DemonstrationForm.PEACEFUL
    )
    responders: tuple[str, ...] = fields.references(
        ReferenceKind.ACTOR, "Who intervened or used force against it."
    )
    crowd: Estimate | None = fields.nested(Estimate, "How many took part.")


class DisasterKind(enum.Enum):
    """What kind of disaster."""

    FLOOD = "flood"
    DAM_COLLAPSE = "dam_collapse"
    FIRE = "fire"
    EARTHQUAKE = "earthquake"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Disaster(EventBase):
    """A disaster in a conflict zone, such as a dam collapse and the flooding it causes."""

    event_type: ClassVar[str] = "disaster"

    disaster: DisasterKind = fields.choice(DisasterKind, "What kind of disaster.")
    caused_by: str | None = fields.reference(
        ReferenceKind.EVENT, "An event that caused this one (the collapse behind a flood)."
    )


Event = (
    ControlChange
    | ControlStatus
    | Offensive
    | Siege
    | ArmedClash
    | Attack
    | RemoteViolence
    | Destruction
    | HumanitarianAccess
    | CasualtyClaim
    | Declaration
    | Demonstration
    | Disaster
)

#: Every event class by its ``type`` name.
EVENT_TYPES: dict[str, type[EventBase]] = {
    cls.event_type: cls
    for cls in (
        ControlChange,
        ControlStatus,
        Offensive,
        Siege,
        ArmedClash,
        Attack,
        RemoteViolence,
        Destruction,
        HumanitarianAccess,
        CasualtyClaim,
        Declaration,
        Demonstration,
        Disaster,
    )
}
