"""Where things happen: places with coordinates, an admin hierarchy and parts."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

import attrs

from conflict_events.model import fields
from conflict_events.model.description import checked_by
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.rules import BothOrNeither, RequiredWhen
from conflict_events.model.spatial import CompassPoint, PartKind, SpatialRelation

__all__ = [
    "MAX_ANCESTORS",
    "Location",
    "LocationKind",
    "SpatialPrecision",
    "ancestor_loop",
    "ancestor_loop_message",
    "ancestors",
]


class LocationKind(enum.Enum):
    """What kind of place a location is."""

    COUNTRY = "country"
    REGION = "region"
    ADMIN1 = "admin1"
    ADMIN2 = "admin2"
    ADMIN3 = "admin3"
    SETTLEMENT = "settlement"
    SETTLEMENT_PART = "settlement_part"
    AIRPORT = "airport"
    MILITARY_BASE = "military_base"
    DAM = "dam"
    BRIDGE = "bridge"
    UNIVERSITY = "university"
    HERITAGE_SITE = "heritage_site"
    FACILITY = "facility"
    RIVER = "river"
    NATURAL_FEATURE = "natural_feature"


class SpatialPrecision(enum.Enum):
    """
    How exactly the coordinates locate the place.

    Follows UCDP GED's where_prec 1-7; ACLED's geo_precision 1-3 maps onto the
    first, second and fourth (see docs/formats.md).
    """

    EXACT = "exact"
    NEAR = "near"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    LINEAR = "linear"
    COUNTRY = "country"
    INTERNATIONAL = "international"


@attrs.frozen
@checked_by(
    BothOrNeither("latitude", "longitude"),
    RequiredWhen("parent", "part", frozenset(PartKind), what="part"),
    RequiredWhen("part", "side", frozenset(CompassPoint), what="side"),
)
class Location:
    """
    A place with a stable id, linked by ``parent`` to the place it lies in or is part of.

    Coordinates are WGS84 decimal degrees; both or neither are given. A part of
    a place ("the city's western periphery") names its ``parent`` and says
    which part it is (``part``, ``side``); what holds it is a `ControlStatus`
    of the part. ``relations`` keep what sources say about where the place
    lies relative to others.
    """

    id: str = fields.identifier("Identifier of the location, unique in the dataset.")
    name: str = fields.text("The name used by default.", required=True)
    kind: LocationKind = fields.choice(LocationKind, "What kind of place this is.")
    aliases: tuple[str, ...] = fields.texts(
        "Other names and transliterations (Deir az-Zour, Dayr az-Zawr)."
    )
    latitude: float | None = fields.degrees(90, "WGS84 latitude in decimal degrees.")
    longitude: float | None = fields.degrees(180, "WGS84 longitude in decimal degrees.")
    precision: SpatialPrecision | None = fields.choice(
        SpatialPrecision, "How exactly the coordinates locate the place.", optional=True
    )
    country: str | None = fields.country()
    parent: str | None = fields.reference(
        ReferenceKind.LOCATION, "The larger place this one lies in or is part of."
    )
    external_ids: dict[str, str] = fields.string_map(
        "Identifiers elsewhere, by system: geonames, wikidata."
    )
    part: PartKind | None = fields.choice(
        PartKind,
        "Which part of ``parent`` this place is (periphery, bank, side); needs a parent.",
        optional=True,
    )
    side: CompassPoint | None = fields.choice(
        CompassPoint,
        "Which side of ``parent`` the part lies on ('western periphery'); needs a part.",
        optional=True,
    )
    relations: tuple[SpatialRelation, ...] = fields.nested_list(
        SpatialRelation,
        "Where sources say the place lies relative to others (90 miles southeast of Raqqa).",
    )
    notes: str | None = fields.text("Free-text notes.")
    extensions: dict[str, object] = fields.extensions()

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)


#: How many parents `ancestors` follows at most: far more than any real hierarchy.
MAX_ANCESTORS: Final = 64


def ancestors(locations: Mapping[str, Location], ident: str) -> list[Location]:
    """
    The chain of parents of location *ident* among *locations*, nearest first.

    The walk stops at a parent that is not among *locations* (a partial set,
    as a reader holds mid-way) and after `MAX_ANCESTORS` steps (a cycle a
    partial set cannot have refused yet).
    """
    chain: list[Location] = []
    parent = locations[ident].parent
    while parent is not None and parent in locations and len(chain) < MAX_ANCESTORS:
        chain.append(locations[parent])
        parent = chain[-1].parent
    return chain


def ancestor_loop(parent_of: Mapping[str, str | None], ident: str) -> str | None:
    """
    The first ancestor met a second time on the walk up from location *ident*, or None.

    Only ids in *parent_of* (location id to parent id) are followed. A walk
    that loops makes *ident* its own ancestor through that location (it may
    lie on the loop or lead into it).
    """
    seen = {ident}
    parent = parent_of.get(ident)
    while parent is not None and parent in parent_of:
        if parent in seen:
            return parent
        seen.add(parent)
        parent = parent_of[parent]
    return None


#: How many locations of a loop a message names before it only counts them.
MAX_LOOP_SHOWN = 10


def ancestor_loop_message(
    ident: str, through: str, parent_of: Mapping[str, str | None] | None = None
) -> str:
    """
    The fault of a location that is its own ancestor, as every checker words it.

    With *parent_of*, the message names every location of the loop, from
    *through* round to it again (the first `MAX_LOOP_SHOWN`, then how many).
    """
    text = f"location {ident!r} is its own ancestor through {through!r}"
    if parent_of is None:
        return text
    loop = [through]
    step = parent_of.get(through)
    while step is not None and step != through and len(loop) <= MAX_ANCESTORS:
        loop.append(step)
        step = parent_of.get(step)
    shown = " -> ".join(repr(item) for item in loop[:MAX_LOOP_SHOWN])
    if len(loop) > MAX_LOOP_SHOWN:
        shown += f" -> ... ({len(loop)} locations in all)"
    return f"{text} (the loop: {shown} -> {through!r})"
