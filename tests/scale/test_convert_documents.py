"""convert between Parquet and whole documents (JSON, ACLED, UCDP), which are never read as JSON Lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflict_events import Dataset, examples, from_json, read_parquet, to_json
from conflict_events.cli import main
from conflict_events.formats import acled

DATA = Path(__file__).parent.parent / "data"


def test_json_document_to_parquet_and_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON document becomes a Parquet directory holding the same dataset, and back."""
    source = tmp_path / "example.json"
    source.write_text(to_json(examples.dataset()), encoding="utf-8")
    assert main(["convert", str(source), str(tmp_path / "pq"), "--to", "parquet"]) == 0
    assert read_parquet(tmp_path / "pq") == examples.dataset()
    back = tmp_path / "back.json"
    assert main(["convert", str(tmp_path / "pq"), str(back), "--from", "parquet"]) == 0
    assert from_json(back.read_bytes(), Dataset) == examples.dataset()
    assert f"{len(examples.dataset().events)} events (parquet)" in capsys.readouterr().out


def test_acled_file_to_parquet(tmp_path: Path) -> None:
    """An ACLED CSV converts to Parquet with every event of the file."""
    source = DATA / "acled_v6_africa_2016_sample.csv"
    assert main(["convert", str(source), str(tmp_path / "pq"), "--to", "parquet"]) == 0
    assert read_parquet(tmp_path / "pq") == acled.read_acled(source)


def test_an_invalid_document_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON document with a fault is reported as such, not as bad JSON Lines, and nothing is written."""
    source = tmp_path / "bad.json"
    source.write_text('{"schema_version": "1.0.0", "actors": [{"id": "a"}]}', encoding="utf-8")
    assert main(["convert", str(source), str(tmp_path / "pq"), "--to", "parquet"]) == 1
    assert "actors[0].name" in capsys.readouterr().err
    assert not (tmp_path / "pq").exists()
