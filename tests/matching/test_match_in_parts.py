"""Matching in parts, in worker processes or not, gives what one pass over every pair gives."""

import math
from collections import Counter
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import Dataset
from conflict_events.matching import _parts as parts
from conflict_events.matching import match, match_all
from conflict_events.matching.blocking import Buckets, candidate_pairs
from conflict_events.matching.comparisons import COMPARISONS
from conflict_events.matching.matcher import (
    REFIT_ANCHOR,
    REFIT_ROUNDS,
    REFIT_SETTLED,
    REFIT_TOLERANCE,
    _pattern,
    compete,
    initial_model,
)
from conflict_events.matching.model import Model, Pattern, fit, log_odds_of, refit
from conflict_events.matching.profiles import profiles


def one_pass(
    datasets: list[Dataset], min_probability: float = 0.01
) -> tuple[dict[tuple[str, str], float], object]:
    """Every candidate pair at once, as the matcher was before it worked in parts."""
    found = [p for dataset in datasets for p in profiles(dataset)]
    groups = [k for k, dataset in enumerate(datasets) for _ in dataset.events]
    pairs = sorted(candidate_pairs(found, groups))
    patterns = [_pattern(found[i], found[j]) for i, j in pairs]
    sizes = Counter(groups)
    expected = sum(max(sizes[a], sizes[b]) for a in sizes for b in sizes if a < b)
    counts = Counter(patterns)
    model = fit(counts, initial_model(), max_prior=min(1.0, expected / len(pairs)))

    def matched(current: Model) -> dict[Pattern, float]:
        odds = log_odds_of(current, patterns)
        competed = compete(found, groups, pairs, [odds[p] for p in patterns], settled=REFIT_SETTLED)
        summed: dict[Pattern, list[float]] = {}
        for pattern, probability in zip(patterns, competed, strict=True):
            summed.setdefault(pattern, []).append(probability)
        return {pattern: math.fsum(values) for pattern, values in summed.items()}

    model = refit(
        counts,
        model,
        matched,
        anchor=REFIT_ANCHOR,
        max_rounds=REFIT_ROUNDS,
        tolerance=REFIT_TOLERANCE,
    )
    odds = log_odds_of(model, patterns)
    probabilities = compete(found, groups, pairs, [odds[p] for p in patterns])
    kept = {
        (found[i].id, found[j].id): p
        for (i, j), p in zip(pairs, probabilities, strict=True)
        if p >= min_probability
    }
    return kept, model


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("part_pairs", [1, 7, 200_000])
@pytest.mark.parametrize("min_probability", [0.01, 0.0])
def test_match_in_parts_is_the_one_pass_result_bit_for_bit(
    workers: int,
    part_pairs: int,
    min_probability: float,
    monkeypatch: pytest.MonkeyPatch,
    coarse_copy: Dataset,
    ucdp_sample: Dataset,
) -> None:
    """At 0.01 the propagation is split by strong components; at 0 by whole components."""
    monkeypatch.setattr(parts, "PART_PAIRS", part_pairs)
    expected, model = one_pass([ucdp_sample, coarse_copy], min_probability)
    found = match(ucdp_sample, coarse_copy, workers=workers, min_probability=min_probability)
    assert found.model == model
    assert {(m.left_id, m.right_id): m.probability for m in found} == expected
    assert len(found) == len(expected)


def test_match_all_in_workers_is_match_all_in_one_process(
    monkeypatch: pytest.MonkeyPatch,
    acled_sample: Dataset,
    coarse_copy: Dataset,
    ucdp_sample: Dataset,
) -> None:
    datasets = [ucdp_sample, coarse_copy, acled_sample]
    alone = match_all(datasets)
    monkeypatch.setattr(parts, "PART_PAIRS", 5)
    assert match_all(datasets, workers=2) == alone
    assert match_all(datasets[::-1], workers=2) == alone


def test_a_sample_against_itself_in_workers_is_the_one_pass_result(acled_sample: Dataset) -> None:
    expected, model = one_pass([acled_sample, acled_sample])
    found = match(acled_sample, acled_sample, workers=2)
    assert found.model == model
    assert {(m.left_id, m.right_id): m.probability for m in found} == expected


def test_the_coder_gives_each_pair_the_levels_of_the_comparisons(
    acled_sample: Dataset, coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    found = [*profiles(ucdp_sample), *profiles(coarse_copy), *profiles(acled_sample)]
    coder = parts.Coder(found)
    pairs = [(i, j) for i in range(0, len(found), 3) for j in range(1, len(found), 5)]
    for i, j in pairs:
        assert coder.codes.decode(coder(i, j)) == _pattern(found[i], found[j]), (i, j)


def test_each_candidate_pair_is_claimed_by_exactly_one_bucket(
    coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    found = [*profiles(ucdp_sample), *profiles(coarse_copy)]
    groups = [0] * len(ucdp_sample.events) + [1] * len(coarse_copy.events)
    buckets = Buckets.of(found)
    claimed = [list(buckets.pairs(groups, [position])) for position in range(len(buckets.members))]
    every = [pair for part in claimed for pair in part]
    assert len(every) == len(set(every))
    assert set(every) == candidate_pairs(found, groups)


_SIZES = tuple(len(c.levels) for c in COMPARISONS)


@given(st.tuples(*(st.none() | st.integers(0, size - 1) for size in _SIZES)))
def test_a_pattern_survives_its_code(pattern: tuple[int | None, ...]) -> None:
    codes = parts.Codes(_SIZES)
    code = codes.encode(pattern)
    assert codes.decode(code) == pattern
    assert 0 <= code < 1 << 16
    assert codes.typecode == "H"


def test_generated_datasets_in_small_parts_and_workers_give_the_one_pass_result(
    monkeypatch: pytest.MonkeyPatch, bench: ModuleType
) -> None:
    """Many rivals, weak pairs joining parts: the benchmark's generated data, 300 incidents."""
    observed, _, _ = bench.observe(300, seed=11)
    datasets = [o.dataset for o in observed[:2]]
    expected, model = one_pass(datasets)
    monkeypatch.setattr(parts, "PART_PAIRS", 50)
    found = match(*datasets, workers=2)
    assert found.model == model
    assert {(m.left_id, m.right_id): m.probability for m in found} == expected
    assert len(expected) > 100
