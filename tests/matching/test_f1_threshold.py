"""`Matches.f1_threshold`: the cut of the highest F1 the match probabilities expect."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from conflict_events.examples import sample
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.matching import Match, Matches, match
from conflict_events.matching.model import Model

PROBABILITIES = st.lists(st.floats(0.0, 1.0, allow_nan=False), max_size=40)


def _matches(probabilities: list[float], model: Model) -> Matches:
    pairs = [Match(f"l{n}", f"r{n}", p, ()) for n, p in enumerate(probabilities)]
    return Matches(tuple(sorted(pairs, key=lambda m: -m.probability)), model)


def _expected_f1(probabilities: list[float], threshold: float) -> float:
    kept = [p for p in probabilities if p >= threshold]
    return 2 * sum(kept) / (len(kept) + sum(probabilities))


def _model() -> Model:
    data = read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv"))
    return match(data, data).model


MODEL = _model()


@given(PROBABILITIES)
def test_no_cut_expects_a_higher_f1(probabilities: list[float]) -> None:
    """The threshold is one of the probabilities, and no other cut expects a higher F1."""
    threshold = _matches(probabilities, MODEL).f1_threshold()
    if not any(probabilities):
        assert threshold == 0.5
        return
    assert threshold in probabilities
    best = _expected_f1(probabilities, threshold)
    assert all(_expected_f1(probabilities, p) <= best + 1e-9 for p in probabilities)


@given(PROBABILITIES, st.randoms(use_true_random=False))
def test_the_order_of_the_pairs_does_not_matter(
    probabilities: list[float], rnd: random.Random
) -> None:
    shuffled = probabilities[:]
    rnd.shuffle(shuffled)
    pairs = [Match(f"l{n}", f"r{n}", p, ()) for n, p in enumerate(shuffled)]
    assert (
        Matches(tuple(pairs), MODEL).f1_threshold() == _matches(probabilities, MODEL).f1_threshold()
    )


def test_examples() -> None:
    """Certain pairs alone; doubtful ones join when they raise the expected F1; ties go together."""
    assert _matches([1.0, 1.0, 0.0], MODEL).f1_threshold() == 1.0
    # Kept {0.9, 0.9}: 2*1.8/(2+2.6) = 0.783; kept all: 2*2.6/(4+2.6)=0.788.
    assert _matches([0.9, 0.9, 0.4, 0.4], MODEL).f1_threshold() == 0.4
    # One likely pair among many unlikely ones: the unlikely ones stay out.
    assert _matches([0.95] + [0.05] * 10, MODEL).f1_threshold() == 0.95
    assert _matches([], MODEL).f1_threshold() == 0.5
    assert _matches([0.0, 0.0], MODEL).f1_threshold() == 0.5


def test_below_one_half_when_true_pairs_are_uncertain() -> None:
    """Many pairs at 0.4 are worth keeping: they hold most of the true pairs expected."""
    assert _matches([0.99] + [0.4] * 20, MODEL).f1_threshold() == 0.4
