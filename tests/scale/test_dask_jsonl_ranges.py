"""Dask reads a big JSON Lines file in byte ranges cut at line breaks, as if it read it whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import dask
import pyarrow.parquet as pq
import pytest
from distributed import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conflict_events.dask as ced
from conflict_events import ValidationError, read_parquet
from conflict_events.errors import ErrorDetail
from conflict_events.formats import arrow
from conflict_events.formats.jsonl import MAX_LINE_BYTES, Header, read_dataset, split_line
from conflict_events.generate import generate_lines
from conflict_events.model import Dataset
from conflict_events.model.record_kinds import record_kind

WHOLE = 10**12  # a range size no file reaches: every file is one piece
BAD = Path(__file__).parent.parent / "data" / "bad" / "jsonl"


def _write(path: Path, lines: list[str], *, newline: str = "\n", final: bool = True) -> Path:
    text = newline.join(lines) + (newline if final and lines else "")
    path.write_bytes(text.encode("utf-8"))
    return path


def _read(
    pieces: list[ced._Piece], *, collect: bool = True
) -> tuple[list[tuple[int, Any]], list[ErrorDetail] | ValidationError]:
    """The (line, record) of *pieces* in order, and the faults collected (or the first raised)."""
    records: list[tuple[int, Any]] = []
    errors: list[ErrorDetail] = []
    for piece in pieces:
        try:
            records.extend(ced._records(piece, errors if collect else None))
        except ValidationError as error:
            return records, error
    return records, errors


def _whole(path: Path) -> list[ced._Piece]:
    return [ced._Piece(ced.Partition(str(path)))]


def _cut(path: Path, targets: list[int]) -> list[ced._Piece]:
    return ced._jsonl_ranges(ced.Partition(str(path)), targets)


def _check_cover(path: Path, pieces: list[ced._Piece]) -> None:
    """The pieces cover the file once, in order; each starts a line, knowing its number."""
    content = path.read_bytes()
    if len(pieces) == 1:
        assert pieces[0].stop is None
        return
    assert pieces[0].start == 0
    assert [p.stop for p in pieces[:-1]] == [p.start for p in pieces[1:]]
    assert pieces[-1].stop == len(content)
    for piece in pieces:
        assert piece.start < (piece.stop or 0)
        assert piece.start == 0 or content[piece.start - 1 : piece.start] == b"\n"
        assert piece.line == content[: piece.start].count(b"\n") + 1


def _same_as_whole(path: Path, pieces: list[ced._Piece]) -> None:
    _check_cover(path, pieces)
    assert _read(pieces) == _read(_whole(path))
    split, raised = _read(pieces, collect=False)
    whole, raised_whole = _read(_whole(path), collect=False)
    assert split == whole
    if isinstance(raised_whole, ValidationError):
        assert isinstance(raised, ValidationError)
        assert raised.errors == raised_whole.errors
    else:
        assert raised == raised_whole == []


def _validate_cut(path: Path, targets: list[int]) -> list[ErrorDetail]:
    def cut(part: ced.Partition) -> list[ced._Piece]:
        return ced._jsonl_ranges(part, targets)

    with mock.patch.object(ced, "_pieces", cut), dask.config.set(scheduler="synchronous"):
        return ced.validate(path)


def _validate_whole(path: Path) -> list[ErrorDetail]:
    with mock.patch.object(ced, "_RANGE_BYTES", WHOLE), dask.config.set(scheduler="synchronous"):
        return ced.validate(path)


# -- lines to make files of ------------------------------------------------------------------

ACTOR = '{"type": "actor", "id": "a1", "name": "Group", "kind": "rebel_group"}'
OTHER_ACTOR = '{"type": "actor", "id": "a2", "name": "Ünïcödé €𝄞 group", "kind": "rebel_group"}'
PLACE = '{"type": "location", "id": "L1", "name": "Aleppo", "kind": "settlement"}'
EVENT = '{"type": "armed_clash", "id": "e1", "when": "2016-05", "location": "L1", "side_a": ["a1"]}'
FORWARD = '{"type": "armed_clash", "id": "e2", "when": "2016-06", "side_a": ["a2"]}'
DANGLING = '{"type": "armed_clash", "id": "e3", "when": "2016-07", "side_a": ["ghost"]}'
HEADER = json.dumps(
    {"type": "dataset", "schema_version": "1.0.0", "extensions": {"note": "ü€𝄞"}},
    ensure_ascii=False,
)
NOT_JSON = '{"type": "actor", "id": '
BAD_RECORD = '{"type": "actor", "id": "a3", "name": "IS", "kind": "rebel_group", "aliases": [" "]}'
POOL = [ACTOR, OTHER_ACTOR, PLACE, EVENT, FORWARD, DANGLING, HEADER, NOT_JSON, BAD_RECORD, "", "  "]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    lines=st.lists(st.sampled_from(POOL), max_size=14),
    crlf=st.booleans(),
    final=st.booleans(),
    data=st.data(),
)
def test_any_cuts_read_and_validate_as_the_whole_file(
    tmp_path: Path, lines: list[str], crlf: bool, final: bool, data: st.DataObject
) -> None:
    """
    Cut anywhere, the ranges give the whole file's records, faults and first fault raised.

    The targets are any bytes, inside a multi-byte character, a CRLF or a line;
    every range still starts just after a line break and knows its line. The
    header is taken only as the first non-blank line, blank lines before it or
    not; `validate` gives the same list (duplicates, dangling references).
    """
    path = _write(tmp_path / "f.jsonl", lines, newline="\r\n" if crlf else "\n", final=final)
    size = path.stat().st_size
    targets = data.draw(st.lists(st.integers(0, size + 2), unique=True).map(sorted))
    pieces = _cut(path, targets)
    _same_as_whole(path, pieces)
    assert _validate_cut(path, targets) == _validate_whole(path)


class TestCuts:
    def test_a_target_moves_on_to_the_next_line_start(self, tmp_path: Path) -> None:
        """At a line start it stays; inside a line, or on its break, it goes past the break."""
        path = _write(tmp_path / "f.jsonl", [ACTOR, PLACE, EVENT])
        second, third = len(ACTOR) + 1, len(ACTOR) + len(PLACE) + 2
        for targets, starts in (
            ([second], [0, second]),  # exactly at a line start
            ([second - 1], [0, second]),  # on the line break before it
            ([second - 2], [0, second]),  # on the last byte of the line
            ([1], [0, second]),
            ([second + 1], [0, third]),
            ([second, second + 1, third], [0, second, third]),
            ([third + 1], [0]),  # in the last line: no cut
            ([path.stat().st_size], [0]),
        ):
            pieces = _cut(path, targets)
            assert [p.start for p in pieces] == starts
            assert [p.line for p in pieces] == [{0: 1, second: 2, third: 3}[n] for n in starts]
            _same_as_whole(path, pieces)

    def test_a_multi_byte_character_at_a_target_is_not_cut(self, tmp_path: Path) -> None:
        """A target inside 'é€𝄞' moves to the line break: the name reads back whole."""
        path = _write(tmp_path / "f.jsonl", [ACTOR, OTHER_ACTOR, PLACE])
        content = path.read_bytes()
        at = content.index("€".encode())
        for target in range(at - 3, at + 8):
            pieces = _cut(path, [target])
            assert [p.start for p in pieces] == [0, content.index(b"\n", at) + 1]
            _same_as_whole(path, pieces)
        records, errors = _read(_cut(path, [at + 1]))
        assert errors == []
        assert records[1][1].name == "Ünïcödé €𝄞 group"

    def test_crlf_lines_and_no_final_line_break(self, tmp_path: Path) -> None:
        """Lines end in CRLF, the last in nothing: each range ends after an LF, the last at EOF."""
        path = _write(tmp_path / "f.jsonl", [HEADER, ACTOR, BAD_RECORD, EVENT], newline="\r\n")
        path.write_bytes(path.read_bytes() + PLACE.encode())  # the place is the last, unended line
        targets = list(range(1, path.stat().st_size))
        pieces = _cut(path, targets)
        assert len(pieces) == 5
        assert [p.line for p in pieces] == [1, 2, 3, 4, 5]
        _same_as_whole(path, pieces)
        records, errors = _read(pieces)
        assert [line for line, _ in records] == [1, 2, 4, 5]
        assert [(e.line, e.path) for e in errors] == [(3, "aliases[0]")]
        assert _validate_cut(path, targets) == _validate_whole(path)

    def test_the_header_is_read_once_and_a_later_one_refused(self, tmp_path: Path) -> None:
        """Blank lines, then the header, in a range of its own; a second header is still refused."""
        path = _write(tmp_path / "f.jsonl", ["", "  ", HEADER, ACTOR, HEADER, PLACE])
        targets = list(range(1, path.stat().st_size))
        pieces = _cut(path, targets)
        assert [p.first for p in pieces] == [True, True, True, False, False, False]
        _same_as_whole(path, pieces)
        records, errors = _read(pieces)
        line, header = records[0]
        assert line == 3
        assert isinstance(header, Header)
        assert header.extensions == {"note": "ü€𝄞"}
        assert {p.header for p in pieces} == {header}
        assert [(e.line, e.message) for e in errors] == [
            (5, "the 'dataset' header may only be the first line")
        ]

    def test_a_first_record_that_is_not_a_header_gives_none(self, tmp_path: Path) -> None:
        path = _write(tmp_path / "f.jsonl", [ACTOR, HEADER, PLACE])
        pieces = _cut(path, [1, len(ACTOR) + 2])
        assert [p.header for p in pieces] == [None, None, None]
        assert [p.first for p in pieces] == [True, False, False]
        _same_as_whole(path, pieces)

    @pytest.mark.parametrize("name", sorted(p.name for p in BAD.glob("*.jsonl")))
    def test_the_bad_files_report_the_same_cut_after_every_byte(self, name: str) -> None:
        path = BAD / name
        targets = list(range(1, path.stat().st_size))
        pieces = _cut(path, targets)
        assert len(pieces) == len(path.read_bytes().rstrip(b"\n").split(b"\n"))
        _same_as_whole(path, pieces)
        errors = _validate_cut(path, targets)
        assert errors == _validate_whole(path)
        # The line the single-process reader names (Dask does not read references off a
        # bad line, so it may name another fault of that line).
        line, _ = split_line(json.loads((BAD / "expected.json").read_text())[name]["path"])
        assert line in {e.line for e in errors}
        assert {e.file for e in errors} == {str(path)}

    def test_a_line_too_long_to_read_keeps_the_file_whole(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Reading stops at such a line: the ranges after it must not be read, so none is made."""
        monkeypatch.setattr(ced, "_RANGE_BYTES", 1000)
        path = tmp_path / "long.jsonl"
        long = '{"type": "actor", "name": "' + "x" * MAX_LINE_BYTES + '"}'
        _write(path, [ACTOR] * 20 + [long] + [PLACE] * 20)
        assert ced._pieces(ced.Partition(str(path))) == _whole(path)
        path.write_text(ACTOR + "\n" + "x" * MAX_LINE_BYTES + "\n" + PLACE + "\n")  # just fits
        assert len(ced._pieces(ced.Partition(str(path)))) > 1

    def test_a_file_up_to_the_range_size_is_one_piece(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = _write(tmp_path / "f.jsonl", [ACTOR, PLACE, EVENT])
        monkeypatch.setattr(ced, "_RANGE_BYTES", path.stat().st_size)
        assert ced._pieces(ced.Partition(str(path))) == _whole(path)
        monkeypatch.setattr(ced, "_RANGE_BYTES", len(ACTOR))
        assert [p.line for p in ced._pieces(ced.Partition(str(path)))] == [1, 2, 3]


# -- generated data on a cluster --------------------------------------------------------------


def _faulty(directory: Path) -> tuple[Path, str]:
    """
    3,114 generated lines (header first) with faults in several ranges of 64 KiB.

    A bad line on line 401 (the second range), a reference to 'ghost' on line
    1201 (an event 'e3', as on line 117), a header on line 1701, on line 2501
    an event id first declared on line 201;
    and an actor moved to the end, so every reference to it points forward
    into another range. Returns the file and that actor's id.
    """
    lines = list(generate_lines(3000, seed=5))
    actor = lines.pop(1)
    lines.append(actor)
    first_id = json.loads(lines[200])["id"]
    lines[400] = NOT_JSON
    lines[1200] = DANGLING
    lines[1700] = HEADER
    duplicate = json.loads(lines[2500])
    duplicate["id"] = first_id
    lines[2500] = json.dumps(duplicate)
    directory.mkdir()
    return _write(directory / "events.jsonl", lines), json.loads(actor)["id"]


RANGE = 64 * 1024


def _holding(pieces: list[ced._Piece], line: int) -> int:
    """The number of the piece that holds *line*."""
    return max(number for number, piece in enumerate(pieces) if piece.line <= line)


class TestOnACluster:
    def test_validate_reports_what_the_whole_file_reports(
        self, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path, actor = _faulty(tmp_path / "in")
        monkeypatch.setattr(ced, "_RANGE_BYTES", WHOLE)
        whole = ced.validate(path, client=client)
        monkeypatch.setattr(ced, "_RANGE_BYTES", RANGE)
        pieces = ced._pieces(ced.Partition(str(path)))
        assert len(pieces) > 8
        assert [_holding(pieces, line) for line in (117, 201, 401)] == [0, 0, 1]
        assert _holding(pieces, 2501) > _holding(pieces, 1201) > 1
        split = ced.validate(path, client=client)
        assert split == whole
        found = {(e.line, e.path, e.message) for e in split}
        assert (1201, "side_a[0]", "unknown actor id 'ghost'") in found
        assert (1701, "type", "the 'dataset' header may only be the first line") in found
        assert any(line == 401 and path == "$" for line, path, _ in found)
        assert any(line == 2501 and f"(first at {path}:201)" in m for line, _, m in found)
        assert any(line == 1201 and f"(first at {path}:117)" in m for line, _, m in found)
        assert not any(actor in message for _, _, message in found)
        assert {e.file for e in split} == {str(path)}

    def test_only_the_range_with_a_dangling_reference_is_read_again(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path, _ = _faulty(tmp_path / "in")
        monkeypatch.setattr(ced, "_RANGE_BYTES", RANGE)
        pieces = ced._pieces(ced.Partition(str(path)))
        read_again: list[ced._Piece] = []
        original = ced._dangling

        def counting(piece: ced._Piece, unknown: frozenset[tuple[str, str]]) -> object:
            read_again.append(piece)
            return original(piece, unknown)

        monkeypatch.setattr(ced, "_dangling", counting)
        with dask.config.set(scheduler="synchronous"):
            errors = ced.validate(path)
        dangling = {e.line for e in errors if e.message.startswith("unknown")}
        assert 1201 in dangling
        assert read_again == [pieces[n] for n in sorted({_holding(pieces, x) for x in dangling})]

    def test_convert_gives_the_whole_files_dataset_in_order(
        self, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """One part file per range, named in order: read back, the same dataset, header too."""
        lines = list(generate_lines(3000, seed=6))
        (tmp_path / "in").mkdir()
        source = _write(tmp_path / "in" / "a.jsonl", lines[:2000])
        _write(tmp_path / "in" / "b.jsonl", lines[:1] + lines[2000:])
        monkeypatch.setattr(ced, "_RANGE_BYTES", WHOLE)
        count = ced.convert(tmp_path / "in", tmp_path / "whole", client=client)
        monkeypatch.setattr(ced, "_RANGE_BYTES", RANGE)
        pieces = [p for part in ced.partitions(tmp_path / "in") for p in ced._pieces(part)]
        assert len(pieces) > 8
        assert ced.convert(tmp_path / "in", tmp_path / "split", client=client) == count
        names = sorted(p.name for p in (tmp_path / "split" / "events").iterdir())
        assert names == [f"part-{n:05d}.parquet" for n in range(len(pieces))]
        whole, split = read_parquet(tmp_path / "whole"), read_parquet(tmp_path / "split")
        assert split == whole
        assert [e.id for e in split.events] == [e.id for e in whole.events]
        assert split.extensions == read_dataset(source).extensions != {}

    def test_convert_raises_the_first_bad_line_of_the_file(
        self, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Bad lines in several ranges: the error is the first one, as reading it whole."""
        path, _ = _faulty(tmp_path / "in")
        raised = []
        for size in (WHOLE, RANGE):
            monkeypatch.setattr(ced, "_RANGE_BYTES", size)
            with pytest.raises(ValidationError) as caught:
                ced.convert(path, tmp_path / f"out-{size}", client=client)
            raised.append(caught.value.errors)
        assert raised[0] == raised[1]
        assert [(e.file, e.line) for e in raised[0]] == [(str(path), 401)]


def test_a_range_writes_the_tables_table_of_makes(tmp_path: Path) -> None:
    """The part files of a range are those `arrow.table_of` gives for its records, metadata too."""
    lines = list(generate_lines(1500, seed=7))
    path = _write(tmp_path / "f.jsonl", lines)
    pieces = _cut(path, [path.stat().st_size // 2])
    assert len(pieces) == 2
    for number, piece in enumerate(pieces):
        assert ced._write_parquet(piece, str(tmp_path / "out"), number) > 0
        records = [r for _, r in ced._records(piece, None) if not isinstance(r, Header)]
        assert piece.header is not None
        shell = Dataset(
            schema_version=piece.header.schema_version, extensions=piece.header.extensions
        )
        by_table: dict[str, list[Any]] = {}
        for record in records:
            by_table.setdefault(record_kind(type(record)).collection, []).append(record)
        for name, rows in by_table.items():
            for table in [name, "event_actors"] if name == "events" else [name]:
                expected = tmp_path / f"expected-{table}-{number}.parquet"
                pq.write_table(arrow.table_of(table, rows, dataset=shell), expected)
                written = pq.read_table(tmp_path / "out" / table / f"part-{number:05d}.parquet")
                assert written.equals(pq.read_table(expected))
                assert written.schema.equals(pq.read_table(expected).schema, check_metadata=True)


def test_convert_with_workers_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``convert --workers 2`` of one file in ranges writes the file's dataset."""
    from conflict_events.cli import main

    monkeypatch.setattr(ced, "_RANGE_BYTES", RANGE)
    source = _write(tmp_path / "a.jsonl", list(generate_lines(2000, seed=8)))
    assert len(ced._pieces(ced.Partition(str(source)))) > 3
    out = tmp_path / "pq"
    assert main(["convert", str(source), str(out), "--to", "parquet", "--workers", "2", "-q"]) == 0
    assert read_parquet(out) == read_dataset(source)
