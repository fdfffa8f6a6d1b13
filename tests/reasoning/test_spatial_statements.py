"""Stated distances and directions checked against coordinates: great circles and bearings."""

import math

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import Dataset, Estimate, Location, LocationKind, SpatialPrecision
from conflict_events.examples import dataset
from conflict_events.model import (
    CompassPoint,
    Distance,
    DistanceUnit,
    SpatialRelation,
    SpatialRelationKind,
)
from conflict_events.reasoning.spatial_statements import (
    EARTH_RADIUS_KM,
    SpatialFaultKind,
    great_circle_km,
    initial_bearing,
    spatial_faults,
)

latitudes = st.floats(-80, 80)
longitudes = st.floats(-179, 179)


def destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point *km* away from (lat, lon) along the initial *bearing*, on the sphere."""
    delta = km / EARTH_RADIUS_KM
    theta, phi1, lambda1 = math.radians(bearing), math.radians(lat), math.radians(lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), (math.degrees(lambda2) + 540) % 360 - 180


def two_places(
    there: tuple[float, float], here: tuple[float, float], relation: SpatialRelation
) -> Dataset:
    target = Location(
        id="t",
        name="Target",
        kind=LocationKind.SETTLEMENT,
        latitude=there[0],
        longitude=there[1],
        precision=SpatialPrecision.EXACT,
    )
    place = Location(
        id="p",
        name="Place",
        kind=LocationKind.SETTLEMENT,
        latitude=here[0],
        longitude=here[1],
        precision=SpatialPrecision.EXACT,
        relations=(relation,),
    )
    return Dataset(locations=(target, place))


def test_the_distance_from_raqqa_to_deir_ez_zor() -> None:
    """About 123 km (77 miles) in a straight line, south-east: what the example's note says."""
    km = great_circle_km(35.95, 39.01, 35.33, 40.14)
    assert 122 < km < 124
    assert 76 < km / 1.609344 < 77
    assert 120 < initial_bearing(35.95, 39.01, 35.33, 40.14) < 130


def test_bearings_of_the_cardinal_directions() -> None:
    """Due north is 0 degrees, due east on the equator 90, south 180, west 270."""
    assert initial_bearing(0, 0, 1, 0) == pytest.approx(0)
    assert initial_bearing(0, 0, 0, 1) == pytest.approx(90)
    assert initial_bearing(1, 0, 0, 0) == pytest.approx(180)
    assert initial_bearing(0, 1, 0, 0) == pytest.approx(270)


@given(latitudes, longitudes, latitudes, longitudes)
def test_great_circle_distances_are_symmetric_and_bounded(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    """Distance is the same both ways, never negative, at most half the circumference."""
    there = great_circle_km(lat1, lon1, lat2, lon2)
    back = great_circle_km(lat2, lon2, lat1, lon1)
    assert there == pytest.approx(back, abs=1e-6)
    assert 0 <= there <= math.pi * EARTH_RADIUS_KM + 1e-6
    assert 0 <= initial_bearing(lat1, lon1, lat2, lon2) < 360


@given(
    latitudes,
    longitudes,
    st.sampled_from(CompassPoint),
    st.integers(50, 900),
    st.sampled_from(DistanceUnit),
)
def test_a_statement_true_of_the_coordinates_is_no_fault(
    lat: float, lon: float, point: CompassPoint, km: int, unit: DistanceUnit
) -> None:
    """A place put where its statement says (distance in any unit, direction) passes."""
    here = destination(lat, lon, point.degrees, km)
    units = round(km * 1000 / unit.metres)
    relation = SpatialRelation(
        target="t",
        distance=Distance(Estimate.about(units), unit),
        direction=point,
        bearing=round(point.degrees) % 360,
    )
    assert spatial_faults(two_places((lat, lon), here, relation)) == ()


@given(latitudes, longitudes, st.sampled_from(CompassPoint), st.integers(100, 900))
def test_a_distance_off_by_half_is_a_fault(
    lat: float, lon: float, point: CompassPoint, km: int
) -> None:
    """Stating half the measured distance, even 'approximately', is reported at the distance."""
    here = destination(lat, lon, point.degrees, km)
    relation = SpatialRelation(
        target="t", distance=Distance(Estimate.about(km // 2), DistanceUnit.KILOMETRE)
    )
    (fault,) = spatial_faults(two_places((lat, lon), here, relation))
    assert fault.kind is SpatialFaultKind.DISTANCE
    assert fault.path == "locations[1].relations[0].distance"
    assert "'Place'" in fault.message
    assert "'Target'" in fault.message


@given(latitudes, longitudes, st.sampled_from(CompassPoint), st.integers(100, 900))
def test_the_opposite_direction_is_a_fault(
    lat: float, lon: float, point: CompassPoint, km: int
) -> None:
    """A place stated to lie in the opposite direction is reported at the direction."""
    here = destination(lat, lon, point.degrees, km)
    opposite = next(p for p in CompassPoint if p.degrees == (point.degrees + 180) % 360)
    relation = SpatialRelation(target="t", direction=opposite)
    (fault,) = spatial_faults(two_places((lat, lon), here, relation))
    assert fault.kind is SpatialFaultKind.DIRECTION
    assert opposite.value.replace("_", "-") in fault.message


def test_at_least_has_no_upper_bound() -> None:
    """'At least 10 miles' holds of a place 300 km away, not of one 5 km away."""
    relation = SpatialRelation(
        target="t", distance=Distance(Estimate.at_least(10), DistanceUnit.MILE)
    )
    assert spatial_faults(two_places((35, 40), destination(35, 40, 90, 300), relation)) == ()
    (fault,) = spatial_faults(two_places((35, 40), destination(35, 40, 90, 5), relation))
    assert "any distance" in fault.message


def test_vague_points_and_relations_without_figures_are_not_checked() -> None:
    """A river's point, a place without coordinates, and 'on' alone are never faults."""
    far = destination(35, 40, 0, 800)
    data = two_places(
        (35, 40), far, SpatialRelation(target="t", distance=Distance(Estimate.exactly(1)))
    )
    river = attrs.evolve(data.locations[0], precision=SpatialPrecision.LINEAR)
    assert spatial_faults(attrs.evolve(data, locations=(river, data.locations[1]))) == ()
    unplaced = attrs.evolve(data.locations[1], latitude=None, longitude=None)
    assert spatial_faults(attrs.evolve(data, locations=(data.locations[0], unplaced))) == ()
    on = SpatialRelation(target="t", kind=SpatialRelationKind.ON)
    assert spatial_faults(two_places((35, 40), far, on)) == ()


def test_the_example_passes_its_spatial_statements() -> None:
    """The report's statements hold of the example's coordinates, 'about 90 miles' included."""
    assert spatial_faults(dataset()) == ()
