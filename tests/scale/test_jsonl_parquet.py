"""One JSON Lines file to Parquet, split into byte ranges over processes: same tables, same errors."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from conflict_events.cli import main  # noqa: E402
from conflict_events.errors import ValidationError  # noqa: E402
from conflict_events.formats import arrow  # noqa: E402
from conflict_events.formats.jsonl import check_file, read_dataset  # noqa: E402
from conflict_events.formats.jsonl_parquet import _cuts, convert_file  # noqa: E402
from conflict_events.generate import write_jsonl  # noqa: E402

#: Small enough that a few thousand events are cut into several ranges.
_SPLIT = 64 * 1024


def _tables(directory: Path) -> dict[str, Any]:
    return {name: pq.read_table(directory / name) for name in arrow.TABLES}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("jsonl") / "data.jsonl"
    write_jsonl(path, 3000, seed=4)
    return path


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_tables_are_those_of_write_parquet(generated: Path, tmp_path: Path, workers: int) -> None:
    """In one range or several, every table equals what arrow.write_parquet writes."""
    arrow.write_parquet(read_dataset(generated), tmp_path / "expected")
    count = convert_file(generated, tmp_path / "out", workers=workers, split_bytes=_SPLIT)
    wanted, got = _tables(tmp_path / "expected"), _tables(tmp_path / "out")
    for name in arrow.TABLES:
        got[name].validate(full=True)
        assert got[name].equals(wanted[name], check_metadata=True), name
    assert count == sum(wanted[name].num_rows for name in arrow.RECORD_TABLES)
    assert arrow.read_parquet(tmp_path / "out") == read_dataset(generated)


def test_cuts_begin_lines_and_cover_the_file(generated: Path) -> None:
    """Each range after the first begins just after a newline; together they are the file."""
    data = generated.read_bytes()
    cuts = _cuts(generated, len(data), 4)
    assert len(cuts) == 4
    assert cuts[0][0] == 0
    assert cuts[-1][1] == len(data)
    for (_, end), (start, _) in itertools.pairwise(cuts):
        assert end == start
        assert data[start - 1 : start] == b"\n"


def _faulty(generated: Path, tmp_path: Path) -> Path:
    """The generated file with a fault in each quarter, and faults across ranges."""
    lines = generated.read_text().splitlines()
    quarter = len(lines) // 4
    event = json.loads(lines[quarter])
    event["when"] = "2016-13"  # a bad line in the first range
    lines[quarter] = json.dumps(event)
    lines[2 * quarter] = "{not json"  # a line that is no JSON
    lines[2 * quarter + 5] = lines[1]  # a second header: only the first line may be one
    moved = json.loads(lines[3 * quarter])
    moved["location"] = "Lnowhere"  # a reference nothing declares, in the last range
    lines[3 * quarter] = json.dumps(moved)
    lines[3 * quarter + 7] = lines[3 * quarter - 11]  # an id declared twice, across ranges
    path = tmp_path / "faulty.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_errors_are_those_of_check_file_however_the_file_is_cut(
    generated: Path, tmp_path: Path
) -> None:
    """Faults in several ranges: the same errors, with the same lines, in one range or four."""
    path = _faulty(generated, tmp_path)
    expected = check_file(path)
    assert len({detail.line for detail in expected}) >= 5
    seen = []
    for workers in (1, 4):
        with pytest.raises(ValidationError) as caught:
            convert_file(path, tmp_path / f"out{workers}", workers=workers, split_bytes=_SPLIT)
        seen.append(caught.value.errors)
        assert not (tmp_path / f"out{workers}").exists()
    assert seen[0] == seen[1] == expected


@pytest.mark.parametrize("fault", ["dangling", "duplicate", "cycle"])
def test_a_fault_across_ranges_alone_is_refused(
    generated: Path, tmp_path: Path, fault: str
) -> None:
    """Every line valid on its own, the whole file not: refused with check_file's errors."""
    lines = generated.read_text().splitlines()
    last = len(lines) - 1
    if fault == "dangling":
        event = json.loads(lines[last])
        event["location"] = "Lmissing"
        lines[last] = json.dumps(event)
    elif fault == "duplicate":
        lines[last] = lines[-2]
    else:
        places = [n for n, line in enumerate(lines) if '"kind":"admin1"' in line][:2]
        first, second = (json.loads(lines[n]) for n in places)
        first["parent"], second["parent"] = second["id"], first["id"]
        lines[places[0]], lines[places[1]] = json.dumps(first), json.dumps(second)
    path = tmp_path / "whole.jsonl"
    path.write_text("\n".join(lines) + "\n")
    expected = check_file(path)
    assert expected
    with pytest.raises(ValidationError) as caught:
        convert_file(path, tmp_path / "out", workers=2, split_bytes=_SPLIT)
    assert caught.value.errors == expected


def test_cli_refuses_a_dangling_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """convert jsonl -> parquet checks references across the file, as validate does."""
    write_jsonl(tmp_path / "data.jsonl", 50, seed=1)
    lines = (tmp_path / "data.jsonl").read_text().splitlines()
    event = json.loads(lines[-1])
    event["location"] = "Lmissing"
    lines[-1] = json.dumps(event)
    (tmp_path / "data.jsonl").write_text("\n".join(lines) + "\n")
    argv = ["convert", str(tmp_path / "data.jsonl"), str(tmp_path / "pq"), "--to", "parquet"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"data.jsonl:{len(lines)}: location: unknown location id 'Lmissing'" in err
    assert not (tmp_path / "pq").exists()


def test_cli_converts_a_file(generated: Path, tmp_path: Path) -> None:
    """The command writes the dataset of the file."""
    assert main(["convert", str(generated), str(tmp_path / "pq"), "--to", "parquet", "-q"]) == 0
    assert arrow.read_parquet(tmp_path / "pq") == read_dataset(generated)
