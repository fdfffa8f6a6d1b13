"""
edtf.js reads what `to_edtf(strict=True)` writes.

edtf.js (npm package ``edtf``) runs on Node.js where `.ci/run` installed it
(``.ci/node``) or where ``CONFLICT_EVENTS_EDTFJS`` names a directory holding
``node_modules/edtf``, and is skipped with that reason elsewhere, as the ajv
tests are.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events.strategies import fuzzy_dates, spans
from conflict_events.temporal import FuzzyDate, Span

ROOT = Path(__file__).parent.parent.parent
SCRIPT = Path(__file__).parent / "edtf_parse.js"


def _edtfjs_directory() -> Path | None:
    configured = os.environ.get("CONFLICT_EVENTS_EDTFJS")
    candidates = [Path(configured)] if configured else []
    candidates.append(ROOT / ".ci" / "node")
    for candidate in candidates:
        if (candidate / "node_modules" / "edtf").is_dir():
            return candidate
    return None


@pytest.fixture(scope="module")
def edtfjs() -> Path:
    """The directory holding edtf.js; skip, saying why, where Node.js or edtf.js is absent."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: edtf.js cannot run here")
    directory = _edtfjs_directory()
    if directory is None:
        pytest.skip("edtf.js is not installed (.ci/run installs it into .ci/node with npm)")
    return directory


def _refused(directory: Path, texts: list[str]) -> dict[str, str]:
    """The texts edtf.js refuses, each with its reason."""
    result = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NODE_PATH": str(directory / "node_modules")},
    )
    assert result.returncode == 0, result.stderr
    return {row["text"]: row["reason"] for row in json.loads(result.stdout)}


def _ends_start_on_one_day(text: str) -> bool:
    """edtf.js refuses an interval whose two ends begin on the same day (``2016/2016``)."""
    value = Span.parse(text)
    return (
        value.end is not None
        and "/" not in (text[0], text[-1])
        and (value.start.earliest == value.end.earliest)
    )


def test_the_exact_forms_of_the_issue_are_refused_and_their_strict_forms_read(edtfjs: Path):
    """``[..2015-02-03]/..`` is our extension; its strict form ``../..`` is read."""
    exact = ["[..2015-02-03]/..", "[2016-11-01..2016-11-10]/2017-02-04", "[2016-11-01..]~"]
    strict = [
        Span.parse(exact[0]).to_edtf(strict=True),
        Span.parse(exact[1]).to_edtf(strict=True),
        FuzzyDate.parse(exact[2]).to_edtf(strict=True),
    ]
    refused = _refused(edtfjs, exact + strict)
    assert sorted(refused) == sorted(exact)


def test_the_year_9999_and_zero_offsets(edtfjs: Path):
    """edtf.js reads the year 9999 as written and the +00:00 offset this library now reads."""
    texts = [FuzzyDate.year(9999).to_edtf(), "2017-02-04T12:00:00+00:00", "[1760-12..]", "[..1984]"]
    assert _refused(edtfjs, texts) == {}


@settings(max_examples=15)
@given(st.lists(fuzzy_dates(), min_size=1, max_size=40))
def test_edtfjs_reads_every_strict_date(edtfjs: Path, values: list[FuzzyDate]):
    """Every strict date form is read by edtf.js."""
    assert _refused(edtfjs, [value.to_edtf(strict=True) for value in values]) == {}


@settings(max_examples=15)
@given(st.lists(spans(), min_size=1, max_size=40))
def test_edtfjs_reads_every_strict_interval(edtfjs: Path, values: list[Span]):
    """Every strict interval is read by edtf.js, but for its rule that the ends begin apart."""
    texts = [value.to_edtf(strict=True) for value in values]
    refused = _refused(edtfjs, texts)
    for text, reason in refused.items():
        assert _ends_start_on_one_day(text), (text, reason)
        assert reason.startswith("invalid"), (text, reason)
