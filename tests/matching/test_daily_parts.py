"""
Daily parts: a span of days may match several single days inside it at one place.

ACLED writes a fight of several days as one row a day, UCDP as one event over
the range. Under "each event matches at most one event of each other dataset"
the rows would share the range's event; as its daily parts (`_is_daily_part`:
single days at one point inside a span of at most `_WHOLE_DAYS` days placed at
a point) they are no rivals of each other. Candidates that could be the same
day still are.
"""

import math
import random
from datetime import date, timedelta
from functools import cache

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import Dataset
from conflict_events.examples import sample
from conflict_events.formats.acled import read_acled
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.matching import _parts as parts
from conflict_events.matching import match, matcher
from conflict_events.matching.matcher import compete
from conflict_events.matching.profiles import AreaLevel, Place, Profile
from conflict_events.temporal import FuzzyDate

START = date(2016, 6, 3)


def _profile(
    ident: str, first: int, days: int = 1, location: str = "rasafa", *, point: bool = True
) -> Profile:
    """An event from day *first* after `START` over *days* days, at a point or in an area."""
    begins = START + timedelta(days=first)
    when = FuzzyDate(begins, begins + timedelta(days=days - 1))
    place = (
        Place(
            location=location, latitude=35.6, longitude=38.7, radius_km=25.0, level=AreaLevel.POINT
        )
        if point
        else Place(location=location, level=AreaLevel.ADMIN1, country="sr", admin1="rk")
    )
    return Profile(
        id=ident,
        when=when,
        first=when.earliest.toordinal(),
        last=when.latest.toordinal(),
        place=place,
        classes=frozenset({"armed_clash"}),
        own_types=frozenset(),
        actors=(),
        fatalities=None,
    )


def _compete(
    found: list[Profile], groups: list[int], pairs: list[tuple[int, int]], odds: float = 9999.0
) -> dict[tuple[str, str], float]:
    probabilities = compete(found, groups, pairs, [math.log(odds)] * len(pairs))
    return {(found[i].id, found[j].id): p for (i, j), p in zip(pairs, probabilities, strict=True)}


# -- the rule -----------------------------------------------------------------------------


def test_three_daily_rows_each_match_the_range_they_split() -> None:
    # UCDP: 3-10 June; ACLED: 4, 6 and 8 June at one place.
    found = [_profile("whole", 0, 8), _profile("d1", 1), _profile("d3", 3), _profile("d5", 5)]
    probabilities = _compete(found, [0, 1, 1, 1], [(0, 1), (0, 2), (0, 3)])
    assert all(p > 0.99 for p in probabilities.values())
    assert min(probabilities.values()) > 0.5


def test_whichever_side_holds_the_range() -> None:
    found = [_profile("d1", 1), _profile("d3", 3), _profile("whole", 0, 8)]
    probabilities = _compete(found, [0, 0, 1], [(0, 2), (1, 2)])
    assert all(p > 0.99 for p in probabilities.values())


def test_two_candidates_for_the_same_day_still_split() -> None:
    # Both on 4 June inside the range, at one place or at two: only one can be that day.
    for other in ("rasafa", "tabqa"):
        found = [_profile("whole", 0, 8), _profile("a", 1), _profile("b", 1, location=other)]
        probabilities = _compete(found, [0, 1, 1], [(0, 1), (0, 2)])
        assert list(probabilities.values()) == pytest.approx([0.5, 0.5], abs=1e-3)


def test_a_day_and_a_span_that_holds_it_are_rivals() -> None:
    # A candidate of several days could be any of them: not a daily part.
    found = [_profile("whole", 0, 8), _profile("day", 1), _profile("days", 1, 3)]
    probabilities = _compete(found, [0, 1, 1], [(0, 1), (0, 2)])
    assert list(probabilities.values()) == pytest.approx([0.5, 0.5], abs=1e-3)


def test_days_at_two_places_are_rivals() -> None:
    found = [_profile("whole", 0, 8), _profile("a", 1), _profile("b", 3, location="tabqa")]
    probabilities = _compete(found, [0, 1, 1], [(0, 1), (0, 2)])
    assert list(probabilities.values()) == pytest.approx([0.5, 0.5], abs=1e-3)


@pytest.mark.parametrize(
    "whole",
    [
        _profile("one day", 1),  # a single day has no parts
        _profile("a month", 0, 30),  # a date known to the month: one of the days, not all
        _profile("an area", 0, 8, point=False),  # a range only known to its province
    ],
    ids=["one day", "a month", "an area"],
)
def test_no_daily_parts_without_a_short_span_at_a_point(whole: Profile) -> None:
    found = [whole, _profile("a", 1), _profile("b", 3)]
    probabilities = _compete(found, [0, 1, 1], [(0, 1), (0, 2)])
    assert sum(probabilities.values()) <= 1.0 + 1e-9


def test_a_rival_range_still_takes_from_the_parts() -> None:
    # Day 1 is a daily part of "whole" but also fits another event of the range's dataset.
    found = [_profile("whole", 0, 8), _profile("d1", 1), _profile("d3", 3), _profile("other", 1)]
    probabilities = _compete(found, [0, 1, 1, 0], [(0, 1), (0, 2), (1, 3)])
    assert probabilities[("whole", "d1")] == pytest.approx(probabilities[("d1", "other")])
    assert probabilities[("whole", "d1")] + probabilities[("d1", "other")] <= 1.0 + 1e-9
    assert probabilities[("whole", "d3")] > 0.99


def test_a_months_candidates_still_sum_to_at_most_one() -> None:
    whole = _profile("a month", 0, 30)
    found = [whole, *(_profile(f"d{k}", k) for k in range(0, 30, 3))]
    pairs = [(0, k) for k in range(1, len(found))]
    probabilities = _compete(found, [0] + [1] * (len(found) - 1), pairs)
    assert sum(probabilities.values()) <= 1.0 + 1e-9


# -- symmetry and order --------------------------------------------------------------------


@st.composite
def events(draw: st.DrawFn) -> tuple[list[Profile], list[int], list[tuple[int, int]], list[float]]:
    """
    Ranges of 8 days and single days at one or two places, and others; candidate pairs.

    Most cross-dataset pairs are candidates and most are strong: daily parts are
    common, with rival days, rival ranges and weak pairs beside them.
    """
    ranges = draw(st.integers(1, 2))
    days = draw(st.integers(2, 5))
    others = draw(st.integers(0, 2))
    found = [
        *(_profile(f"r{k}", draw(st.integers(0, 2)), 8) for k in range(ranges)),
        *(
            _profile(f"d{k}", draw(st.integers(0, 7)), 1, draw(st.sampled_from(["a", "a", "b"])))
            for k in range(days)
        ),
        *(
            _profile(
                f"o{k}",
                draw(st.integers(0, 7)),
                draw(st.sampled_from([1, 3, 20])),
                "a",
                point=draw(st.booleans()),
            )
            for k in range(others)
        ),
    ]
    for k in range(ranges):  # a range's place: where its days are or elsewhere
        found[k] = attrs.evolve(
            found[k], place=attrs.evolve(found[k].place, location=draw(st.sampled_from("ab")))
        )
    size = len(found)
    groups = [draw(st.integers(0, 2 if k >= ranges + days else 1)) for k in range(size)]
    possible = [(i, j) for i in range(size) for j in range(i + 1, size) if groups[i] != groups[j]]
    kept = draw(st.lists(st.sampled_from([True, True, True, False]), min_size=len(possible)))
    pairs = [pair for pair, keep in zip(possible, kept, strict=False) if keep]
    log_odds = [draw(st.sampled_from([-12.0, 2.0, 9.0]) | st.floats(-12.0, 12.0)) for _ in pairs]
    rng = draw(st.randoms(use_true_random=False))
    order = list(range(size))
    rng.shuffle(order)  # the ranges not always first
    position = {old: new for new, old in enumerate(order)}
    moved = [(min(position[i], position[j]), max(position[i], position[j])) for i, j in pairs]
    held = sorted(zip(moved, log_odds, strict=True))
    return (
        [found[old] for old in order],
        [groups[old] for old in order],
        [pair for pair, _ in held],
        [x for _, x in held],
    )


def _by_ids(
    found: list[Profile], groups: list[int], pairs: list[tuple[int, int]], log_odds: list[float]
) -> dict[frozenset[str], float]:
    probabilities = compete(found, groups, pairs, log_odds)
    return {
        frozenset((found[i].id, found[j].id)): p
        for (i, j), p in zip(pairs, probabilities, strict=True)
    }


@settings(max_examples=200)
@given(events(), st.randoms(use_true_random=False))
def test_the_probabilities_do_not_depend_on_order_or_on_which_side_is_first(
    graph: tuple[list[Profile], list[int], list[tuple[int, int]], list[float]],
    rng: random.Random,
) -> None:
    found, groups, pairs, log_odds = graph
    expected = _by_ids(found, groups, pairs, log_odds)
    # The events in another order, the datasets renumbered (match(b, a) puts b first),
    # each pair held lesser index first as the matcher holds it, the pairs in any order.
    order = list(range(len(found)))
    rng.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    renumber = {0: 2, 1: 0, 2: 1}
    moved = [found[old] for old in order]
    moved_groups = [renumber[groups[old]] for old in order]
    held = [
        (min(position[i], position[j]), max(position[i], position[j]), x)
        for (i, j), x in zip(pairs, log_odds, strict=True)
    ]
    rng.shuffle(held)
    again = _by_ids(moved, moved_groups, [(i, j) for i, j, _ in held], [x for _, _, x in held])
    assert again == expected


@settings(max_examples=200)
@given(events())
def test_an_events_candidates_count_at_most_one_match_per_day(
    graph: tuple[list[Profile], list[int], list[tuple[int, int]], list[float]],
) -> None:
    """Summed, but a range's daily parts at one place as their most probable day."""
    found, groups, pairs, log_odds = graph
    probabilities = compete(found, groups, pairs, log_odds)
    held: dict[tuple[int, int], list[tuple[int, float, bool]]] = {}
    for (i, j), p, x in zip(pairs, probabilities, log_odds, strict=True):
        assert 0.0 <= p <= 1.0
        strong = not matcher.is_weak(x)  # a weak pair is every pair's rival
        held.setdefault((i, groups[j]), []).append((j, p, strong))
        held.setdefault((j, groups[i]), []).append((i, p, strong))
    for (event, _), candidates in held.items():
        whole = found[event]
        days: dict[object, dict[int, float]] = {}
        total = 0.0
        for other, p, strong in candidates:
            if strong and matcher._is_daily_part(whole, found[other]):
                place = days.setdefault(found[other].place.location, {})
                place[found[other].first] = place.get(found[other].first, 0.0) + p
            else:
                total += p
        total += sum(max(place.values()) for place in days.values())
        assert total <= 1.0 + 1e-9


# -- the worked example, in parts and in workers -------------------------------------------


@cache
def example() -> tuple[Dataset, Dataset]:
    return (
        read_acled(sample("acled_syria_2016_synthesised.csv")),
        read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv")),
    )


def test_the_daily_rows_of_the_worked_example_match_ucdps_range() -> None:
    acled, ged = example()
    split = match(acled, ged).of("ucdp:224092")
    assert sorted(m.left_id for m in split) == ["acled:SYR9004", "acled:SYR9005", "acled:SYR9006"]
    assert all(m.probability > 0.99 for m in split)
    backward = [m.swapped() for m in match(ged, acled).of("ucdp:224092")]
    assert sorted(backward, key=lambda m: m.left_id) == sorted(split, key=lambda m: m.left_id)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("part_pairs", [1, 200_000])
@pytest.mark.parametrize("min_probability", [0.01, 0.0])
def test_the_worked_example_in_parts_and_workers_is_one_result(
    workers: int, part_pairs: int, min_probability: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 0.01 the propagation is split by strong components; at 0 by whole components."""
    acled, ged = example()
    expected = {
        (m.left_id, m.right_id): m.probability
        for m in match(acled, ged, min_probability=0.0)
        if m.probability >= min_probability
    }
    monkeypatch.setattr(parts, "PART_PAIRS", part_pairs)
    found = match(acled, ged, workers=workers, min_probability=min_probability)
    assert {(m.left_id, m.right_id): m.probability for m in found} == expected


def test_a_whole_and_its_parts_under_renamed_ids_match_alike() -> None:
    """Ids only name the events: the same records under other ids give the same pairs."""
    acled, ged = example()
    renamed = attrs.evolve(
        acled, events=tuple(attrs.evolve(e, id="z" + e.id) for e in reversed(acled.events))
    )
    found = {(m.left_id, m.right_id): m.probability for m in match(acled, ged)}
    again = {(m.left_id[1:], m.right_id): m.probability for m in match(renamed, ged)}
    assert again == found
