"""The compiled fills and reference walks of `arrow_batches` agree with `arrow` on any valid data."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from conflict_events import generate, strategies  # noqa: E402
from conflict_events.formats import arrow, arrow_batches  # noqa: E402
from conflict_events.formats.jsonl import record_to_dict  # noqa: E402
from conflict_events.formats.jsonl_parquet import convert_file  # noqa: E402
from conflict_events.model import EVENT_TYPES, Dataset, Participant  # noqa: E402
from conflict_events.model.references import iter_references  # noqa: E402

_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _records(dataset: Dataset) -> dict[str, tuple[object, ...]]:
    return {
        "actors": dataset.actors,
        "locations": dataset.locations,
        "sources": dataset.sources,
        "events": dataset.events,
    }


@settings(max_examples=40, suppress_health_check=_SLOW, deadline=None)
@given(strategies.datasets())
def test_records_table_is_table_of_for_any_dataset(dataset: Dataset) -> None:
    """Every field of every record class, as the generator never writes them, too."""
    for name, rows in _records(dataset).items():
        fast = arrow_batches.records_table(name, rows, dataset=dataset)
        fast.validate(full=True)
        assert fast.equals(arrow.table_of(name, rows, dataset=dataset), check_metadata=True), name


@settings(max_examples=40, suppress_health_check=_SLOW, deadline=None)
@given(strategies.datasets())
def test_plain_table_is_table_of_for_any_dataset(dataset: Dataset) -> None:
    """The plain data of valid records (their JSON Lines objects) builds the same tables."""
    metadata = arrow._header(dataset)
    for name, rows in _records(dataset).items():
        plain = [record_to_dict(record) for record in rows]
        fast = arrow_batches.plain_table(name, plain, metadata=metadata)
        fast.validate(full=True)
        assert fast.equals(arrow.table_of(name, rows, dataset=dataset), check_metadata=True), name
    plain_events = [record_to_dict(event) for event in dataset.events]
    actors = arrow_batches.plain_event_actors(plain_events, metadata=metadata)
    wanted = arrow.table_of("event_actors", dataset.events, dataset=dataset)
    assert actors.equals(wanted, check_metadata=True)


@settings(max_examples=60, suppress_health_check=_SLOW, deadline=None)
@given(strategies.datasets())
def test_reference_rows_are_those_of_iter_references(dataset: Dataset) -> None:
    """The references and ``event_actors`` rows of the compiled walks, in the same order."""
    typed = arrow_batches.ReferenceRows()
    wanted: set[tuple[str, str]] = set()
    for name, records in _records(dataset).items():
        for record in records:
            typed.add(record, actors=name == "events")
            wanted.update((kind.value, ident) for _, kind, ident in iter_references(record))
    assert typed.referenced == wanted
    rows = list(arrow._event_actor_lists(dataset.events))
    assert [typed.events, typed.actors, typed.fields, typed.roles] == rows
    plain = arrow_batches.ReferenceRows()
    role = Participant.__attrs_attrs__.role.default.value  # type: ignore[attr-defined]
    for event in dataset.events:
        plain.add_plain(record_to_dict(event), EVENT_TYPES[event.event_type], default_role=role)
    assert [plain.events, plain.actors, plain.fields, plain.roles] == rows
    assert plain.referenced == set()


def test_actor_columns_forget_what_they_gave() -> None:
    """Each call gives the rows noted since the one before."""
    events = list(generate.iter_records(40, seed=3))[-10:]
    found = arrow_batches.ReferenceRows()
    for event in events[:5]:
        found.add(event, actors=True)
    first = found.actor_columns()
    for event in events[5:]:
        found.add(event, actors=True)
    second = found.actor_columns()
    rows = arrow._event_actor_lists(events)
    assert [column.to_pylist() for column in first] == list(arrow._event_actor_lists(events[:5]))
    joined = [a.to_pylist() + b.to_pylist() for a, b in zip(first, second, strict=True)]
    assert joined == list(rows)
    assert found.actor_columns()[0].to_pylist() == []


def test_part_files_have_bounded_row_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Generated and converted part files keep each row group to ROW_GROUP_ROWS rows."""
    monkeypatch.setattr(arrow_batches, "ROW_GROUP_ROWS", 500)
    generate.write_parquet(tmp_path / "generated", 1800, seed=4)
    generate.write_jsonl(tmp_path / "data.jsonl", 1800, seed=4)
    convert_file(tmp_path / "data.jsonl", tmp_path / "converted", workers=1)
    for root in (tmp_path / "generated", tmp_path / "converted"):
        (path,) = (root / "events").iterdir()
        part = pq.ParquetFile(path)
        groups = [part.metadata.row_group(i).num_rows for i in range(part.num_row_groups)]
        assert groups == [500, 500, 500, 300]
        assert pq.read_table(root / "events").equals(
            pq.read_table(tmp_path / "generated" / "events")
        )
