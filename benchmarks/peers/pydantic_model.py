"""The dataset document as pydantic v2 models: same fields, constraints and nesting as ours."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pydantic
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from conflict_events import model as m
from peers import _common as c

Id = Annotated[str, StringConstraints(pattern=c.ID_PATTERN)]
# Python's re (which the EDTF patterns need) is slow for a one-class pattern; a plain check is not.
Text = Annotated[str, StringConstraints(min_length=c.TEXT_MIN), AfterValidator(c.visible)]
Country = Annotated[str, StringConstraints(pattern=c.COUNTRY_PATTERN)]
Count = Annotated[int, Field(ge=0, le=c.MAX_COUNT)]
Bearing = Annotated[int, Field(ge=0, le=c.MAX_BEARING)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Date = Annotated[str, StringConstraints(pattern=c.DATE_PATTERN)]
When = Annotated[str, StringConstraints(pattern=c.WHEN_PATTERN)]
Version = Annotated[str, StringConstraints(pattern=c.VERSION_PATTERN)]
Ids = tuple[Id, ...]
NonEmptyIds = Annotated[tuple[Id, ...], Field(min_length=1)]
StringMap = dict[Text, Text]
Extensions = dict[str, Any]


class _Base(BaseModel):
    # Strict like our loader: no "2" for 2, no 1 for true; unknown keys refused.
    # Python's re for the EDTF patterns, whose look-aheads pydantic's own engine lacks.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, regex_engine="python-re")


class Attribution(_Base):
    source: Id | None = None
    status: m.StatementStatus = m.StatementStatus.REPORTED
    claimant: Id | None = None
    stated: Date | None = None
    likelihood: m.Likelihood | None = None
    condition: Text | None = None
    conditional_on: Id | None = None
    notes: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Attribution:
        c.check_attribution(self.status, self.claimant)
        return self


class Estimate(_Base):
    low: Count | None = None
    best: Count | None = None
    high: Count | None = None
    qualifier: m.EstimateQualifier = m.EstimateQualifier.EXACT

    @model_validator(mode="after")
    def _check(self) -> Estimate:
        c.check_estimate(self.low, self.best, self.high)
        return self


class Casualties(_Base):
    group: m.CasualtyGroup
    deaths: Estimate
    actor: Id | None = None

    @model_validator(mode="after")
    def _check(self) -> Casualties:
        c.check_casualties(self.group, self.actor)
        return self


class ActorRelation(_Base):
    kind: m.RelationKind
    target: Id
    during: When | None = None
    attributions: tuple[Attribution, ...] = ()


class Actor(_Base):
    id: Id
    name: Text
    kind: m.ActorKind
    aliases: tuple[Text, ...] = ()
    country: Country | None = None
    external_ids: StringMap = Field(default_factory=dict)
    relations: tuple[ActorRelation, ...] = ()
    notes: Text | None = None
    extensions: Extensions = Field(default_factory=dict)


class Distance(_Base):
    value: Estimate
    unit: m.DistanceUnit = m.DistanceUnit.KILOMETRE


class SpatialRelation(_Base):
    target: Id
    kind: m.SpatialRelationKind | None = None
    distance: Distance | None = None
    direction: m.CompassPoint | None = None
    bearing: Bearing | None = None
    attributions: tuple[Attribution, ...] = ()
    notes: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> SpatialRelation:
        c.check_spatial_relation(self.kind, self.distance, self.direction, self.bearing)
        return self


class Location(_Base):
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
    external_ids: StringMap = Field(default_factory=dict)
    relations: tuple[SpatialRelation, ...] = ()
    notes: Text | None = None
    extensions: Extensions = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Location:
        c.check_location(self.latitude, self.longitude)
        c.check_location_part(self.parent, self.part, self.side)
        return self


class Source(_Base):
    id: Id
    publisher: Text
    title: Text | None = None
    url: Text | None = None
    published: Date | None = None
    published_at: AwareDatetime | None = None
    credit: Text | None = None
    language: Text | None = None
    notes: Text | None = None
    extensions: Extensions = Field(default_factory=dict)


class Participant(_Base):
    actor: Id
    role: m.Role = m.Role.PARTICIPANT
    strength: Estimate | None = None


class Assessment(_Base):
    measure: m.Superlative
    since: Date | None = None
    among: Text | None = None
    attributions: tuple[Attribution, ...] = ()


class Classification(_Base):
    scheme: Text
    path: Annotated[tuple[Text, ...], Field(min_length=1)]


class EventBase(_Base):
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
    extensions: Extensions = Field(default_factory=dict)


class ControlChange(EventBase):
    type: Literal["control_change"]
    new_holder: Id
    previous_holders: Ids = ()
    extent: m.Extent = m.Extent.FULL
    mode: m.ChangeMode = m.ChangeMode.UNKNOWN

    @model_validator(mode="after")
    def _check(self) -> ControlChange:
        c.check_control_change(self.location, self.new_holder, self.previous_holders)
        return self


class ControlStatus(EventBase):
    type: Literal["control_status"]
    holder: Id
    contested_by: Ids = ()
    extent: m.Extent = m.Extent.FULL

    @model_validator(mode="after")
    def _check(self) -> ControlStatus:
        c.check_control_status(self.location, self.holder, self.contested_by)
        return self


class Offensive(EventBase):
    type: Literal["offensive"]
    attackers: NonEmptyIds
    defenders: Ids = ()
    objectives: Ids = ()
    outcome: m.OffensiveOutcome = m.OffensiveOutcome.UNKNOWN


class Siege(EventBase):
    type: Literal["siege"]
    besiegers: NonEmptyIds
    besieged: Ids = ()
    civilian_population: Estimate | None = None
    status: m.SiegeStatus = m.SiegeStatus.UNKNOWN

    @model_validator(mode="after")
    def _check(self) -> Siege:
        c.check_siege(self.location, self.besiegers, self.besieged)
        return self


class ArmedClash(EventBase):
    type: Literal["armed_clash"]
    side_a: NonEmptyIds
    side_b: Ids = ()


class Attack(EventBase):
    type: Literal["attack"]
    targets: Ids = ()
    civilian_targeting: bool = False
    terror: bool = False
    weapon: Text | None = None


class RemoteViolence(EventBase):
    type: Literal["remote_violence"]
    method: m.RemoteMethod
    platform: Text | None = None
    targets: Ids = ()


class Destruction(EventBase):
    type: Literal["destruction"]
    objects: NonEmptyIds
    target: m.DestructionTarget = m.DestructionTarget.OTHER
    extent: m.Extent = m.Extent.FULL
    purpose: Text | None = None


class HumanitarianAccess(EventBase):
    type: Literal["humanitarian_access"]
    action: m.AccessAction
    provider: Id | None = None
    modality: m.AccessModality | None = None
    beneficiaries: Estimate | None = None


class CasualtyClaim(EventBase):
    type: Literal["casualty_claim"]
    claimant: Id
    claimed: Estimate
    casualties_of: Ids = ()
    killed: bool = True


class Declaration(EventBase):
    type: Literal["declaration"]
    declarant: Id
    subject: Text


class Demonstration(EventBase):
    type: Literal["demonstration"]
    demonstrators: Ids = ()
    form: m.DemonstrationForm = m.DemonstrationForm.PEACEFUL
    responders: Ids = ()
    crowd: Estimate | None = None


class Disaster(EventBase):
    type: Literal["disaster"]
    disaster: m.DisasterKind
    caused_by: Id | None = None


Event = Annotated[
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
    | Disaster,
    Field(discriminator="type"),
]


class Dataset(_Base):
    schema_version: Version = m.SCHEMA_VERSION
    actors: tuple[Actor, ...] = ()
    locations: tuple[Location, ...] = ()
    sources: tuple[Source, ...] = ()
    events: tuple[Event, ...] = ()
    extensions: Extensions = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check(self) -> Dataset:
        c.check_dataset(self.actors, self.locations, self.sources, self.events, self.extensions)
        return self


label = f"pydantic {pydantic.VERSION}"


def load(data: bytes) -> Dataset:
    """JSON bytes to a validated Dataset."""
    return Dataset.model_validate_json(data)


def dump(value: Dataset) -> bytes:
    """A Dataset to JSON bytes, defaults left out as ours are."""
    return value.__pydantic_serializer__.to_json(value, exclude_defaults=True)
