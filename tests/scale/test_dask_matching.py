"""Dask matching: the parts of ``workers=N`` as Dask tasks give `matching.match`'s result exactly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pytest
from distributed import Client

import conflict_events.dask as ced
from conflict_events import ConflictEventsError, Dataset
from conflict_events.matching import _parts as parts
from conflict_events.matching import matcher
from conflict_events.matching.matches import Matches

_T = TypeVar("_T")
_S = TypeVar("_S")
_R = TypeVar("_R")


def assert_same(found: Matches, expected: Matches) -> None:
    """The same pairs in the same order, probabilities and evidence bit for bit, the same model."""
    assert [(m.left_id, m.right_id) for m in found] == [(m.left_id, m.right_id) for m in expected]
    assert [m.probability.hex() for m in found] == [m.probability.hex() for m in expected]
    assert [m.evidence for m in found] == [m.evidence for m in expected]
    assert found.model.as_dict() == expected.model.as_dict()
    assert found == expected


@pytest.mark.parametrize("min_probability", [0.01, 0.0])
def test_the_ucdp_sample_against_its_coarsened_copy(
    client: Client,
    min_probability: float,
    monkeypatch: pytest.MonkeyPatch,
    coarse_copy: Dataset,
    ucdp_sample: Dataset,
) -> None:
    """Split by strong components (0.01) or whole components (0); small parts, weak pairs across."""
    expected = matcher.match(ucdp_sample, coarse_copy, min_probability=min_probability)
    monkeypatch.setattr(parts, "PART_PAIRS", 7)
    found = ced.match(ucdp_sample, coarse_copy, client=client, min_probability=min_probability)
    assert_same(found, expected)
    assert len(found) >= 50  # every true pair but one


def test_a_benchmark_draw(
    client: Client, bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many rivals, weak pairs joining parts: the benchmark's generated data, 300 incidents."""
    observed, _, _ = bench.observe(300, seed=11)
    left, right = (o.dataset for o in observed[:2])
    expected = matcher.match(left, right)
    monkeypatch.setattr(parts, "PART_PAIRS", 50)
    assert_same(ced.match(left, right, client=client), expected)
    assert len(expected) > 100


def test_match_all_and_a_given_model(
    client: Client, acled_sample: Dataset, coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    """Three datasets, the lesser id first; a fitted model applied as it is, without rivals."""
    datasets = [ucdp_sample, coarse_copy, acled_sample]
    expected = matcher.match_all(datasets)
    assert_same(ced.match_all(datasets, client=client), expected)
    assert_same(ced.match_all(datasets[::-1], client=client), expected)
    plain = matcher.match(ucdp_sample, coarse_copy, model=expected.model, rivals=False)
    assert_same(
        ced.match(ucdp_sample, coarse_copy, model=expected.model, rivals=False, client=client),
        plain,
    )


def test_without_a_client_the_default_scheduler_runs_it(
    coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    assert_same(ced.match(ucdp_sample, coarse_copy), matcher.match(ucdp_sample, coarse_copy))


def test_no_candidate_pairs_and_no_events(
    client: Client, acled_sample: Dataset, ucdp_sample: Dataset
) -> None:
    """Syria and Iraq never meet Africa: no pairs, no tasks past blocking; an empty dataset."""
    empty = attrs.evolve(ucdp_sample, events=())
    for left, right in ((ucdp_sample, acled_sample), (empty, ucdp_sample), (empty, empty)):
        expected = matcher.match(left, right)
        assert len(expected) == 0
        assert_same(ced.match(left, right, client=client), expected)


@attrs.define
class Shipping:
    """A pool that runs each task on its narrowed state, as a Dask worker does, and records it."""

    workers: int = 2
    sizes: list[tuple[int, int]] = attrs.Factory(list)

    def map(self, step: parts.Step[_T, _S, _R], tasks: Sequence[_T], state: _S) -> Iterator[_R]:
        for task in tasks:
            task_there, state_there = step.narrow(task, state)
            whole = state.state if isinstance(state, parts.Settling) else state
            there = state_there.state if isinstance(state_there, parts.Settling) else state_there
            assert isinstance(whole, parts.State)
            assert isinstance(there, parts.State)
            assert there.touched is not None
            assert [whole.found[e] for e in there.touched] == list(there.found)
            self.sizes.append((len(there.found), len(whole.found)))
            yield step.run(task_there, state_there)


def test_each_task_is_sent_the_events_it_touches_alone(
    monkeypatch: pytest.MonkeyPatch, coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    """The narrowed tasks give the whole state's result, each with a few of the profiles."""
    expected = matcher.match(ucdp_sample, coarse_copy)
    monkeypatch.setattr(parts, "PART_PAIRS", 7)
    pool = Shipping()
    found = matcher._run(
        *matcher._of_pair(ucdp_sample, coarse_copy),
        model=None,
        min_probability=matcher.DEFAULT_MIN_PROBABILITY,
        max_iterations=1000,
        smoothing=1.0,
        canonical=False,
        matches_per_event=1.0,
        rivals=True,
        refits=matcher.REFIT_ROUNDS,
        pool=pool,
    )
    assert_same(found, expected)
    assert len(pool.sizes) > 20
    assert all(size < whole for size, whole in pool.sizes)
    assert sum(size for size, _ in pool.sizes) < sum(whole for _, whole in pool.sizes) / 5


def _raised(call: Any) -> tuple[type[BaseException], str]:
    with pytest.raises(Exception) as caught:
        call()
    return caught.type, str(caught.value)


@pytest.mark.parametrize(
    ("args", "options"),
    [
        (("not a dataset", 2), {}),
        ((None, None), {}),
        (("ucdp", "coarse"), {"min_probability": 1.5}),
        (("ucdp", "coarse"), {"matches_per_event": 0}),
        (("ucdp", "coarse"), {"refits": -1}),
        (("ucdp", "coarse"), {"refits": True}),
        (("ucdp", "coarse"), {"refits": 2.0}),
    ],
)
def test_bad_inputs_raise_what_match_raises(
    args: tuple[Any, Any], options: dict[str, Any], coarse_copy: Dataset, ucdp_sample: Dataset
) -> None:
    named: dict[str, Any] = {"ucdp": ucdp_sample, "coarse": coarse_copy}
    left: Any
    right: Any
    left, right = (named.get(a, a) if isinstance(a, str) else a for a in args)
    expected = _raised(lambda: matcher.match(left, right, **options))
    assert _raised(lambda: ced.match(left, right, **options)) == expected
    if options:
        assert expected[0] is ConflictEventsError


def test_missing_dask_names_the_extra() -> None:
    """Without dask, the matching functions say which extra to install, as the others do."""
    code = "import sys; sys.modules['dask'] = None; from conflict_events.dask import match"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "pip install 'conflict-events[dask]'" in result.stderr
