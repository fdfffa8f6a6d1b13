"""The relative-date benchmark's phrases: every family phrase resolves, every refusal is refused."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from conflict_events.temporal import TemporalError, resolve

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "resolve_bench.py"
spec = importlib.util.spec_from_file_location("resolve_bench", BENCH)
assert spec is not None
assert spec.loader is not None
bench = importlib.util.module_from_spec(spec)
sys.modules["resolve_bench"] = bench
spec.loader.exec_module(bench)


@pytest.mark.parametrize("text", bench.FAMILIES)
@pytest.mark.parametrize("reference", [date(2017, 2, 4), date(2009, 7, 31)])
def test_every_family_phrase_resolves(text: str, reference: date) -> None:
    """The benchmark times answers, not refusals: each family phrase has one."""
    assert resolve(text, reference) is not None


def test_the_drawn_list_refuses_exactly_the_refusals() -> None:
    """Of the drawn phrases, the written days resolve and only the refusals are refused."""
    for text, reference in bench.phrases(400, 3):
        if text in bench.REFUSED:
            with pytest.raises(TemporalError):
                resolve(text, reference)
        else:
            resolve(text, reference)


def test_the_report_has_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--phrases", "60", "--rounds", "1", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"calls_per_second_median"' in out
    assert '"phrases": 60' in out
