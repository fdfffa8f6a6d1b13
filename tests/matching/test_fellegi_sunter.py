"""The Fellegi-Sunter model and its EM fit."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events.matching.model import Model, fit

LEVELS = (("agree", "partly", "disagree"), ("agree", "disagree"))


def _start() -> Model:
    return Model.initial(["a", "b"], LEVELS)


def _draw(rng: random.Random, match: bool) -> tuple[int, int]:
    if match:
        return (rng.choices([0, 1, 2], [0.8, 0.15, 0.05])[0], rng.choices([0, 1], [0.9, 0.1])[0])
    return (rng.choices([0, 1, 2], [0.1, 0.3, 0.6])[0], rng.choices([0, 1], [0.2, 0.8])[0])


def test_em_recovers_a_known_model() -> None:
    """Three comparisons (two latent classes need three to be identified)."""
    rng = random.Random(7)  # noqa: S311 - a test's fixed draw
    counts: dict[tuple[int | None, ...], int] = {}
    for i in range(20000):
        match = i % 5 == 0
        third = rng.choices([0, 1], [0.7, 0.3] if match else [0.25, 0.75])[0]
        pattern = (*_draw(rng, match), third)
        counts[pattern] = counts.get(pattern, 0) + 1
    model = fit(counts, Model.initial(["a", "b", "c"], (*LEVELS, ("agree", "disagree"))))
    assert model.converged
    assert abs(model.prior - 0.2) < 0.03
    assert abs(model.m[0][0] - 0.8) < 0.05
    assert abs(model.u[1][1] - 0.8) < 0.05
    assert model.weight(0, 0) > 0 > model.weight(0, 2)


patterns = st.tuples(st.sampled_from([0, 1, 2, None]), st.sampled_from([0, 1, None]))


@settings(max_examples=50)
@given(
    st.dictionaries(patterns, st.integers(1, 50), max_size=12), st.randoms(use_true_random=False)
)
def test_fit_does_not_depend_on_order(counts, rng) -> None:
    items = list(counts.items())
    rng.shuffle(items)
    one, two = fit(counts, _start()), fit(dict(items), _start())
    assert one == two
    for pattern in counts:
        assert 0.0 <= one.probability(pattern) <= 1.0


@settings(max_examples=50)
@given(st.dictionaries(patterns, st.integers(1, 50), min_size=1, max_size=12), st.floats(0.01, 1.0))
def test_the_prior_stays_under_its_cap(counts, cap) -> None:
    assert fit(counts, _start(), max_prior=cap).prior <= cap


def test_no_pairs_leave_the_start_unchanged() -> None:
    assert fit({}, _start()) == _start()


def test_a_silent_comparison_adds_nothing() -> None:
    model = _start()
    assert model.probability((None, None)) == pytest.approx(model.prior)
    assert (
        model.probability((0, None))
        > model.probability((None, None))
        > model.probability((2, None))
    )
    assert set(model.as_dict()["comparisons"]) == {"a", "b"}


def _one_step(counts: dict[tuple[int | None, ...], int], model: Model) -> Model:
    """One EM iteration written out pattern by pattern, as the model's docstring states it."""
    total = sum(counts.values())
    posterior = {p: model.probability(p) for p in counts}
    matched = sum(c * posterior[p] for p, c in counts.items())
    m, u = [], []
    for k, names in enumerate(LEVELS):
        for weights, into in (((lambda p: posterior[p]), m), ((lambda p: 1 - posterior[p]), u)):
            start = (_start().m if into is m else _start().u)[k]
            row = [
                sum(c * weights(p) for p, c in counts.items() if p[k] == level) + start[level]
                for level in range(len(names))
            ]
            into.append(tuple(x / sum(row) for x in row))
    stepped = Model(model.comparisons, model.levels, matched / total, tuple(m), tuple(u))
    if sum(stepped.weight(k, 0) for k in range(len(LEVELS))) < 0:  # swapped back, as fit does
        return Model(model.comparisons, model.levels, 1 - stepped.prior, stepped.u, stepped.m)
    return stepped


@settings(max_examples=50)
@given(st.dictionaries(patterns, st.integers(1, 50), min_size=1, max_size=12))
def test_an_em_iteration_is_the_pattern_by_pattern_one(counts) -> None:
    fitted = fit(counts, _start(), max_iterations=1)
    expected = _one_step(counts, _start())
    assert fitted.prior == pytest.approx(min(expected.prior, 1 - 1e-9), rel=1e-9)
    for got, want in ((fitted.m, expected.m), (fitted.u, expected.u)):
        for row, other in zip(got, want, strict=True):
            assert row == pytest.approx(other, rel=1e-9, abs=1e-12)
