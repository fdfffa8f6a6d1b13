"""The place levels weighed within the class of the pair's dates, and EM's families of levels."""

import math
import random
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from conflict_events import Dataset
from conflict_events.matching import _parts as parts
from conflict_events.matching import match
from conflict_events.matching.comparisons import (
    COMPARISONS,
    DATE_CLASSES,
    WEEK_DAYS,
    compare_places,
    date_class,
    wide,
)
from conflict_events.matching.matcher import _pattern, initial_model
from conflict_events.matching.model import Model, fit
from conflict_events.matching.profiles import AreaLevel, Place, Profile, profiles
from conflict_events.temporal import FuzzyDate

PLACE = next(c for c in COMPARISONS if c.name == "place")
_DAY = date(2016, 1, 1).toordinal()

places = st.builds(
    Place,
    location=st.sampled_from(["x", "y", None]),
    latitude=st.floats(30.0, 31.0),
    longitude=st.floats(40.0, 41.0),
    radius_km=st.sampled_from([5.0, 25.0]),
    level=st.sampled_from(list(AreaLevel)),
    country=st.sampled_from(["a", "b", None]),
    admin1=st.sampled_from(["a", "b", None]),
    admin2=st.sampled_from(["a", "b", None]),
)
widths = st.integers(1, 400)


def _profile(place: Place, days: int, start: int = _DAY) -> Profile:
    when = FuzzyDate(date.fromordinal(start), date.fromordinal(start + days - 1))
    return Profile("e", when, start, start + days - 1, place, frozenset(), frozenset(), (), None)


@given(widths, widths)
def test_the_date_class_is_symmetric_and_counts_the_wide_dates(a: int, b: int) -> None:
    left, right = _profile(Place(), a), _profile(Place(), b)
    assert date_class(left, right) == date_class(right, left)
    assert date_class(left, right) == (a > WEEK_DAYS) + (b > WEEK_DAYS)
    assert wide(left) is (a > WEEK_DAYS)


def test_the_classes_by_width() -> None:
    day, week, month = (_profile(Place(), days) for days in (1, WEEK_DAYS, WEEK_DAYS + 1))
    assert [DATE_CLASSES[date_class(*pair)] for pair in ((day, week), (week, month))] == [
        "narrow",
        "mixed",
    ]
    assert DATE_CLASSES[date_class(month, month)] == "wide"


@given(places, places, widths, widths)
def test_a_place_level_is_the_places_level_in_the_dates_class(
    a: Place, b: Place, wa: int, wb: int
) -> None:
    left, right = _profile(a, wa), _profile(b, wb, _DAY + 3)
    index = PLACE.index_of(left, right)
    assert index == PLACE.index_of(right, left)  # symmetric in its arguments
    level = compare_places(a, b).level
    if level is None:
        assert index is None
        return
    assert index is not None
    assert PLACE.model_levels[index] == f"{level}|{DATE_CLASSES[date_class(left, right)]}"
    assert PLACE.families[index] == date_class(left, right)
    outcome = PLACE.compare(left, right)
    assert outcome.level == level  # the evidence names the place's own level
    assert outcome.detail.startswith(compare_places(a, b).detail + ", ")


def test_the_comparisons_without_classes_weigh_their_levels_alone() -> None:
    for comparison in COMPARISONS:
        if comparison.name != "place":
            assert comparison.model_levels == comparison.levels
            assert comparison.families == ()
    assert len(PLACE.model_levels) == len(DATE_CLASSES) * len(PLACE.levels)
    assert parts.CODES.typecode == "H"  # every pattern still packs into 16 bits


def test_the_initial_model_starts_each_class_alike() -> None:
    model = initial_model()
    k = model.comparisons.index("place")
    size = len(PLACE.levels)
    for values in (model.m[k], model.u[k]):
        chunks = [values[c * size : (c + 1) * size] for c in range(len(DATE_CLASSES))]
        assert all(math.isclose(sum(chunk), 1.0) for chunk in chunks)
        assert chunks[0] == chunks[1] == chunks[2]
    assert model.m[k][0] > model.m[k][size - 1]
    assert model.u[k][0] < model.u[k][size - 1]
    assert model.family(0) == ()
    assert model.family(k) == PLACE.families


def test_em_normalises_m_and_u_within_each_family() -> None:
    """Two families of a comparison: each level's probability given the family."""
    rng = random.Random(5)  # noqa: S311 - a test's fixed draw
    counts: dict[tuple[int | None, ...], int] = {}
    for i in range(20000):
        match_ = i % 5 == 0
        family = rng.random() < (0.3 if match_ else 0.6)
        a = rng.choices([0, 1], [0.85, 0.15] if match_ else [0.2, 0.8])[0]
        b = rng.choices([0, 1], [0.8, 0.2] if match_ else [0.3, 0.7])[0] + 2 * family
        c = rng.choices([0, 1], [0.75, 0.25] if match_ else [0.25, 0.75])[0]
        counts[(a, b, c)] = counts.get((a, b, c), 0) + 1
    start = Model.initial(
        ["a", "b", "c"],
        [("y", "n"), ("y|0", "n|0", "y|1", "n|1"), ("y", "n")],
        [(), (0, 0, 1, 1), ()],
    )
    model = fit(counts, start)
    assert model.converged
    assert model.families == start.families
    for values in (model.m[1], model.u[1]):
        assert math.isclose(values[0] + values[1], 1.0)
        assert math.isclose(values[2] + values[3], 1.0)
    assert model.weight(1, 0) > 0 > model.weight(1, 1)
    assert model.weight(1, 2) > 0 > model.weight(1, 3)
    assert abs(model.prior - 0.2) < 0.03


def test_without_families_the_model_is_as_before() -> None:
    start = Model.initial(["a"], [("y", "n")])
    assert start == Model.initial(["a"], [("y", "n")], [()])
    assert start.families == ()
    assert start.family(0) == ()


def test_a_match_says_which_class_of_dates_its_place_was_weighed_in(
    ucdp_sample: Dataset, coarse_copy: Dataset
) -> None:
    found = match(ucdp_sample, coarse_copy)
    k = found.model.comparisons.index("place")
    weights = found.model.weights()[k]
    for m in found[:20]:
        place = m.evidence[k]
        if place.level is None:
            continue
        (left,) = [p for p in profiles(ucdp_sample) if p.id == m.left_id]
        (right,) = [p for p in profiles(coarse_copy) if p.id == m.right_id]
        assert _pattern(left, right)[k] == PLACE.index_of(left, right)
        assert place.weight == weights[PLACE.index_of(left, right)]  # type: ignore[index]
        words = ("both dates within a week", "one date wider than a week")
        assert place.detail.endswith(words[date_class(left, right)])


def test_moving_a_date_across_a_week_moves_the_place_into_another_class() -> None:
    town = Place("t", 34.5, 38.2, 5.0, AreaLevel.POINT, "sr", "hms", "tdmr")
    day, month = _profile(town, 1), _profile(town, 31)
    narrow, mixed = PLACE.index_of(day, day), PLACE.index_of(day, month)
    assert PLACE.model_levels[narrow] == "same_location|narrow"  # type: ignore[index]
    assert PLACE.model_levels[mixed] == "same_location|mixed"  # type: ignore[index]
    assert PLACE.index_of(month, month) == narrow + 2 * len(PLACE.levels)  # type: ignore[operator]
