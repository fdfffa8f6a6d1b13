"""The fast Parquet writers give the tables of `arrow.write_parquet`, value for value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from conflict_events import generate  # noqa: E402
from conflict_events.formats import arrow, arrow_batches  # noqa: E402
from conflict_events.formats.jsonl import Header, read_dataset  # noqa: E402
from conflict_events.generate import iter_records, write_jsonl, write_parquet  # noqa: E402
from conflict_events.model import Dataset  # noqa: E402


def _through_objects(events: int, seed: int, directory: Path) -> Dataset:
    """The generated records as typed objects, written by `arrow.write_parquet`."""
    records = list(iter_records(events, seed=seed))
    header = records[0]
    assert isinstance(header, Header)
    dataset = Dataset.of(records[1:])
    dataset = Dataset(
        schema_version=header.schema_version,
        actors=dataset.actors,
        locations=dataset.locations,
        sources=dataset.sources,
        events=dataset.events,
        extensions=header.extensions,
    )
    arrow.write_parquet(dataset, directory)
    return dataset


def _tables(directory: Path) -> dict[str, Any]:
    return {name: pq.read_table(directory / name) for name in arrow.TABLES}


@pytest.mark.parametrize(("events", "seed"), [(0, 0), (1, 5), (6000, 3)])
def test_generated_parquet_is_what_write_parquet_writes(
    tmp_path: Path, events: int, seed: int
) -> None:
    """Same schema, metadata and values in every table as through the model objects."""
    expected = tmp_path / "objects"
    _through_objects(events, seed, expected)
    fast = tmp_path / "fast"
    write_parquet(fast, events, seed=seed)
    wanted, got = _tables(expected), _tables(fast)
    for name in arrow.TABLES:
        got[name].validate(full=True)
        assert got[name].schema.equals(wanted[name].schema, check_metadata=True), name
        assert got[name].equals(wanted[name], check_metadata=True), name


def test_generated_parquet_reads_back_as_the_jsonl_generation(tmp_path: Path) -> None:
    """`arrow.read_parquet` of the fast path equals the JSON Lines of the same seed."""
    write_parquet(tmp_path / "fast", 3000, seed=11)
    write_jsonl(tmp_path / "data.jsonl", 3000, seed=11)
    assert arrow.read_parquet(tmp_path / "fast") == read_dataset(tmp_path / "data.jsonl")


def test_parts_split_the_same_tables(tmp_path: Path) -> None:
    """Small chunks write several part files that read back as the same dataset."""
    write_parquet(tmp_path / "whole", 2500, seed=2)
    write_parquet(tmp_path / "parts", 2500, seed=2, chunk=700)
    assert len(list((tmp_path / "parts" / "events").iterdir())) == 4
    assert arrow.read_parquet(tmp_path / "parts") == arrow.read_parquet(tmp_path / "whole")


def test_records_table_is_table_of(tmp_path: Path) -> None:
    """The faster builder from typed records gives `table_of`'s tables exactly."""
    del tmp_path
    records = list(iter_records(4000, seed=9))[1:]
    dataset = Dataset.of(records)
    for name, rows in (
        ("actors", dataset.actors),
        ("locations", dataset.locations),
        ("sources", dataset.sources),
        ("events", dataset.events),
        ("event_actors", dataset.events),
    ):
        fast = arrow_batches.records_table(name, rows, dataset=dataset)
        fast.validate(full=True)
        assert fast.equals(arrow.table_of(name, rows, dataset=dataset), check_metadata=True)


def test_records_table_refuses_a_foreign_record() -> None:
    """A record of another table is refused as `table_of` refuses it."""
    actor = next(r for r in iter_records(10) if type(r).__name__ == "Actor")
    with pytest.raises(TypeError, match="do not belong in table 'events'"):
        arrow_batches.records_table("events", [actor])


@pytest.mark.parametrize("chunk", [200_000, 700])
def test_small_batches_give_the_same_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Events turned into arrays in small batches: the tables of one batch per part."""
    write_parquet(tmp_path / "whole", 2500, seed=6, chunk=chunk)
    monkeypatch.setattr(generate, "_EVENT_BATCH", 300)
    write_parquet(tmp_path / "batches", 2500, seed=6, chunk=chunk)
    whole, batches = _tables(tmp_path / "whole"), _tables(tmp_path / "batches")
    for name in arrow.TABLES:
        batches[name].validate(full=True)
        assert batches[name].equals(whole[name], check_metadata=True), name
