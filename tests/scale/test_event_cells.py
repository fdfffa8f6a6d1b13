"""
`arrow_batches.EventCells` and the generator's cells give the tables of the plain path.

Cells from any valid dataset's events (every field of every class, as the
generator never writes them), with optional fields left out, and the
generator's own events over seeds, sizes, parts and batches: the tables
equal those `plain_table` / `plain_event_actors` and `table_of` make.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from conflict_events import generate, strategies  # noqa: E402
from conflict_events.formats import arrow, arrow_batches  # noqa: E402
from conflict_events.formats.documents import dump_json, parse_json  # noqa: E402
from conflict_events.formats.jsonl import record_to_dict  # noqa: E402
from conflict_events.model import EVENT_TYPES, Dataset  # noqa: E402
from conflict_events.model.description import FieldKind, description  # noqa: E402

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
_TEXTS = frozenset({FieldKind.DATE, FieldKind.WHEN, FieldKind.CHOICE})
_METADATA = {b"test": b"cells"}


def _layouts() -> dict[str, tuple[str, ...]]:
    """Every field of every event class but its tag."""
    return {
        tag: tuple(field.name for field in description(cls).fields if field.name != "type")
        for tag, cls in EVENT_TYPES.items()
    }


def _cells(data: dict[str, Any], layout: tuple[str, ...]) -> list[Any]:
    """The cells of one event's plain data (see `EventCells`): None where it has no member."""
    fields = {field.name: field for field in description(EVENT_TYPES[data["type"]]).fields}
    cells: list[Any] = []
    for name in layout:
        value, field = data.get(name), fields[name]
        if value is None:
            cells.append(None)
        elif field.kind in arrow_batches._AS_IS:
            cells.append(tuple(value) if field.spec.many else value)
        elif field.kind in _TEXTS:
            cells.append(value)
        else:
            cells.append(dump_json(value))
    return cells


def _through_cells(events: list[dict[str, Any]], batch: int) -> tuple[Any, Any]:
    layouts = _layouts()
    sink = arrow_batches.EventCells(layouts, batch=batch)
    for data in events:
        sink.writer(data["type"])(*_cells(data, layouts[data["type"]]))
        if sink.rows >= batch:
            sink.end_batch()
    return sink.tables(metadata=_METADATA)


def _assert_plain(events: list[dict[str, Any]], batch: int) -> None:
    table, actors = _through_cells(events, batch)
    table.validate(full=True)
    actors.validate(full=True)
    wanted = arrow_batches.plain_table("events", events, metadata=_METADATA)
    assert table.equals(wanted, check_metadata=True)
    wanted_actors = arrow_batches.plain_event_actors(events, metadata=_METADATA)
    assert actors.equals(wanted_actors, check_metadata=True)


def _bare(data: dict[str, Any]) -> dict[str, Any]:
    """The event with every member left out that may be (its required fields kept)."""
    cls = EVENT_TYPES[data["type"]]
    required = {field.name for field in description(cls).fields if field.required}
    return {key: value for key, value in data.items() if key in required or key == "type"}


@settings(max_examples=25, suppress_health_check=_SLOW, deadline=None)
@given(strategies.datasets(), st.integers(1, 7), st.booleans())
def test_cells_of_any_dataset_give_the_plain_tables(
    dataset: Dataset, batch: int, bare: bool
) -> None:
    """Every field of every class, in batches of any size, optional members present or not."""
    events = [record_to_dict(event) for event in dataset.events]
    if bare:
        events = [_bare(data) for data in events]
    _assert_plain(events, batch)


def test_cells_give_the_plain_tables_of_generated_events() -> None:
    """The generator's events, its layouts aside: the tables of `plain_table`."""
    events = [
        data
        for data in map(parse_json, generate.generate_lines(3000, seed=4))
        if data["type"] in EVENT_TYPES
    ]
    _assert_plain(events, 700)
    _assert_plain([_bare(data) for data in events], 1000)


def test_the_table_of_no_events() -> None:
    """No event: empty tables of the schemas."""
    table, actors = _through_cells([], 5)
    assert table.equals(arrow_batches.plain_table("events", [], metadata=_METADATA))
    assert actors.equals(arrow_batches.plain_event_actors([], metadata=_METADATA))


def test_a_layout_naming_no_field_is_refused() -> None:
    """A layout is checked against its class when the writers are compiled."""
    with pytest.raises(TypeError, match="names no field"):
        arrow_batches.EventCells({"siege": ("id", "besiegers", "side_a")}, batch=10)


def _plain_tables(events: int, seed: int, chunk: int) -> dict[str, list[Any]]:
    """The part tables of the plain path: each part's lines parsed and built by `plain_table`."""
    lines = list(generate.generate_lines(events, seed=seed))
    metadata = arrow._header_metadata(parse_json(lines[0]))
    rows = [parse_json(line) for line in lines[1:]]
    plain = [data for data in rows if data["type"] in EVENT_TYPES]
    parts = [plain[start : start + chunk] for start in range(0, len(plain), chunk)] or [[]]
    return {
        "events": [arrow_batches.plain_table("events", part, metadata=metadata) for part in parts],
        "event_actors": [
            arrow_batches.plain_event_actors(part, metadata=metadata) for part in parts
        ],
    }


@settings(max_examples=8, suppress_health_check=_SLOW, deadline=None)
@given(
    events=st.integers(0, 1500),
    seed=st.integers(0, 2**32),
    chunk=st.sampled_from([200_000, 900, 333]),
    batch=st.sampled_from([20_000, 250]),
)
def test_generated_parts_are_the_plain_tables(
    tmp_path_factory: pytest.TempPathFactory, events: int, seed: int, chunk: int, batch: int
) -> None:
    """Every part file of `write_parquet` holds the table the plain path makes of its events."""
    root = tmp_path_factory.mktemp("generated") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generate, "_EVENT_BATCH", batch)
        generate.write_parquet(root, events, seed=seed, chunk=chunk)
    for name, wanted in _plain_tables(events, seed, chunk).items():
        paths = sorted((root / name).iterdir())
        assert len(paths) == len(wanted), name
        for path, table in zip(paths, wanted, strict=True):
            got = pq.read_table(path)
            got.validate(full=True)
            pq.write_table(table, root / "plain.parquet")  # read back alike
            assert got.equals(pq.read_table(root / "plain.parquet"), check_metadata=True), name


def test_the_jsonl_of_a_seed_is_unchanged() -> None:
    """The lines of a seed are those of before the events were handed to columns."""
    digest = hashlib.sha256()
    for line in generate.generate_lines(3000, seed=1):
        digest.update(line.encode() + b"\n")
    assert digest.hexdigest() == _DIGEST_3000_1


_DIGEST_3000_1 = "12c7643d1dec1e499a37eca66ad3d88480c81462849a46bd8067809fffe1e5de"


@pytest.mark.parametrize("chunk", [200_000, 900])
def test_cells_encoded_on_a_forked_worker_give_the_same_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The nested cells encoded elsewhere, batch by batch: the tables of the plain path."""
    monkeypatch.setattr(generate, "_ENCODE_ELSEWHERE", 0)
    monkeypatch.setattr(generate, "_EVENT_BATCH", 300)
    generate.write_parquet(tmp_path / "out", 2500, seed=8, chunk=chunk)
    for name, wanted in _plain_tables(2500, 8, chunk).items():
        paths = sorted((tmp_path / "out" / name).iterdir())
        assert len(paths) == len(wanted)
        for path, table in zip(paths, wanted, strict=True):
            got = pq.read_table(path)
            got.validate(full=True)
            pq.write_table(table, tmp_path / "plain.parquet")
            assert got.equals(pq.read_table(tmp_path / "plain.parquet"), check_metadata=True)


def test_a_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error in the writing thread is raised, and the directory is not left behind."""

    def refuse(*_: object, **__: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(pq, "write_table", refuse)
    with pytest.raises(RuntimeError, match="disk full"):
        generate.write_parquet(tmp_path / "out", 500, seed=1)
    assert not (tmp_path / "out").exists()
