"""The matching benchmark as a module, loaded once for the tests that use its data and report."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "matching_bench.py"


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
