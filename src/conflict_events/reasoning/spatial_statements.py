"""
Stated spatial relations checked against coordinates: "approximately 90 miles southeast of Raqqa".

`spatial_faults` measures, for every `SpatialRelation` of a dataset's
locations, the great-circle distance and the initial bearing from the target's
point to the place's point, and reports a `SpatialFault` where the statement
and the coordinates disagree by more than the statement's vagueness and the
points' precision allow. The allowances (`RELATIVE_TOLERANCE`,
`PRECISION_SLACK_KM`, `DIRECTION_TOLERANCE`, `BEARING_TOLERANCE`) are
documented in docs/model.md. What coordinates cannot settle is not checked:
places without coordinates or placed only to a country or along a line (a
river), "on", "across", "near" and "through" without a distance or direction.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator
from typing import Final

import attrs

from conflict_events.model import (
    Dataset,
    Distance,
    EstimateQualifier,
    Location,
    SpatialPrecision,
    SpatialRelation,
    SpatialRelationKind,
)
from conflict_events.model.spatial import EARTH_RADIUS_KM, great_circle_km, initial_bearing

__all__ = [
    "BEARING_TOLERANCE",
    "DIRECTION_TOLERANCE",
    "EARTH_RADIUS_KM",
    "PRECISION_SLACK_KM",
    "RELATIVE_TOLERANCE",
    "SpatialFault",
    "SpatialFaultKind",
    "great_circle_km",
    "initial_bearing",
    "spatial_faults",
]

#: How far a stated figure may be off, as a share of it, by the wording that came with it.
#: A figure given plainly is taken as rounded; "approximately" allows a fifth either way.
RELATIVE_TOLERANCE: Final[dict[EstimateQualifier, float]] = {
    EstimateQualifier.EXACT: 0.05,
    EstimateQualifier.APPROXIMATELY: 0.2,
}
#: The allowance for every other wording ("at least", "hundreds of"), beyond its own bounds.
DEFAULT_RELATIVE_TOLERANCE: Final = 0.1

#: How far a place may lie from its point, by the point's precision; None: too vague to check.
#: Points of unknown precision are taken as near (UCDP where_prec 2: within 25 km).
PRECISION_SLACK_KM: Final[dict[SpatialPrecision | None, float | None]] = {
    SpatialPrecision.EXACT: 1.0,
    SpatialPrecision.NEAR: 25.0,
    SpatialPrecision.ADMIN2: 25.0,
    SpatialPrecision.ADMIN1: 50.0,
    SpatialPrecision.LINEAR: None,
    SpatialPrecision.COUNTRY: None,
    SpatialPrecision.INTERNATIONAL: None,
    None: 25.0,
}

#: How far from the named point a bearing may be, in degrees: "west of" spans south-west
#: to north-west; a half-wind ("west-southwest") half as much.
DIRECTION_TOLERANCE: Final = {True: 45.0, False: 22.5}
#: How far from a bearing stated in degrees the measured one may be.
BEARING_TOLERANCE: Final = 5.0


def _angle_between(a: float, b: float) -> float:
    """The smaller angle between two bearings, 0 to 180 degrees."""
    difference = abs(a - b) % 360.0
    return min(difference, 360.0 - difference)


class SpatialFaultKind(enum.Enum):
    """What part of a spatial statement the coordinates contradict."""

    DISTANCE = "distance"
    DIRECTION = "direction"
    BEARING = "bearing"


@attrs.frozen
class SpatialFault:
    """A stated relation that the coordinates of its two places contradict."""

    #: The location holding the relation.
    location: str
    #: The relation's target.
    target: str
    kind: SpatialFaultKind
    #: Where the statement is: ``locations[3].relations[0].distance``.
    path: str
    #: What the statement says against what the coordinates give.
    message: str
    #: The relation checked.
    relation: SpatialRelation = attrs.field(repr=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _point(location: Location, *, centre: bool = False) -> tuple[float, float, float] | None:
    """
    The latitude, longitude and slack in km of *location*'s point; None when it cannot be checked.

    With *centre* the point stands for the middle of the place (a country's, for
    "in north-eastern Syria"), so it has no slack whatever its precision.
    """
    if location.latitude is None or location.longitude is None:
        return None
    slack = 0.0 if centre else PRECISION_SLACK_KM.get(location.precision)
    if slack is None:
        return None
    return location.latitude, location.longitude, slack


def _figure_bounds(distance: Distance) -> tuple[float, float]:
    """The range of kilometres a stated distance allows, before the points' slack."""
    value = distance.value
    known = [figure for _, figure in value.figures() if figure is not None]
    low, high = float(min(known)), float(max(known))
    qualifier = value.qualifier
    tolerance = RELATIVE_TOLERANCE.get(qualifier, DEFAULT_RELATIVE_TOLERANCE)
    if qualifier in (EstimateQualifier.AT_LEAST, EstimateQualifier.MORE_THAN):
        high = math.inf
    elif qualifier in (EstimateQualifier.AT_MOST, EstimateQualifier.FEWER_THAN):
        low = 0.0
    return (
        distance.kilometres(1) * low * (1 - tolerance),
        distance.kilometres(1) * high * (1 + tolerance),
    )


def _shown(kilometres: float, distance: Distance) -> str:
    if math.isinf(kilometres):
        return "any distance"
    units = kilometres / distance.kilometres(1)
    return f"{units:.0f} {distance.unit.value}"


def _faults_of(
    place: Location, relation: SpatialRelation, target: Location, path: str
) -> Iterator[SpatialFault]:
    here = _point(place)
    there = _point(target, centre=relation.kind is SpatialRelationKind.WITHIN)
    if here is None or there is None:
        return
    slack = here[2] + there[2]
    measured = great_circle_km(there[0], there[1], here[0], here[1])
    bearing = initial_bearing(there[0], there[1], here[0], here[1])

    def fault(kind: SpatialFaultKind, message: str) -> SpatialFault:
        return SpatialFault(place.id, target.id, kind, f"{path}.{kind.value}", message, relation)

    if relation.distance is not None and relation.kind is not SpatialRelationKind.WITHIN:
        low, high = _figure_bounds(relation.distance)
        low, high = max(0.0, low - slack), high + slack
        if not low <= measured <= high:
            distance = relation.distance
            worded = distance.value.qualifier.value.replace("_", " ")
            figure = distance.value.point
            yield fault(
                SpatialFaultKind.DISTANCE,
                f"{place.name!r} is stated to lie {worded} {figure} {distance.unit.value} from "
                f"{target.name!r}; the coordinates put it {_shown(measured, distance)} "
                f"({measured:.0f} km) away, outside the {_shown(low, distance)} to "
                f"{_shown(high, distance)} that the wording and the points' precision allow",
            )
    if measured <= slack:
        return  # too close for the points to tell a direction
    angular = math.degrees(math.atan2(slack, measured))
    if relation.direction is not None:
        allowed = DIRECTION_TOLERANCE[relation.direction.principal] + angular
        off = _angle_between(bearing, relation.direction.degrees)
        if off > allowed:
            yield fault(
                SpatialFaultKind.DIRECTION,
                f"{place.name!r} is stated to lie {_direction_words(relation)} {target.name!r}; "
                f"the coordinates give a bearing of {bearing:.0f} degrees from it, "
                f"{off:.0f} degrees from {relation.direction.value.replace('_', '-')} "
                f"(at most {allowed:.0f} allowed)",
            )
    if relation.bearing is not None:
        allowed = BEARING_TOLERANCE + angular
        off = _angle_between(bearing, float(relation.bearing))
        if off > allowed:
            yield fault(
                SpatialFaultKind.BEARING,
                f"{place.name!r} is stated to lie at a bearing of {relation.bearing} degrees "
                f"from {target.name!r}; the coordinates give {bearing:.0f} degrees "
                f"(at most {allowed:.0f} off allowed)",
            )


def _direction_words(relation: SpatialRelation) -> str:
    assert relation.direction is not None  # noqa: S101 - only called with one
    point = relation.direction.value.replace("_", "-")
    if relation.kind is SpatialRelationKind.WITHIN:
        return f"in the {point} of"
    return f"{point} of"


def spatial_faults(dataset: Dataset) -> tuple[SpatialFault, ...]:
    """
    Every stated spatial relation of *dataset* that its places' coordinates contradict.

    Each relation is measured from its target's point to its place's point;
    relations whose places lack coordinates or are too vaguely placed are skipped.
    """
    by_id = {location.id: location for location in dataset.locations}
    found: list[SpatialFault] = []
    for position, place in enumerate(dataset.locations):
        for index, relation in enumerate(place.relations):
            target = by_id.get(relation.target)
            if target is None:
                continue
            path = f"locations[{position}].relations[{index}]"
            found.extend(_faults_of(place, relation, target, path))
    return tuple(found)
