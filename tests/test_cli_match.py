"""``conflict-events match``: the installed command on the real samples, pipes included."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conflict_events.examples import sample
from conflict_events.formats.files import load
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.matching import match

COMMAND = Path(sys.executable).with_name("conflict-events")
UCDP = sample("ucdp_ged_231_syria_iraq_sample.csv")
UCDP_191 = sample("ucdp_ged_191_sample.csv")


def cli(*arguments: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        input=stdin,
    )


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_pairs_are_the_library_s_as_csv(tmp_path: Path) -> None:
    """Two inputs: one CSV row per pair of `match`, left from the first input, best first."""
    done = cli("match", str(UCDP), str(UCDP_191), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = match(read_ucdp(UCDP), read_ucdp(UCDP_191))
    found = rows(done.stdout)
    assert [(r["left_id"], r["right_id"]) for r in found] == [
        (m.left_id, m.right_id) for m in expected
    ]
    header = next(csv.reader(io.StringIO(done.stdout)))
    assert header[:3] == ["left_id", "right_id", "probability"]
    assert {f"{name}_level" for name in expected.model.comparisons} <= set(header)
    assert "candidate pair(s)" in done.stderr


def test_a_dataset_against_itself_integrates_into_incidents(tmp_path: Path) -> None:
    """Each event finds itself; --integrate writes a valid dataset with one incident per event."""
    merged = tmp_path / "merged.json"
    done = cli(
        "match", str(UCDP), str(UCDP), "--integrate", str(merged), "-o", "pairs.csv", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    pairs = rows((tmp_path / "pairs.csv").read_text(encoding="utf-8"))
    own = {r["left_id"] for r in pairs if r["left_id"] == r["right_id"]}
    events = read_ucdp(UCDP).events
    assert own == {event.id for event in events}
    assert all(float(r["probability"]) >= 0.5 for r in pairs if r["left_id"] == r["right_id"])
    assert cli("validate", str(merged), cwd=tmp_path).returncode == 0
    incidents = load(merged).extensions["matching"]["incidents"]  # type: ignore[index]
    assert f"{merged}: {len(incidents):,} incident(s)" in done.stderr
    assert f"{UCDP}: 0 of {len(events)} event(s) unmatched at 0.5" in done.stderr


def test_standard_input_with_its_format(tmp_path: Path) -> None:
    """``-`` reads standard input in the format --from gives, as every command does."""
    jsonl = cli("convert", str(UCDP), "-", "--to", "jsonl", cwd=tmp_path).stdout
    (tmp_path / "copy.jsonl").write_text(jsonl, encoding="utf-8")
    done = cli("match", "-", "copy.jsonl", "--from", "jsonl", "-q", cwd=tmp_path, stdin=jsonl)
    assert done.returncode == 0, done.stderr
    assert rows(done.stdout)
    assert done.stderr == ""


@pytest.mark.parametrize(
    "arguments",
    [
        ["match", str(UCDP)],
        ["match", str(UCDP), str(UCDP), "--threshold", "1.5"],
        ["match", str(UCDP), str(UCDP), "--threshold", "nan"],
        ["match", str(UCDP), str(UCDP), "--threshold", "F1"],
        ["match", str(UCDP), str(UCDP), "--threshold", "f2"],
        ["match", str(UCDP), "missing.json"],
    ],
)
def test_usage_errors(arguments: list[str], tmp_path: Path) -> None:
    done = cli(*arguments, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_the_threshold_of_the_highest_expected_f1(tmp_path: Path) -> None:
    """``--threshold f1`` names the threshold it took and integrates the pairs at it."""
    merged = tmp_path / "merged.json"
    done = cli(
        "match", str(UCDP), str(UCDP), "--threshold", "f1", "--integrate", str(merged), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    threshold = match(read_ucdp(UCDP), read_ucdp(UCDP)).f1_threshold()
    assert f"threshold {threshold:.4g}: the highest expected F1" in done.stderr
    assert f"unmatched at {threshold:.4g}" in done.stderr
    assert cli("validate", str(merged), cwd=tmp_path).returncode == 0


def test_an_invalid_input_names_its_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type":"dataset","schema_version":"1.0.0"}\n{"type":"actor","id":"a"}\n')
    done = cli("match", str(UCDP), str(bad), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"error: {bad}:2: name: required field missing" in done.stderr.splitlines()


def test_three_inputs_need_unique_ids(tmp_path: Path) -> None:
    """With three inputs ids tell the events apart, so a shared id is an error naming both files."""
    copy = tmp_path / "copy.json"
    assert cli("convert", str(UCDP), str(copy), cwd=tmp_path).returncode == 0
    done = cli("match", str(UCDP), str(UCDP_191), str(copy), cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"is in {UCDP} too" in done.stderr


def test_three_inputs_match_all(tmp_path: Path) -> None:
    """Three inputs with their own ids: pairs across inputs only, the lesser id first."""
    data = json.loads(cli("convert", str(UCDP), "-", "--to", "json", cwd=tmp_path).stdout)
    for event in data["events"]:
        event["id"] = "copy-" + event["id"].replace(":", "-")
    (tmp_path / "copy.json").write_text(json.dumps(data), encoding="utf-8")
    done = cli("match", str(UCDP), str(UCDP_191), "copy.json", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = rows(done.stdout)
    assert found
    assert all(r["left_id"] < r["right_id"] for r in found)
    assert any("copy-" in (r["left_id"] + r["right_id"]) for r in found)
