"""
Where places lie relative to one another, as reports state it.

"Deir az-Zour is approximately 90 miles southeast of Raqqa", "al-Tabqa on the
Euphrates", "Hawija west of Kirkuk": a `SpatialRelation` held by the place it
describes, naming the other place, with a distance (an `Estimate` and its
unit), a compass direction or bearing, and who says so. Such statements can be
checked against the places' coordinates
(`conflict_events.reasoning.spatial_statements`). Parts of a place (its western
periphery, the east bank) are named by `PartKind` and a side.
"""

from __future__ import annotations

import enum
import math
from typing import Final

import attrs

from conflict_events.model import fields
from conflict_events.model.description import checked_by
from conflict_events.model.estimates import Estimate
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.rules import AtLeastOne
from conflict_events.model.sources import Attribution

__all__ = [
    "EARTH_RADIUS_KM",
    "MAX_BEARING",
    "CompassPoint",
    "Distance",
    "DistanceUnit",
    "PartKind",
    "SpatialRelation",
    "SpatialRelationKind",
    "great_circle_km",
    "initial_bearing",
]

#: Bearings are whole degrees clockwise from north, 0 to 359.
MAX_BEARING: Final = 359
#: The mean radius of the Earth (IUGG), for great-circle distances.
EARTH_RADIUS_KM: Final = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres between two WGS84 points (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def initial_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The initial bearing in degrees (0 to 360, clockwise from north) from point 1 to point 2."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlambda = math.radians(lon2 - lon1)
    x = math.sin(dlambda) * math.cos(phi2)
    y = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlambda)
    bearing = math.degrees(math.atan2(x, y)) % 360.0
    # A tiny negative angle is 360.0 after the modulo, in floating point.
    return 0.0 if bearing >= 360.0 else bearing  # noqa: PLR2004 - a full circle


class CompassPoint(enum.Enum):
    """A direction as words give it: the sixteen points of the compass."""

    NORTH = "north"
    NORTH_NORTHEAST = "north_northeast"
    NORTHEAST = "northeast"
    EAST_NORTHEAST = "east_northeast"
    EAST = "east"
    EAST_SOUTHEAST = "east_southeast"
    SOUTHEAST = "southeast"
    SOUTH_SOUTHEAST = "south_southeast"
    SOUTH = "south"
    SOUTH_SOUTHWEST = "south_southwest"
    SOUTHWEST = "southwest"
    WEST_SOUTHWEST = "west_southwest"
    WEST = "west"
    WEST_NORTHWEST = "west_northwest"
    NORTHWEST = "northwest"
    NORTH_NORTHWEST = "north_northwest"

    @property
    def degrees(self) -> float:
        """The bearing the point names, clockwise from north."""
        return _POINTS.index(self) * 22.5

    @classmethod
    def nearest(cls, bearing: float) -> CompassPoint:
        """The point nearest to *bearing* (degrees clockwise from north)."""
        return _POINTS[round((bearing % 360.0) / 22.5) % len(_POINTS)]

    @property
    def principal(self) -> bool:
        """One of the eight points words use most (north, northeast, ...), not a half-wind."""
        return _POINTS.index(self) % 2 == 0


_POINTS: Final = tuple(CompassPoint)


class DistanceUnit(enum.Enum):
    """The unit a stated distance is given in."""

    KILOMETRE = "km"
    MILE = "mi"
    METRE = "m"
    NAUTICAL_MILE = "nmi"

    @property
    def metres(self) -> float:
        """The length of one unit in metres."""
        return _METRES[self]


_METRES: Final = {
    DistanceUnit.KILOMETRE: 1000.0,
    DistanceUnit.MILE: 1609.344,
    DistanceUnit.METRE: 1.0,
    DistanceUnit.NAUTICAL_MILE: 1852.0,
}


@attrs.frozen
class Distance:
    """
    A stated distance: a count of units, with the source's wording ("approximately 90 miles").

    The figures are whole units; a fraction of a kilometre is given in metres.
    """

    value: Estimate = fields.nested(
        Estimate, "How far, with the wording (approximately, at least).", optional=False
    )
    unit: DistanceUnit = fields.choice(
        DistanceUnit, "The unit of the figures.", default=DistanceUnit.KILOMETRE
    )

    def kilometres(self, figure: int) -> float:
        """*figure* units in kilometres."""
        return figure * self.unit.metres / 1000.0


class SpatialRelationKind(enum.Enum):
    """How a place lies to another beyond distance and direction."""

    #: On a river, road or coast ("al-Tabqa on the Euphrates").
    ON = "on"
    #: Across a river or border from the other place ("bridges across the Tigris").
    ACROSS = "across"
    #: Close to the other place, no distance given ("near Kirkuk").
    NEAR = "near"
    #: Running through the other place ("the Tigris divides the city in two").
    THROUGH = "through"
    #: Inside the other place, in the part the direction names ("northeastern Syria").
    WITHIN = "within"


@attrs.frozen
@checked_by(
    AtLeastOne(("kind", "distance", "direction", "bearing"), at="kind", what="a spatial relation")
)
class SpatialRelation:
    """
    Where the place holding this relation lies relative to ``target``, as a source states it.

    Distance and direction go from ``target`` to this place: "Deir az-Zour is
    approximately 90 miles southeast of Raqqa" is held by Deir ez-Zor with
    target Raqqa, ``distance`` about 90 miles and ``direction`` southeast. With
    ``kind`` WITHIN the direction names the part of ``target`` the place lies in.
    """

    target: str = fields.reference(
        ReferenceKind.LOCATION, "The place this one is related to.", required=True
    )
    kind: SpatialRelationKind | None = fields.choice(
        SpatialRelationKind,
        "How the place lies to the target beyond distance and direction (on, across, near).",
        optional=True,
    )
    distance: Distance | None = fields.nested(
        Distance, "How far from the target, as stated (no ACLED or UCDP equivalent)."
    )
    direction: CompassPoint | None = fields.choice(
        CompassPoint, "In which direction from the target, as words give it.", optional=True
    )
    bearing: int | None = fields.count(
        "Bearing from the target in whole degrees clockwise from north, when stated as a number.",
        maximum=MAX_BEARING,
    )
    attributions: tuple[Attribution, ...] = fields.nested_list(
        Attribution, "Who states the relation."
    )
    notes: str | None = fields.text("The wording of the statement, or context.")


class PartKind(enum.Enum):
    """Which part of the place it lies in (its ``parent``) a location is."""

    #: A side or half ("the eastern side of Mosul").
    SIDE = "side"
    #: The fringe around it ("the city's western periphery").
    PERIPHERY = "periphery"
    #: The outer districts and approaches ("the outskirts of Raqqa").
    OUTSKIRTS = "outskirts"
    #: Its edge or limit ("the western edge").
    EDGE = "edge"
    #: A bank of a river ("the east bank of the Tigris").
    BANK = "bank"
    #: Its centre ("the city centre").
    CENTRE = "centre"
    #: A quarter or district.
    QUARTER = "quarter"
