"""``generate``: the format by OUT's extension, a JSON document among them."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import Dataset, from_json, generate
from conflict_events.cli import main
from conflict_events.formats.files import save
from conflict_events.formats.jsonl import read_dataset


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 60), st.integers(0, 2**31 - 1))
def test_a_json_document_holds_what_the_json_lines_hold(events: int, seed: int) -> None:
    """The document's bytes are those of saving the JSON Lines' dataset as JSON."""
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        generate.write_jsonl(root / "g.jsonl", events, seed=seed)
        generate.write_json(root / "g.json", events, seed=seed)
        save(read_dataset(root / "g.jsonl"), root / "converted.json", "json")
        assert (root / "g.json").read_bytes() == (root / "converted.json").read_bytes()
        loaded = from_json((root / "g.json").read_text(encoding="utf-8"), Dataset)
        assert len(loaded.events) == events


def test_the_extension_chooses(tmp_path: Path) -> None:
    assert main(["generate", str(tmp_path / "d.json"), "--events", "40", "-q"]) == 0
    assert main(["generate", str(tmp_path / "d.jsonl"), "--events", "40", "-q"]) == 0
    assert main(["generate", str(tmp_path / "d.txt"), "--events", "40", "-q"]) == 0
    document = (tmp_path / "d.json").read_text(encoding="utf-8")
    lines = (tmp_path / "d.jsonl").read_text(encoding="utf-8")
    assert from_json(document, Dataset) == read_dataset(tmp_path / "d.jsonl")
    assert (tmp_path / "d.txt").read_text(encoding="utf-8") == lines  # JSON Lines, as before
    assert main(["validate", str(tmp_path / "d.json"), "-q"]) == 0


@pytest.mark.parametrize("name", ["d.csv", "d.geojson"])
def test_a_format_generate_does_not_write_is_a_usage_error(tmp_path: Path, name: str) -> None:
    command = [sys.executable, "-m", "conflict_events", "generate", str(tmp_path / name)]
    done = subprocess.run([*command, "--events", "5"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "generate writes jsonl, json, parquet" in done.stderr
    assert list(tmp_path.iterdir()) == []
    forced = subprocess.run(
        [*command, "--events", "5", "--format", "jsonl", "-q"], capture_output=True, check=False
    )
    assert forced.returncode == 0
    assert (tmp_path / name).read_text(encoding="utf-8").startswith('{"type":"dataset"')


def test_a_json_document_on_standard_output() -> None:
    command = [sys.executable, "-m", "conflict_events", "generate", "-", "--events", "7"]
    done = subprocess.run(
        [*command, "--format", "json"], capture_output=True, text=True, check=True
    )
    assert len(from_json(done.stdout, Dataset).events) == 7
