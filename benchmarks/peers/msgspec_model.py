"""The dataset document as msgspec Structs: same fields, constraints and nesting as ours."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta, field

from conflict_events import model as m
from peers import _common as c

Id = Annotated[str, Meta(pattern=c.ID_PATTERN)]
Text = Annotated[str, Meta(min_length=c.TEXT_MIN, pattern=c.TEXT_PATTERN)]
Country = Annotated[str, Meta(pattern=c.COUNTRY_PATTERN)]
Count = Annotated[int, Meta(ge=0, le=c.MAX_COUNT)]
Bearing = Annotated[int, Meta(ge=0, le=c.MAX_BEARING)]
Latitude = Annotated[float, Meta(ge=-90, le=90)]
Longitude = Annotated[float, Meta(ge=-180, le=180)]
Date = Annotated[str, Meta(pattern=c.DATE_PATTERN)]
When = Annotated[str, Meta(pattern=c.WHEN_PATTERN)]
Version = Annotated[str, Meta(pattern=c.VERSION_PATTERN)]
Timestamp = Annotated[datetime, Meta(tz=True)]
Ids = tuple[Id, ...]
NonEmptyIds = Annotated[tuple[Id, ...], Meta(min_length=1)]
StringMap = dict[Text, Text]
Extensions = dict[str, Any]


class _Base(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    pass


class Attribution(_Base, kw_only=True):
    source: Id | None = None
    status: m.StatementStatus = m.StatementStatus.REPORTED
    claimant: Id | None = None
    stated: Date | None = None
    likelihood: m.Likelihood | None = None
    condition: Text | None = None
    conditional_on: Id | None = None
    notes: Text | None = None

    def __post_init__(self) -> None:
        c.check_attribution(self.status, self.claimant)


class Estimate(_Base, kw_only=True):
    low: Count | None = None
    best: Count | None = None
    high: Count | None = None
    qualifier: m.EstimateQualifier = m.EstimateQualifier.EXACT

    def __post_init__(self) -> None:
        c.check_estimate(self.low, self.best, self.high)


class Casualties(_Base, kw_only=True):
    group: m.CasualtyGroup
    deaths: Estimate
    actor: Id | None = None

    def __post_init__(self) -> None:
        c.check_casualties(self.group, self.actor)


class ActorRelation(_Base, kw_only=True):
    kind: m.RelationKind
    target: Id
    during: When | None = None
    attributions: tuple[Attribution, ...] = ()


class Actor(_Base, kw_only=True):
    id: Id
    name: Text
    kind: m.ActorKind
    aliases: tuple[Text, ...] = ()
    country: Country | None = None
    external_ids: StringMap = field(default_factory=dict)
    relations: tuple[ActorRelation, ...] = ()
    notes: Text | None = None
    extensions: Extensions = field(default_factory=dict)


class Distance(_Base, kw_only=True):
    value: Estimate
    unit: m.DistanceUnit = m.DistanceUnit.KILOMETRE


class SpatialRelation(_Base, kw_only=True):
    target: Id
    kind: m.SpatialRelationKind | None = None
    distance: Distance | None = None
    direction: m.CompassPoint | None = None
    bearing: Bearing | None = None
    attributions: tuple[Attribution, ...] = ()
    notes: Text | None = None

    def __post_init__(self) -> None:
        c.check_spatial_relation(self.kind, self.distance, self.direction, self.bearing)


class Location(_Base, kw_only=True):
    id: Id
    name: Text
    kind: m.LocationKind
    aliases: tuple[Text, ...] = ()
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    precision: m.SpatialPrecision | None = None
    country: Country | None = None
    parent: Id | None = None
    part: m.PartKind | None = None
    side: m.CompassPoint | None = None
    external_ids: StringMap = field(default_factory=dict)
    relations: tuple[SpatialRelation, ...] = ()
    notes: Text | None = None
    extensions: Extensions = field(default_factory=dict)

    def __post_init__(self) -> None:
        c.check_location(self.latitude, self.longitude)
        c.check_location_part(self.parent, self.part, self.side)


class Source(_Base, kw_only=True):
    id: Id
    publisher: Text
    title: Text | None = None
    url: Text | None = None
    published: Date | None = None
    published_at: Timestamp | None = None
    credit: Text | None = None
    language: Text | None = None
    notes: Text | None = None
    extensions: Extensions = field(default_factory=dict)


class Participant(_Base, kw_only=True):
    actor: Id
    role: m.Role = m.Role.PARTICIPANT
    strength: Estimate | None = None


class Assessment(_Base, kw_only=True):
    measure: m.Superlative
    since: Date | None = None
    among: Text | None = None
    attributions: tuple[Attribution, ...] = ()


class Classification(_Base, kw_only=True):
    scheme: Text
    path: Annotated[tuple[Text, ...], Meta(min_length=1)]


class EventBase(_Base, tag_field="type", kw_only=True):
    id: Id
    when: When
    location: Id | None = None
    location_precision: m.SpatialPrecision | None = None
    other_locations: Ids = ()
    participants: tuple[Participant, ...] = ()
    perpetrator_candidates: Ids = ()
    part_of: Id | None = None
    attributions: tuple[Attribution, ...] = ()
    fatalities: Estimate | None = None
    casualties: tuple[Casualties, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    notes: Text | None = None
    tags: tuple[Text, ...] = ()
    classifications: tuple[Classification, ...] = ()
    extensions: Extensions = field(default_factory=dict)


class ControlChange(EventBase, tag="control_change", kw_only=True):
    new_holder: Id
    previous_holders: Ids = ()
    extent: m.Extent = m.Extent.FULL
    mode: m.ChangeMode = m.ChangeMode.UNKNOWN

    def __post_init__(self) -> None:
        c.check_control_change(self.location, self.new_holder, self.previous_holders)


class ControlStatus(EventBase, tag="control_status", kw_only=True):
    holder: Id
    contested_by: Ids = ()
    extent: m.Extent = m.Extent.FULL

    def __post_init__(self) -> None:
        c.check_control_status(self.location, self.holder, self.contested_by)


class Offensive(EventBase, tag="offensive", kw_only=True):
    attackers: NonEmptyIds
    defenders: Ids = ()
    objectives: Ids = ()
    outcome: m.OffensiveOutcome = m.OffensiveOutcome.UNKNOWN


class Siege(EventBase, tag="siege", kw_only=True):
    besiegers: NonEmptyIds
    besieged: Ids = ()
    civilian_population: Estimate | None = None
    status: m.SiegeStatus = m.SiegeStatus.UNKNOWN

    def __post_init__(self) -> None:
        c.check_siege(self.location, self.besiegers, self.besieged)


class ArmedClash(EventBase, tag="armed_clash", kw_only=True):
    side_a: NonEmptyIds
    side_b: Ids = ()


class Attack(EventBase, tag="attack", kw_only=True):
    targets: Ids = ()
    civilian_targeting: bool = False
    terror: bool = False
    weapon: Text | None = None


class RemoteViolence(EventBase, tag="remote_violence", kw_only=True):
    method: m.RemoteMethod
    platform: Text | None = None
    targets: Ids = ()


class Destruction(EventBase, tag="destruction", kw_only=True):
    objects: NonEmptyIds
    target: m.DestructionTarget = m.DestructionTarget.OTHER
    extent: m.Extent = m.Extent.FULL
    purpose: Text | None = None


class HumanitarianAccess(EventBase, tag="humanitarian_access", kw_only=True):
    action: m.AccessAction
    provider: Id | None = None
    modality: m.AccessModality | None = None
    beneficiaries: Estimate | None = None


class CasualtyClaim(EventBase, tag="casualty_claim", kw_only=True):
    claimant: Id
    claimed: Estimate
    casualties_of: Ids = ()
    killed: bool = True


class Declaration(EventBase, tag="declaration", kw_only=True):
    declarant: Id
    subject: Text


class Demonstration(EventBase, tag="demonstration", kw_only=True):
    demonstrators: Ids = ()
    form: m.DemonstrationForm = m.DemonstrationForm.PEACEFUL
    responders: Ids = ()
    crowd: Estimate | None = None


class Disaster(EventBase, tag="disaster", kw_only=True):
    disaster: m.DisasterKind
    caused_by: Id | None = None


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


class Dataset(_Base, kw_only=True):
    schema_version: Version = m.SCHEMA_VERSION
    actors: tuple[Actor, ...] = ()
    locations: tuple[Location, ...] = ()
    sources: tuple[Source, ...] = ()
    events: tuple[Event, ...] = ()
    extensions: Extensions = field(default_factory=dict)

    def __post_init__(self) -> None:
        c.check_dataset(self.actors, self.locations, self.sources, self.events, self.extensions)


label = f"msgspec {msgspec.__version__}"
_decoder = msgspec.json.Decoder(Dataset)
_encoder = msgspec.json.Encoder()


def load(data: bytes) -> Dataset:
    """JSON bytes to a validated Dataset."""
    return _decoder.decode(data)


def dump(value: Dataset) -> bytes:
    """A Dataset to JSON bytes."""
    return _encoder.encode(value)
