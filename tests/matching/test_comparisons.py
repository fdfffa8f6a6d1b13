"""Property tests of every comparison: symmetric, within its levels, and right on the cases that fix them."""

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conflict_events import strategies
from conflict_events.matching.comparisons import (
    COMPARISONS,
    MONTH_DAYS,
    NARROW_DAYS,
    WEEK_DAYS,
    compare_actors,
    compare_dates,
    compare_fatalities,
    compare_places,
    compare_types,
    date_level,
    fatality_interval,
    great_circle_km,
    slack_days,
)
from conflict_events.matching.crosswalk import UCDP_CLASSES, acled_class, possible_classes
from conflict_events.matching.profiles import AreaLevel, Place
from conflict_events.model import EVENT_TYPES, Classification, Estimate, EstimateQualifier
from conflict_events.temporal import FuzzyDate, Span
from conflict_events.temporal.allen import Relation, possible_relations

LEVELS = {c.name: c.levels for c in COMPARISONS}
OVERLAPS = frozenset(
    {"same_day", "same_bounds", "overlap_narrow", "overlap_week", "overlap_month", "overlap_wide"}
)
NEAR = {"min_value": date(2000, 1, 1), "max_value": date(2030, 12, 31)}
whens = st.one_of(
    strategies.fuzzy_dates(**NEAR),
    strategies.spans(starts=strategies.fuzzy_dates(**NEAR), allow_unbounded=False),
)
lats = st.floats(-89.0, 89.0)
lons = st.floats(-180.0, 180.0)


def _shift(when: FuzzyDate | Span, days: int) -> FuzzyDate | Span:
    def move(d: FuzzyDate) -> FuzzyDate:
        return FuzzyDate(d.earliest + timedelta(days), d.latest + timedelta(days))

    if isinstance(when, Span):
        return Span(move(when.start), None if when.end is None else move(when.end))
    return move(when)


# -- dates -------------------------------------------------------------------------------


@given(whens, whens)
def test_date_levels_are_symmetric_and_known(a: FuzzyDate | Span, b: FuzzyDate | Span) -> None:
    one, two = compare_dates(a, b), compare_dates(b, a)
    assert one == two
    assert one.level in LEVELS["date"]


@given(whens, whens, st.integers(-400, 400))
def test_date_levels_do_not_move_with_both_dates(
    a: FuzzyDate | Span, b: FuzzyDate | Span, days: int
) -> None:
    parts = [p for w in (a, b) for p in ((w.start, w.end) if isinstance(w, Span) else (w,))]
    edges = [d for p in parts if p is not None for d in (p.earliest, p.latest)]
    assume(all(date(1000, 1, 1) < edge < date(9000, 1, 1) for edge in edges))
    assert compare_dates(a, b).level == compare_dates(_shift(a, days), _shift(b, days)).level


@given(strategies.fuzzy_dates(**NEAR), strategies.fuzzy_dates(**NEAR))
def test_dates_apart_exactly_beyond_the_slack(a: FuzzyDate, b: FuzzyDate) -> None:
    gap = max((b.earliest - a.latest).days, (a.earliest - b.latest).days)
    level = compare_dates(a, b).level
    assert (level == "apart") == (gap > slack_days(a.days) + slack_days(b.days))
    assert (level in OVERLAPS) == a.overlaps(b)


any_whens = st.one_of(
    strategies.fuzzy_dates(**NEAR),
    strategies.spans(starts=strategies.fuzzy_dates(**NEAR)),  # open ends too
)
APART = frozenset({Relation.BEFORE, Relation.AFTER, Relation.MEETS, Relation.MET_BY})


@given(any_whens, any_whens)
def test_the_level_from_bounds_is_the_level_the_allen_relations_give(
    a: FuzzyDate | Span, b: FuzzyDate | Span
) -> None:
    relations = possible_relations(a, b)
    level = date_level(a, b)
    assert level == compare_dates(a, b).level
    assert (level == "same_day") == (relations == {Relation.EQUALS})
    assert (level in OVERLAPS) == bool(relations - APART)
    if level == "same_bounds":
        assert (a.earliest, a.latest) == (b.earliest, b.latest)


def test_a_fixed_span_against_itself_is_one_stretch() -> None:
    span = Span(FuzzyDate.day(2017, 9, 11), FuzzyDate.day(2017, 9, 13))
    assert date_level(span, span) == "same_day"
    # A start that may be the 11th or 12th, before an end on the 11th, is the 11th.
    pinned = Span(FuzzyDate(date(2017, 9, 11), date(2017, 9, 12)), FuzzyDate.day(2017, 9, 11))
    assert date_level(pinned, FuzzyDate.day(2017, 9, 11)) == "same_day"
    loose = Span(FuzzyDate.day(2017, 9, 11), FuzzyDate.month(2017, 9))
    assert date_level(loose, loose) == "same_bounds"
    assert date_level(Span(FuzzyDate.day(2017, 9, 11), None), FuzzyDate.day(2030, 1, 1)) == (
        "overlap_wide"
    )


@given(strategies.fuzzy_dates(**NEAR), strategies.fuzzy_dates(**NEAR))
def test_an_overlap_is_as_narrow_as_the_wider_date(a: FuzzyDate, b: FuzzyDate) -> None:
    level = compare_dates(a, b).level
    assume(level in OVERLAPS - {"same_day", "same_bounds"})
    wider = max(a.days, b.days)
    widths = {
        "overlap_narrow": (1, NARROW_DAYS),
        "overlap_week": (NARROW_DAYS + 1, WEEK_DAYS),
        "overlap_month": (WEEK_DAYS + 1, MONTH_DAYS),
        "overlap_wide": (MONTH_DAYS + 1, 10**7),
    }
    low, high = widths[str(level)]
    assert low <= wider <= high


def test_a_week_and_a_month_overlap_a_day_at_their_own_levels() -> None:
    day = FuzzyDate.day(2017, 9, 14)
    week = Span(FuzzyDate.day(2017, 9, 11), FuzzyDate.day(2017, 9, 17))
    assert compare_dates(week, day).level == "overlap_week"
    assert compare_dates(FuzzyDate.month(2017, 9), day).level == "overlap_month"
    assert compare_dates(FuzzyDate.year(2017), day).level == "overlap_wide"


@given(strategies.fuzzy_dates(**NEAR))
def test_a_date_against_itself(a: FuzzyDate) -> None:
    assert compare_dates(a, a).level == ("same_day" if a.is_exact else "same_bounds")


def test_dates_a_day_apart_are_adjacent() -> None:
    assert compare_dates(FuzzyDate.day(2017, 9, 11), FuzzyDate.day(2017, 9, 12)).level == "adjacent"
    assert compare_dates(FuzzyDate.day(2017, 9, 11), FuzzyDate.day(2017, 9, 14)).level == "apart"
    month = compare_dates(FuzzyDate.month(2017, 9), FuzzyDate.day(2017, 9, 14))
    assert month.level == "overlap_month"
    assert "equals" in month.detail  # a date is one day within its bounds


@given(st.integers(1, 4000))
def test_slack_grows_with_width(days: int) -> None:
    assert 1 <= slack_days(days) <= slack_days(days + 1) <= 31


# -- places ------------------------------------------------------------------------------


@given(lats, lons, lats, lons)
def test_great_circle_is_a_symmetric_bounded_distance(
    a: float, b: float, c: float, d: float
) -> None:
    km = great_circle_km(a, b, c, d)
    assert km == great_circle_km(c, d, a, b)
    assert 0.0 <= km <= 20016.0
    assert great_circle_km(a, b, a, b) == 0.0


@given(lats, lons, lats, lons, lats, lons)
def test_great_circle_triangle_inequality(
    a: float, b: float, c: float, d: float, e: float, f: float
) -> None:
    assert (
        great_circle_km(a, b, e, f)
        <= great_circle_km(a, b, c, d) + great_circle_km(c, d, e, f) + 1e-6
    )


def test_great_circle_known_distance() -> None:
    # Palmyra to Homs, about 150 km.
    assert 140 < great_circle_km(34.5604, 38.2672, 34.7308, 36.7094) < 150


keys = st.sampled_from(["a", "b", None])
places = st.builds(
    Place,
    location=st.sampled_from(["x", "y", None]),
    latitude=st.floats(30.0, 31.0),
    longitude=st.floats(40.0, 41.0),
    radius_km=st.sampled_from([5.0, 25.0]),
    level=st.sampled_from(list(AreaLevel)),
    country=keys,
    admin1=keys,
    admin2=keys,
)


@given(places, places)
def test_place_levels_are_symmetric_and_known(a: Place, b: Place) -> None:
    one = compare_places(a, b)
    assert one == compare_places(b, a)
    assert one.level is None or one.level in LEVELS["place"]


@given(lats, lons, st.floats(0.0, 30.0))
def test_points_by_distance_against_precision(lat: float, lon: float, offset_km: float) -> None:
    a = Place("a", lat, lon, 5.0, AreaLevel.POINT)
    b = Place("b", min(89.9, lat + offset_km / 111.195), lon, 5.0, AreaLevel.POINT)
    km = great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
    level = compare_places(a, b).level
    if km <= 1.0:
        assert level == "same_location"
    elif km <= 5.0:
        assert level == "close"
    elif km <= 10.0:
        assert level == "within_reach"
    else:
        assert level == "apart"


def test_an_area_holds_the_points_inside_it() -> None:
    town = Place("t", 34.5, 38.2, 5.0, AreaLevel.POINT, "sr", "hms", "tdmr")
    homs = Place("h", None, None, 0.0, AreaLevel.ADMIN1, "sr", "hms")
    aleppo = Place("a", None, None, 0.0, AreaLevel.ADMIN1, "sr", "alp")
    syria = Place("s", None, None, 0.0, AreaLevel.COUNTRY, "sr")
    iraq = Place("i", None, None, 0.0, AreaLevel.COUNTRY, "irk")
    district = Place("d", None, None, 0.0, AreaLevel.ADMIN2, "sr", "hms", "tdmr")
    assert compare_places(town, homs).level == "inside_admin1"
    assert compare_places(town, district).level == "inside_admin2"
    assert compare_places(district, homs).level == "inside_admin1"
    assert compare_places(homs, homs).level == "same_area"
    assert compare_places(town, aleppo).level == "same_country"
    assert compare_places(town, syria).level == "same_country"
    assert compare_places(town, iraq).level == "apart"
    assert compare_places(town, Place()).level is None


# -- types -------------------------------------------------------------------------------

kinds = st.frozensets(st.sampled_from(sorted(EVENT_TYPES)), min_size=1, max_size=3)
types = st.frozensets(
    st.tuples(
        st.sampled_from(["acled", "ucdp-ged", "class"]), st.tuples(st.sampled_from(["x", "y"]))
    ),
    max_size=3,
)


@given(kinds, types, kinds, types)
def test_type_levels_are_symmetric(
    a: frozenset[str], at: frozenset, b: frozenset[str], bt: frozenset
) -> None:
    one = compare_types(a, at, b, bt)
    assert one == compare_types(b, bt, a, at)
    assert one.level in LEVELS["type"]
    assert (one.level == "incompatible") == (not a & b)


@given(strategies.events())
def test_an_event_may_be_its_own_class(event) -> None:
    assert type(event).event_type in possible_classes(event)


def test_the_crosswalk_joins_acled_and_ucdp() -> None:
    assert acled_class(("Political violence", "Battles", "Armed clash")) == "armed_clash"
    assert acled_class(("Battle-No change of territory",)) == "armed_clash"
    assert acled_class(("Violence against civilians",)) == "attack"
    assert acled_class(("Riots/Protests",)) == "demonstration"
    assert acled_class(("Nothing ACLED files",)) is None
    assert "armed_clash" in UCDP_CLASSES["state-based conflict"]
    assert "attack" in UCDP_CLASSES["one-sided violence"]
    assert "demonstration" not in UCDP_CLASSES["one-sided violence"]
    from conflict_events.model import ArmedClash

    ucdp = ArmedClash(
        id="u",
        when=FuzzyDate.day(2017, 1, 1),
        side_a=("a",),
        classifications=(Classification("ucdp-ged", ("State-based conflict",)),),
    )
    assert {"armed_clash", "remote_violence", "control_change"} <= possible_classes(ucdp)


# -- actors ------------------------------------------------------------------------------

actor_sets = st.lists(st.frozensets(st.sampled_from("abcdef"), min_size=1, max_size=3), max_size=4)


@given(actor_sets, actor_sets)
def test_actor_levels_are_symmetric(a: list[frozenset[str]], b: list[frozenset[str]]) -> None:
    one = compare_actors(a, b)
    assert one == compare_actors(b, a)
    if not a or not b:
        assert one.level is None
    else:
        shared = frozenset().union(*a) & frozenset().union(*b)
        assert (one.level == "none_shared") == (not shared)
        assert one.level in LEVELS["actors"]


@given(actor_sets.filter(bool))
def test_actors_against_themselves_are_all_shared(a: list[frozenset[str]]) -> None:
    assert compare_actors(a, a).level == "all_shared"


# -- fatalities --------------------------------------------------------------------------


@given(st.none() | strategies.estimates(), st.none() | strategies.estimates())
def test_fatality_levels_are_symmetric(a: Estimate | None, b: Estimate | None) -> None:
    one = compare_fatalities(a, b)
    assert one == compare_fatalities(b, a)
    assert one.level is None or one.level in LEVELS["fatalities"]
    if fatality_interval(a) is None or fatality_interval(b) is None:
        assert one.level is None


@given(strategies.estimates())
def test_an_estimate_against_itself(a: Estimate) -> None:
    level = compare_fatalities(a, a).level
    if a.qualifier is EstimateQualifier.NONE_REPORTED:
        assert level is None
    else:
        assert level == ("both_zero" if a.point == 0 else "same")


@given(strategies.estimates())
def test_the_interval_holds_every_figure(a: Estimate) -> None:
    interval = fatality_interval(a)
    if interval is not None:
        for _, value in a.figures():
            assert value is None or interval[0] <= value <= interval[1]


def test_fatality_levels_on_cases() -> None:
    assert (
        compare_fatalities(Estimate(low=1, best=1, high=30), Estimate.exactly(20)).level
        == "overlap"
    )
    assert compare_fatalities(Estimate.exactly(10), Estimate.exactly(15)).level == "close"
    assert compare_fatalities(Estimate.exactly(10), Estimate.exactly(100)).level == "different"
    assert compare_fatalities(Estimate.at_least(10), Estimate.exactly(100)).level == "overlap"
    none = Estimate(best=0, qualifier=EstimateQualifier.NONE_REPORTED)
    assert compare_fatalities(none, Estimate.exactly(3)).level is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" ()ab-2", max_size=24))
def test_qualifiers_are_dropped_as_the_rule_says(text: str) -> None:
    """Trailing "(…)" groups without nested brackets go, with their spaces, unless nothing is left."""
    import re

    from conflict_events.matching.names import _without_qualifiers

    rule = re.compile(r"\s*\([^()]*\)\s*$")  # the rule in its plain form, checked on short texts
    expected = text
    while (stripped := rule.sub("", expected)) != expected and stripped:
        expected = stripped
    assert _without_qualifiers(text) == expected
