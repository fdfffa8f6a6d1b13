"""Dask validation ships each partition's distinct referenced ids, and re-reads only faulty parts."""

from pathlib import Path

import pytest

import conflict_events.dask as ced
from conflict_events.generate import generate_lines


def _parts(directory: Path, count: int) -> list[Path]:
    directory.mkdir()
    lines = list(generate_lines(1500, seed=5))
    size = -(-len(lines) // count)
    paths = []
    for number in range(count):
        path = directory / f"part-{number}.jsonl"
        path.write_text("".join(line + "\n" for line in lines[number * size : (number + 1) * size]))
        paths.append(path)
    return paths


def test_a_partition_sends_each_referred_id_once_without_lines(tmp_path: Path) -> None:
    """Each referred (kind, id) is sent once, lineless, to the bucket where its declaration goes."""
    (path,) = _parts(tmp_path / "parts", 1)
    _errors, _links, *buckets = (
        sealed.value for sealed in ced._check(ced._Piece(ced.Partition(str(path))), 3)
    )
    declared = [
        [
            (kind, ident, line)
            for kind, ids, lines in ced._unpacked(b)
            for ident, line in zip(ids, lines, strict=True)
        ]
        for b in buckets[:3]
    ]
    referred = [
        [(kind, ident) for kind, text in b.items() for ident in text.split("\n")]
        for b in buckets[3:]
    ]
    sent = [ref for bucket in referred for ref in bucket]
    assert sent
    assert len(sent) == len(set(sent))
    assert len(sent) < sum(
        map(len, declared)
    )  # many records refer to the same few actors and places
    where = {
        (kind, ident): number for number, rows in enumerate(declared) for kind, ident, _ in rows
    }
    assert len(where) == sum(map(len, declared))  # every record's id, each with its line
    resolved = [
        (number, ref) for number, refs in enumerate(referred) for ref in refs if ref in where
    ]
    assert resolved
    assert all(where[ref] == number for number, ref in resolved)


def test_only_the_partitions_holding_a_dangling_reference_are_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _parts(tmp_path / "parts", 4)
    read_again: list[str] = []
    original = ced._dangling

    def counting(part: ced._Piece, unknown: frozenset[tuple[str, str]]) -> list[object]:
        read_again.append(Path(part.part.path).name)
        return original(part, unknown)  # type: ignore[return-value]

    monkeypatch.setattr(ced, "_dangling", counting)
    assert ced.validate(tmp_path / "parts") == []  # the local scheduler: in this process
    assert read_again == []
    with paths[2].open("a") as stream:
        stream.write(
            '{"type":"location","id":"zz1","name":"Z","kind":"settlement","parent":"nowhere"}\n'
        )
    errors = ced.validate(tmp_path / "parts")
    assert [(Path(e.file or "").name, e.path, e.message) for e in errors] == [
        ("part-2.jsonl", "parent", "unknown location id 'nowhere'")
    ]
    assert read_again == ["part-2.jsonl"]
