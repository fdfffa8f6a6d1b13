"""Data shared by tests in several folders: the matching benchmark, real samples, a coarse copy."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from conflict_events import Dataset
from conflict_events.examples import sample
from conflict_events.formats.acled import read_acled
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.model import LocationKind, SpatialPrecision
from conflict_events.temporal import FuzzyDate

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "matching_bench.py"


@pytest.fixture(scope="session")
def bench() -> ModuleType:
    """``benchmarks/matching_bench.py``, imported as ``matching_bench``."""
    spec = importlib.util.spec_from_file_location("matching_bench", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("matching_bench", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def ucdp_sample() -> Dataset:
    """The UCDP GED 23.1 Syria and Iraq sample."""
    return read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv"))


@pytest.fixture(scope="session")
def acled_sample() -> Dataset:
    """The ACLED 2016 Africa sample."""
    return read_acled(sample("acled_v6_africa_2016_sample.csv"))


@pytest.fixture(scope="session")
def coarse_copy(ucdp_sample: Dataset) -> Dataset:
    """The UCDP sample dated to its month and placed at its province, as ACLED might be."""
    dataset = ucdp_sample

    def province(ident: str | None) -> str | None:
        if ident is None:
            return None
        chain = [dataset.location(ident), *dataset.ancestors(ident)]
        kinds = (LocationKind.ADMIN1, LocationKind.COUNTRY)
        return next((p.id for p in chain if p.kind in kinds), ident)

    return attrs.evolve(
        dataset,
        events=tuple(
            attrs.evolve(
                event,
                id="coarse-" + event.id,
                when=FuzzyDate.month(event.when.earliest.year, event.when.earliest.month),
                location=province(event.location),
                location_precision=SpatialPrecision.ADMIN1,
            )
            for event in dataset.events
        ),
    )
