"""EM's refit under the one-to-one constraint: `model.refit`, and the matcher's use of it."""

import math
import random
import zlib
from array import array
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import ConflictEventsError, Dataset
from conflict_events.matching import _parts as parts
from conflict_events.matching import match, match_all, matcher
from conflict_events.matching.blocking import Buckets
from conflict_events.matching.model import Model, Pattern, fit, refit

LEVELS = (("agree", "partly", "disagree"), ("agree", "disagree"), ("agree", "disagree"))
TRUE_M = ((0.8, 0.15, 0.05), (0.9, 0.1), (0.7, 0.3))
TRUE_U = ((0.1, 0.3, 0.6), (0.2, 0.8), (0.25, 0.75))


def _start() -> Model:
    return Model.initial(["a", "b", "c"], LEVELS)


def _drawn(rng: random.Random, size: int = 20_000) -> tuple[dict[Pattern, int], dict[Pattern, int]]:
    """Pairs drawn from the true model, a fifth of them matches: all counts, the matches'."""
    counts: dict[Pattern, int] = {}
    matches: dict[Pattern, int] = {}
    for i in range(size):
        is_match = i % 5 == 0
        table = TRUE_M if is_match else TRUE_U
        pattern = tuple(rng.choices(range(len(row)), row)[0] for row in table)
        counts[pattern] = counts.get(pattern, 0) + 1
        if is_match:
            matches[pattern] = matches.get(pattern, 0) + 1
    return counts, matches


def _em_posteriors(counts: dict[Pattern, int]) -> Callable[[Model], dict[Pattern, float]]:
    return lambda model: {p: n * model.probability(p) for p, n in counts.items()}


def test_a_converged_em_fit_is_a_fixed_point_of_the_unconstrained_refit() -> None:
    """Given EM's own E step, one round moves nothing by more than the tolerance."""
    counts, _ = _drawn(random.Random(7))  # noqa: S311 - a test's fixed draw
    fitted = fit(counts, _start())
    refitted = refit(counts, fitted, _em_posteriors(counts))
    assert refitted.refits == 1
    assert refitted.prior == fitted.prior
    for old, new in ((fitted.m, refitted.m), (fitted.u, refitted.u)):
        for xs, ys in zip(old, new, strict=True):
            assert all(abs(x - y) <= 0.002 for x, y in zip(xs, ys, strict=True))


def test_the_refit_learns_the_levels_from_the_posteriors_it_is_given() -> None:
    """A wrong model refitted on the true matches recovers the true m and u, the prior kept."""
    counts, matches = _drawn(random.Random(11))  # noqa: S311 - a test's fixed draw
    wrong = Model.initial(["a", "b", "c"], LEVELS)  # m falling, u rising, but far from the truth
    wrong = Model(wrong.comparisons, wrong.levels, 0.3, wrong.u, wrong.m)  # and swapped
    refitted = refit(counts, wrong, lambda _: {p: float(n) for p, n in matches.items()})
    assert refitted.refits == 2  # the second round finds what the first did
    assert refitted.prior == 0.3
    for k, (true_m, true_u) in enumerate(zip(TRUE_M, TRUE_U, strict=True)):
        assert all(abs(a - b) < 0.03 for a, b in zip(refitted.m[k], true_m, strict=True))
        assert all(abs(a - b) < 0.03 for a, b in zip(refitted.u[k], true_u, strict=True))


def test_a_refit_of_no_pairs_is_the_model_itself() -> None:
    model = fit({}, _start())
    assert refit({}, model, lambda _: {}) == model


def test_the_rounds_stop_at_their_limit() -> None:
    """Posteriors that flip every round never settle: the refit stops after max_rounds."""
    counts, matches = _drawn(random.Random(3), 2_000)  # noqa: S311 - a test's fixed draw
    flips = iter(range(100))

    def flipping(_: Model) -> dict[Pattern, float]:
        chosen = matches if next(flips) % 2 else counts
        return {p: float(n) * 0.5 for p, n in chosen.items()}

    assert refit(counts, fit(counts, _start()), flipping, max_rounds=4).refits == 4


patterns = st.tuples(
    st.sampled_from([0, 1, 2, None]), st.sampled_from([0, 1, None]), st.sampled_from([0, 1])
)


@settings(max_examples=60)
@given(
    st.dictionaries(patterns, st.integers(1, 50), min_size=1, max_size=12),
    st.floats(-1.0, 2.0),
    st.randoms(use_true_random=False),
)
def test_a_refit_is_a_model_whatever_it_is_given(
    counts: dict[Pattern, int], share: float, rng: random.Random
) -> None:
    """Posteriors out of range are clipped; m and u stay distributions; order does not matter."""
    fitted = fit(counts, _start())

    def given_share(_: Model) -> dict[Pattern, float]:
        return {p: n * share for p, n in counts.items()}

    one = refit(counts, fitted, given_share, max_rounds=3)
    items = list(counts.items())
    rng.shuffle(items)
    assert refit(dict(items), fitted, given_share, max_rounds=3) == one
    assert one.prior == fitted.prior
    assert 1 <= one.refits <= 3
    for row in (*one.m, *one.u):
        assert math.isclose(sum(row), 1.0)
        assert all(0.0 < x < 1.0 for x in row)
    for pattern in counts:
        assert 0.0 <= one.probability(pattern) <= 1.0


# -- in the matcher ---------------------------------------------------------------------------


def test_match_refits_by_default_and_not_when_asked(
    coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    refitted = match(ucdp_sample, coarse_copy)
    plain = match(ucdp_sample, coarse_copy, refits=0)
    assert 1 <= refitted.model.refits <= matcher.REFIT_ROUNDS
    assert plain.model.refits == 0
    assert refitted.model.prior == plain.model.prior
    assert refitted.model.m != plain.model.m
    assert refitted.model.as_dict()["refits"] == refitted.model.refits


def test_a_model_given_is_applied_as_it_is(coarse_copy: Dataset, ucdp_sample: Dataset) -> None:
    model = match(ucdp_sample, coarse_copy, refits=0).model
    assert match(ucdp_sample, coarse_copy, model=model).model == model


@pytest.mark.parametrize("refits", [-1, True, 2.0, "3", None])
def test_refits_must_be_a_count(refits: object, ucdp_sample: Dataset) -> None:
    with pytest.raises(ConflictEventsError, match="refits must be a whole number"):
        match(ucdp_sample, ucdp_sample, refits=refits)  # type: ignore[arg-type]
    with pytest.raises(ConflictEventsError, match="refits must be a whole number"):
        match_all([ucdp_sample, ucdp_sample], refits=refits)  # type: ignore[arg-type]


def _state(datasets: list[Dataset]) -> tuple[parts.State, parts.Blocked]:
    found, groups = matcher._of_all(datasets)
    state = parts.State(found, groups, Buckets.of(found), parts.Coder(found))
    blocked = parts.Blocked(array("i"), array("i"), array(parts.CODES.typecode))
    for part in parts.block(state, parts.Forked(1)):
        blocked.lefts.extend(part.lefts)
        blocked.rights.extend(part.rights)
        blocked.patterns.extend(part.patterns)
    return state, blocked


def test_beyond_the_budget_the_sample_holds_every_pair_of_the_events_chosen_by_id(
    monkeypatch: pytest.MonkeyPatch, coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    state, blocked = _state([ucdp_sample, coarse_copy])
    assert matcher._sample(state, blocked) is blocked  # within the budget: every pair
    monkeypatch.setattr(matcher, "REFIT_PAIRS", len(blocked) // 4)
    sample = matcher._sample(state, blocked)
    cut = len(blocked) // 4 / (2 * len(blocked)) * 2**32
    chosen = {i for i, p in enumerate(state.found) if zlib.crc32(p.id.encode()) < cut}
    every = set(zip(blocked.lefts, blocked.rights, blocked.patterns, strict=True))
    kept = set(zip(sample.lefts, sample.rights, sample.patterns, strict=True))
    assert kept == {(i, j, code) for i, j, code in every if i in chosen or j in chosen}
    assert 0 < len(sample) < len(blocked)


def test_a_sampled_refit_keeps_match_symmetric_and_match_all_order_free(
    monkeypatch: pytest.MonkeyPatch, coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    whole = match(ucdp_sample, coarse_copy)
    _, blocked = _state([ucdp_sample, coarse_copy])
    monkeypatch.setattr(matcher, "REFIT_PAIRS", len(blocked) // 4)
    one = match(ucdp_sample, coarse_copy)
    two = match(coarse_copy, ucdp_sample)
    assert one.model != whole.model  # the sample was used
    assert one.model == two.model
    assert sorted((m.left_id, m.right_id, m.probability) for m in one) == sorted(
        (m.right_id, m.left_id, m.probability) for m in two
    )
    assert match_all([coarse_copy, ucdp_sample]) == match_all([ucdp_sample, coarse_copy])
    monkeypatch.setattr(parts, "PART_PAIRS", 5)
    assert match(ucdp_sample, coarse_copy, workers=2) == one
