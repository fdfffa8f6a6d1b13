"""The command line on Parquet directories: one JSON Lines file out, and no CSV read as JSON Lines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import conflict_events
from conflict_events.dask import partitions
from conflict_events.examples import sample
from conflict_events.formats.acled import read_acled
from conflict_events.formats.files import InputError, load

COMMAND = Path(sys.executable).with_name("conflict-events")
ACLED = sample("acled_v6_africa_2016_sample.csv")


def cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *arguments], capture_output=True, text=True, check=False, cwd=cwd
    )


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ACLED sample as a Parquet directory."""
    root = tmp_path_factory.mktemp("pq") / "acled"
    conflict_events.write_parquet(read_acled(ACLED), root)
    return root


def test_parquet_to_a_json_lines_file_writes_one_file(parquet: Path, tmp_path: Path) -> None:
    """OUT.jsonl is one document: one header, every record, reading back as the directory."""
    done = cli("convert", str(parquet), "one.jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "one.jsonl"
    assert out.is_file()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sum('"type":"dataset"' in line for line in lines) == 1
    assert '"type":"dataset"' in lines[0]
    assert load(out) == conflict_events.read_parquet(parquet)
    assert cli("validate", "one.jsonl", cwd=tmp_path).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["one.jsonl"]  # no part files left behind


def test_parquet_to_an_empty_directory_writes_part_files(parquet: Path, tmp_path: Path) -> None:
    """An existing directory OUT gets the partitions, as before."""
    (tmp_path / "parts").mkdir()
    done = cli("convert", str(parquet), "parts", "--to", "jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "parts").glob("*.jsonl"))) > 1
    assert cli("validate", "parts", "--workers", "1", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_workers_never_read_a_csv_as_json_lines(command: str, tmp_path: Path) -> None:
    """With --workers, a CSV is refused with one usage error, not hundreds of JSON errors."""
    arguments = ["validate", str(ACLED)] if command == "validate" else ["convert", str(ACLED), "o"]
    done = cli(*arguments, "--workers", "1", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "not csv" in done.stderr
    assert "invalid JSON" not in done.stderr


def test_partitions_refuse_files_read_whole(tmp_path: Path) -> None:
    """The library refuses a CSV or a JSON document as a partition; other names stay JSON Lines."""
    for name in ("a.csv", "b.json"):
        (tmp_path / name).write_text("x\n")
        with pytest.raises(InputError, match="partitions are JSON Lines files"):
            partitions(tmp_path / name)
    (tmp_path / "part-0").write_text("{}\n")
    assert [p.path for p in partitions(tmp_path / "part-0")] == [str(tmp_path / "part-0")]
