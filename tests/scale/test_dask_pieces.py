"""Dask validation reads big Parquet part files in pieces of rows and reports as for the whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflict_events.dask as ced
from conflict_events import ValidationError, fork_server, write_parquet
from conflict_events.formats.jsonl import read_dataset
from conflict_events.generate import generate_lines
from conflict_events.model.dataset import iter_references

WHOLE = 10**9  # a task size no file reaches: every part file is one piece


def _generated(directory: Path, events: int = 1200) -> Path:
    """A Parquet dataset directory of generated data, its events in one part file."""
    directory.mkdir()
    source = directory / "all.jsonl"
    source.write_text("".join(line + "\n" for line in generate_lines(events, seed=4)))
    write_parquet(read_dataset(source), directory / "pq")
    source.unlink()
    return directory / "pq"


def _events_part(root: Path) -> Path:
    (path,) = (root / "events").rglob("*.parquet")
    return path


def _rewrite(path: Path, *, row_group_size: int, changes: dict[str, dict[int, str]]) -> None:
    """Write *path* again with row groups of *row_group_size* and some string cells changed."""
    table = pq.read_table(path)
    for name, cells in changes.items():
        values = table.column(name).to_pylist()
        for row, value in cells.items():
            values[row] = value
        index = table.column_names.index(name)
        table = table.set_column(index, table.field(name), pa.array(values, pa.string()))
    pq.write_table(table, path, row_group_size=row_group_size)


@pytest.fixture
def faulty(tmp_path: Path) -> Path:
    """1,200 events in row groups of 100: a duplicate id, a dangling place and a bad date."""
    root = _generated(tmp_path / "faulty")
    part = _events_part(root)
    first_id = pq.read_table(part).column("id")[3].as_py()
    _rewrite(
        part,
        row_group_size=100,
        changes={
            "id": {1050: first_id},
            "location": {700: "nowhere"},
            "when_edtf": {950: "not a date"},
        },
    )
    return root


def _rows(errors: list) -> list[tuple[str, int | None, str, str]]:
    return [(Path(e.file or "").name, e.line, e.path, e.message) for e in errors]


class TestPieces:
    def test_row_groups_are_joined_into_pieces(
        self, faulty: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Row groups of 100 rows make pieces of 200 when a task takes 250: they cover the file."""
        monkeypatch.setattr(ced, "_TASK_ROWS", 250)
        pieces = ced._pieces(ced.Partition(str(_events_part(faulty)), "events"))
        assert [(p.start, p.stop) for p in pieces] == [(n, n + 200) for n in range(0, 1200, 200)]

    def test_a_small_file_is_one_piece(self, faulty: Path) -> None:
        """A file of fewer rows than a task takes is read whole."""
        part = ced.Partition(str(_events_part(faulty)), "events")
        assert ced._pieces(part) == [ced._Piece(part)]

    def test_a_file_pyarrow_cannot_read_is_one_piece(self, tmp_path: Path) -> None:
        """Without a readable footer there are no row groups to split by; the task reports it."""
        (tmp_path / "events").mkdir()
        broken = tmp_path / "events" / "part-0.parquet"
        broken.write_bytes(b"PAR1 not really")
        part = ced.Partition(str(broken), "events")
        assert ced._pieces(part) == [ced._Piece(part)]

    @pytest.mark.parametrize(("start", "stop"), [(0, 100), (450, 870), (1100, 1200), (3, 4)])
    @pytest.mark.parametrize("group", [100, 1200, 333])
    def test_the_rows_of_a_piece_are_the_slice_of_the_file(
        self, tmp_path: Path, group: int, start: int, stop: int
    ) -> None:
        """Whatever the row groups, a piece's rows are exactly that slice of the whole table."""
        root = _generated(tmp_path / "d")
        part = _events_part(root)
        _rewrite(part, row_group_size=group, changes={})
        whole = pq.read_table(part)
        read = ced._read_rows(ced.Partition(str(part), "events"), start, stop)
        assert read.equals(whole.slice(start, stop - start))
        assert read.schema.equals(whole.schema, check_metadata=True)

    def test_pieces_report_what_the_whole_file_reports(
        self, faulty: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Rows, lines and messages are those of the file read whole: pieces change nothing."""
        monkeypatch.setattr(ced, "_TASK_ROWS", WHOLE)
        whole = ced.validate(faulty)
        monkeypatch.setattr(ced, "_TASK_ROWS", 250)
        assert ced.validate(faulty) == whole
        found = _rows(whole)
        first = next(line for name, line, path, _ in found if path == "id")
        assert first == 1051
        assert any(line == 701 and "unknown location id 'nowhere'" in m for _, line, _, m in found)
        assert any(line == 951 and path.startswith("when") for _, line, path, _ in found)

    def test_cut_row_groups_on_a_cluster_report_what_the_whole_file_reports(
        self, faulty: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On two worker processes, one row group cut in three pieces reports as one file."""
        part = _events_part(faulty)
        pq.write_table(pq.read_table(part), part)  # one row group of 1,200 rows
        monkeypatch.setattr(ced, "_TASK_ROWS", WHOLE)
        whole = ced.validate(faulty)
        monkeypatch.setattr(ced, "_TASK_ROWS", 400)
        pieces = ced._pieces(ced.Partition(str(part), "events"))
        assert [(p.start, p.stop) for p in pieces] == [(0, 400), (400, 800), (800, 1200)]
        with ced.local_client(2) as client:
            assert ced.validate(faulty, client=client) == whole
        assert len(whole) >= 3

    def test_only_the_piece_with_a_dangling_reference_is_read_again(
        self, faulty: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The reference to 'nowhere' on row 701 is looked up in the piece of rows 600 to 800."""
        monkeypatch.setattr(ced, "_TASK_ROWS", 250)
        read_again: list[tuple[int, int | None]] = []
        original = ced._dangling

        def counting(piece: ced._Piece, unknown: frozenset[tuple[str, str]]) -> object:
            read_again.append((piece.start, piece.stop))
            return original(piece, unknown)

        monkeypatch.setattr(ced, "_dangling", counting)
        ced.validate(faulty)
        assert read_again == [(600, 800)]

    def test_a_fault_of_the_whole_table_is_raised_as_for_the_whole_file(
        self, faulty: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An unknown column fails every piece; the error is the one the whole file gives."""
        part = _events_part(faulty)
        table = pq.read_table(part)
        pq.write_table(table.append_column("zzz", pa.array([1] * len(table))), part, 100)
        raised = []
        for size in (WHOLE, 250):
            monkeypatch.setattr(ced, "_TASK_ROWS", size)
            with pytest.raises(ValidationError) as caught:
                ced.validate(faulty)
            raised.append(caught.value.errors)
        assert raised[0] == raised[1]
        assert [e.message for e in raised[0]] == ["unknown column 'zzz'"]


@given(
    sizes=st.lists(st.integers(1, 400), max_size=12),
    task=st.integers(1, 150),
)
def test_row_ranges_cover_every_row_once_in_pieces_of_about_a_task(
    sizes: list[int], task: int
) -> None:
    """Ranges follow each other from 0 to the last row; a group is cut in at most four."""
    ranges = ced._row_ranges(sizes, task)
    assert [low for low, _ in ranges] == [0, *(high for _, high in ranges)][: len(ranges)]
    assert (ranges[-1][1] if ranges else 0) == sum(sizes)
    assert all(high > low for low, high in ranges)
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    for size, start in zip(sizes, starts, strict=False):
        inside = [r for r in ranges if start <= r[0] and r[1] <= start + size]
        if size > task:
            assert len(inside) == min(ced._MAX_CUTS, -(-size // task))
        else:
            joined = [r for r in ranges if r[0] <= start and start + size <= r[1]]
            assert len(joined) == 1
            assert joined[0][1] - joined[0][0] <= task


def test_an_unreadable_part_file_is_reported_not_a_traceback(tmp_path: Path) -> None:
    """``validate --workers`` says the file is not readable Parquet and exits 1."""
    root = _generated(tmp_path / "d", events=50)
    _events_part(root).write_bytes(b"PAR1 not really")
    with pytest.raises(ValidationError) as caught:
        ced.validate(root)
    (detail,) = caught.value.errors
    assert detail.path == "events"
    assert detail.message.startswith("not a readable Parquet file: ")
    command = [sys.executable, "-m", "conflict_events", "validate", "--workers", "1", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "events: not a readable Parquet file: " in result.stderr


def test_the_local_cluster_gives_a_worker_one_task_at_a_time() -> None:
    """No task waits on a busy worker while another is free (worker saturation 1.0)."""
    with ced.local_client(1) as client:
        assert client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.WORKER_SATURATION) == 1


@pytest.mark.skipif(not fork_server.available(), reason="no fork server on this system")
def test_local_workers_start_with_the_modules_their_tasks_use() -> None:
    """Workers are forked from a server that imported pyarrow and this package (`fork_server`)."""

    def imported() -> list[str]:  # sent by value: unpickling it imports nothing
        return sorted(n for n in ("pyarrow.parquet", "conflict_events.dask") if n in sys.modules)

    with ced.local_client(1) as client:
        (imported_there,) = client.run(imported).values()
    assert imported_there == ["conflict_events.dask", "pyarrow.parquet"]


def test_a_piece_refers_to_exactly_the_ids_its_records_name(
    faulty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ids a piece sends are those `iter_references` finds in its records, each once."""
    monkeypatch.setattr(ced, "_TASK_ROWS", 250)  # also empties the walked records often
    piece = ced._pieces(ced.Partition(str(_events_part(faulty)), "events"))[2]
    sealed = ced._check(piece, 3)
    sent = [
        (kind, ident)
        for bucket in sealed[5:]
        for kind, text in bucket.value.items()
        for ident in text.split("\n")
    ]
    records = [record for _, record in ced._records(piece, [])]
    named = {(kind.value, ident) for r in records for _, kind, ident in iter_references(r)}
    assert len(sent) == len(set(sent))
    assert set(sent) == named
    assert len(named) > 10
