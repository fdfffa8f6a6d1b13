"""The blocking finds exactly the pairs its rules admit, without comparing all pairs."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events.matching.blocking import (
    candidate_pairs,
    home_keys,
    places_may_coincide,
    probe_keys,
)
from conflict_events.matching.comparisons import great_circle_km, slack_days
from conflict_events.matching.profiles import AreaLevel, Place, Profile
from conflict_events.temporal import FuzzyDate

START = date(2017, 1, 1)


@st.composite
def profiles(draw: st.DrawFn, index: int) -> Profile:
    first = START + timedelta(draw(st.integers(0, 60)))
    width = draw(st.sampled_from([0, 0, 1, 6, 30]))
    when = FuzzyDate(first, first + timedelta(width))
    level = draw(st.sampled_from(list(AreaLevel)))
    country = draw(st.sampled_from(["sr", "irk"]))
    admin1 = draw(st.sampled_from(["hms", "alp"]))
    shared = draw(st.booleans())  # one location two events share, at one point
    place = Place(
        location="l1" if shared else f"own{index}",
        latitude=34.5 if shared else draw(st.floats(34.0, 35.0)),
        longitude=179.9 if shared else (draw(st.floats(179.0, 181.0)) + 180) % 360 - 180,
        radius_km=draw(st.sampled_from([5.0, 25.0, 100.0])) if level is AreaLevel.POINT else 0.0,
        level=level,
        country=country,
        admin1=admin1 if level <= AreaLevel.ADMIN1 else None,
        admin2=draw(st.sampled_from(["x", "y"])) if level <= AreaLevel.ADMIN2 else None,
    )
    return Profile(
        id=f"e{index}",
        when=when,
        first=when.earliest.toordinal(),
        last=when.latest.toordinal(),
        place=place,
        classes=frozenset({"armed_clash"}),
        own_types=frozenset(),
        actors=(),
        fatalities=None,
    )


@st.composite
def populations(draw: st.DrawFn) -> tuple[list[Profile], list[int]]:
    size = draw(st.integers(0, 25))
    found = [draw(profiles(i)) for i in range(size)]
    groups = [draw(st.integers(0, 2)) for _ in range(size)]
    return found, groups


def _admitted(a: Profile, b: Profile) -> bool:
    """The documented rule, pair by pair."""
    gap = max(b.first - a.last, a.first - b.last)
    if gap > slack_days(a.last - a.first + 1) + slack_days(b.last - b.first + 1):
        return False
    if a.place.is_disc and b.place.is_disc:
        return places_may_coincide(a.place, b.place)
    return bool(
        probe_keys(a.place) & home_keys(b.place) or probe_keys(b.place) & home_keys(a.place)
    )


@settings(max_examples=150)
@given(populations())
def test_the_sweep_finds_every_admitted_pair_and_no_other(population) -> None:
    found, groups = population
    expected = {
        (i, j)
        for i in range(len(found))
        for j in range(i + 1, len(found))
        if groups[i] != groups[j] and _admitted(found[i], found[j])
    }
    assert candidate_pairs(found, groups) == expected


@given(st.floats(-60, 60), st.floats(-180, 180), st.floats(0, 359), st.floats(0, 60))
def test_intersecting_discs_share_a_cell(lat: float, lon: float, bearing: float, km: float) -> None:
    a = Place("a", lat, lon, 25.0, AreaLevel.POINT)
    dlat = km * __import__("math").cos(__import__("math").radians(bearing)) / 111.195
    b = Place("b", lat + dlat, lon, 25.0, AreaLevel.POINT)
    if great_circle_km(lat, lon, lat + dlat, lon) <= 50.0:
        assert probe_keys(a) & home_keys(b)


def test_an_admin1_event_meets_the_points_inside_it_only() -> None:
    homs = Place("h", None, None, 0.0, AreaLevel.ADMIN1, "sr", "hms")
    inside = Place("t", 34.5, 38.2, 5.0, AreaLevel.POINT, "sr", "hms", "tdmr")
    outside = Place("a", 36.2, 37.1, 5.0, AreaLevel.POINT, "sr", "alp", "jbl")
    assert probe_keys(homs) & home_keys(inside)
    assert not probe_keys(homs) & home_keys(outside)
    assert not probe_keys(inside) & home_keys(outside)


def test_blocking_does_not_compare_all_pairs() -> None:
    """Events spread over a year and a grid: the pairs found grow with n, not n squared."""
    found = []
    for i in range(2000):
        day = START + timedelta(i % 365)
        when = FuzzyDate(day, day)
        place = Place(
            f"l{i}", 30 + (i % 40) * 0.5, 40 + (i // 40) * 0.5, 5.0, AreaLevel.POINT, "sr"
        )
        found.append(
            Profile(
                f"e{i}",
                when,
                day.toordinal(),
                day.toordinal(),
                place,
                frozenset(),
                frozenset(),
                (),
                None,
            )
        )
    pairs = candidate_pairs(found, [i % 2 for i in range(len(found))])
    assert len(pairs) < 2 * len(found)
