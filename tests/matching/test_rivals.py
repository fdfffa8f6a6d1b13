"""`compete`: pair probabilities under "at most one match per event and dataset"."""

import math
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events.matching import matcher
from conflict_events.matching.matcher import _Constraint, _messages, compete
from conflict_events.matching.profiles import AreaLevel, Place, Profile
from conflict_events.temporal import FuzzyDate

MONTH = FuzzyDate.month(2016, 5)


def _event(index: int) -> Profile:
    """An event known to a month and an admin1 area: never one slot with another."""
    place = Place(location=f"p{index}", level=AreaLevel.ADMIN1, country="syr", admin1="hms")
    return Profile(
        id=f"e{index}",
        when=MONTH,
        first=MONTH.earliest.toordinal(),
        last=MONTH.latest.toordinal(),
        place=place,
        classes=frozenset({"armed_clash"}),
        own_types=frozenset(),
        actors=(),
        fatalities=None,
    )


def _probabilities(
    groups: list[int], pairs: list[tuple[int, int]], odds: list[float]
) -> dict[tuple[int, int], float]:
    found = [_event(i) for i in range(len(groups))]
    return dict(zip(pairs, compete(found, groups, pairs, [math.log(o) for o in odds]), strict=True))


def test_a_pair_without_rivals_keeps_its_own_probability() -> None:
    assert _probabilities([0, 1], [(0, 1)], [9.0]) == {(0, 1): pytest.approx(0.9)}


def test_twins_share_what_one_would_have() -> None:
    found = _probabilities([0, 1, 1], [(0, 1), (0, 2)], [99.0, 99.0])
    assert found[(0, 1)] == pytest.approx(found[(0, 2)])
    assert found[(0, 1)] == pytest.approx(99 / (1 + 2 * 99), abs=3e-5)  # settled to 3e-5


def test_a_rival_matched_better_elsewhere_takes_less() -> None:
    # Event 0 has candidates 1 and 2 in dataset 1; event 2 also fits event 3 of dataset 0 well.
    free = _probabilities([0, 1, 1], [(0, 1), (0, 2)], [9.0, 9.0])
    taken = _probabilities([0, 1, 1, 0], [(0, 1), (0, 2), (2, 3)], [9.0, 9.0, 999.0])
    assert taken[(0, 1)] > free[(0, 1)]
    assert taken[(0, 2)] < free[(0, 2)]
    assert taken[(2, 3)] > 0.9


def test_a_dominant_pair_leaves_its_rivals_their_own_weight() -> None:
    # Odds near the clip (e**300): what the dominant pair hears is its rival's weight,
    # not a rounding error of the total less itself (which would be 0 here).
    constraint = _Constraint(edges=(0, 1), slots=(0, 1), inbound=(True, True))
    heard = _messages(constraint, [math.exp(299), 1.0])
    assert heard[0] == 0.5
    assert heard[1] == pytest.approx(1 / (1 + math.exp(299)))
    found = _probabilities([0, 1, 1], [(0, 1), (0, 2)], [math.exp(299), 1.0])
    assert found[(0, 1)] == pytest.approx(1.0)
    assert found[(0, 2)] < 1e-4


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[int], list[tuple[int, int]], list[float]]:
    groups = draw(st.lists(st.integers(0, 2), min_size=2, max_size=10))
    possible = [
        (i, j)
        for i in range(len(groups))
        for j in range(i + 1, len(groups))
        if groups[i] != groups[j]
    ]
    pairs = sorted(draw(st.sets(st.sampled_from(possible), max_size=20))) if possible else []
    odds = [draw(st.floats(1e-9, 1e6)) for _ in pairs]
    return groups, pairs, odds


@settings(max_examples=200)
@given(graphs())
def test_no_event_has_more_than_one_match_per_dataset_in_expectation(
    graph: tuple[list[int], list[tuple[int, int]], list[float]],
) -> None:
    groups, pairs, odds = graph
    found = _probabilities(groups, pairs, odds)
    sums: dict[tuple[int, int], float] = defaultdict(float)
    for (i, j), probability in found.items():
        assert 0.0 <= probability <= 1.0
        sums[(i, groups[j])] += probability
        sums[(j, groups[i])] += probability
    assert all(total <= 1.0 + 1e-9 for total in sums.values())


@settings(max_examples=100)
@given(graphs(), st.randoms(use_true_random=False))
def test_the_probabilities_depend_only_on_the_set_of_pairs(
    graph: tuple[list[int], list[tuple[int, int]], list[float]], rng: object
) -> None:
    groups, pairs, odds = graph
    found = _probabilities(groups, pairs, odds)
    shuffled = list(zip(pairs, odds, strict=True))
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    again = _probabilities(groups, [p for p, _ in shuffled], [o for _, o in shuffled])
    assert again == found


def test_no_pairs_no_probabilities() -> None:
    assert compete([], [], [], []) == []


@settings(max_examples=100)
@given(graphs())
def test_weak_pairs_as_a_background_change_little(
    graph: tuple[list[int], list[tuple[int, int]], list[float]],
) -> None:
    # Pairs with odds under e**-9 only weigh on their rivals (at most 20 pairs here).
    groups, pairs, odds = graph
    found = _probabilities(groups, pairs, odds)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matcher, "_WEAK_LOG_ODDS", -math.inf)
        exact = _probabilities(groups, pairs, odds)
    for pair, probability in found.items():
        assert probability == pytest.approx(exact[pair], abs=5e-3)
