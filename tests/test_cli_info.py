"""The ``info`` command, run as a program: JSON and JSON Lines files, text and JSON, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conflict_events import to_json
from conflict_events.examples import dataset
from conflict_events.formats.jsonl import write_dataset
from conflict_events.reasoning.summary import summarize, summary_text


def info(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "conflict_events", "info", *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("info")
    document = root / "example.json"
    document.write_text(to_json(dataset()), encoding="utf-8")
    lines = root / "example.jsonl"
    write_dataset(dataset(), lines)
    return {"json": document, "jsonl": lines}


@pytest.mark.parametrize("kind", ["json", "jsonl"])
def test_json_output_is_the_summary(files: dict[str, Path], kind: str) -> None:
    done = info(str(files[kind]), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == summarize(dataset()).to_dict()


@pytest.mark.parametrize("kind", ["json", "jsonl"])
def test_text_output(files: dict[str, Path], kind: str) -> None:
    done = info(str(files[kind]))
    assert done.returncode == 0, done.stderr
    assert done.stdout == summary_text(summarize(dataset())) + "\n"
    data = dataset()
    assert f"records: {len(data.actors)} actors, {len(data.locations)} locations" in done.stdout


def test_from_overrides_the_suffix(files: dict[str, Path], tmp_path: Path) -> None:
    renamed = tmp_path / "example.data"
    renamed.write_bytes(files["jsonl"].read_bytes())
    done = info(str(renamed), "--from", "jsonl", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["collections"]["events"] == len(dataset().events)


def test_standard_input(files: dict[str, Path]) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "conflict_events",
            "info",
            "-",
            "--from",
            "json",
            "--format",
            "json",
        ],
        input=files["json"].read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == summarize(dataset()).to_dict()


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    done = info(str(missing))
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"error: {missing}: No such file or directory"]


def test_invalid_document(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"actors": 3, "events": [{"type": "siege"}]}', encoding="utf-8")
    done = info(str(bad))
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines
    assert all(line.startswith("error: ") for line in lines)
    assert f"error: {bad}:1: actors: 3 is not a list" in lines  # the file and line of the value
    assert "Traceback" not in done.stderr


def test_usage_errors(files: dict[str, Path]) -> None:
    assert info().returncode == 2
    assert info(str(files["json"]), "--format", "yaml").returncode == 2
    assert info(str(files["json"]), "--from", "nonsense").returncode == 2
