"""Merging datasets: one record per id; one id naming two different records is a conflict."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import conflict_events
from conflict_events import Actor, ActorKind, Dataset, ValidationError, examples
from conflict_events import strategies as cs
from conflict_events.formats.acled import read_acled

ACLED_2016 = Path(__file__).resolve().parent / "data" / "acled_v6_africa_2016_sample.csv"


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    header, *rows = csv.reader(io.StringIO(path.read_bytes().decode("cp1252"), newline=""))
    return header, rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _by_id(dataset: Dataset) -> dict[str, dict[str, Any]]:
    return {
        name: {record.id: record for record in getattr(dataset, name)}
        for name in ("actors", "locations", "sources", "events")
    }


def test_overlapping_exports_merge_into_the_whole_file(tmp_path: Path) -> None:
    """Rows 1-40 and 20-57 of the real file, read apart and merged, are the whole file."""
    header, rows = _rows(ACLED_2016)
    first = read_acled(_write(tmp_path / "first.csv", header, rows[:40]))
    second = read_acled(_write(tmp_path / "second.csv", header, rows[19:]))
    whole = read_acled(_write(tmp_path / "whole.csv", header, rows))
    merged = conflict_events.merge(first, second)
    assert _by_id(merged) == _by_id(whole)
    assert merged.extensions == whole.extensions
    assert [e.id for e in merged.events] == [e.id for e in whole.events]
    assert first.merge(second) == merged


def _actor(kind: ActorKind = ActorKind.REBEL_GROUP, **extra: Any) -> Actor:
    return Actor(id="acled-actor:x", name="X", kind=kind, **extra)


def test_same_id_different_content_names_both_values() -> None:
    """Two records under one id: the error names the field and both values; nothing is renamed."""
    one = Dataset(actors=(_actor(),))
    two = Dataset(actors=(_actor(ActorKind.STATE_FORCES),))
    with pytest.raises(ValidationError) as caught:
        one.merge(two)
    (error,) = caught.value.errors
    assert error.path == "actors[acled-actor:x].kind"
    assert "'rebel_group' in dataset 1" in error.message
    assert "'state_forces' in dataset 2" in error.message


def test_every_conflict_is_reported() -> None:
    """All conflicts at once, from any dataset, each at its path."""
    one = Dataset(actors=(_actor(),), extensions={"tool": {"run": 1}})
    two = Dataset(actors=(_actor(notes="a"),))
    three = Dataset(actors=(_actor(ActorKind.CIVILIANS),), extensions={"tool": {"run": 2}})
    with pytest.raises(ValidationError) as caught:
        conflict_events.merge(one, two, three)
    paths = sorted(e.path for e in caught.value.errors)
    assert paths == [
        "actors[acled-actor:x].kind",
        "actors[acled-actor:x].notes",
        "extensions['tool']['run']",
    ]
    assert any("dataset 3" in e.message for e in caught.value.errors)


def test_extensions_merge_key_by_key() -> None:
    """A key one side has is kept; the same key and value is one; nested objects merge."""
    one = Dataset(extensions={"a": 1, "acled": {"header": ["x"]}})
    two = Dataset(extensions={"b": 2, "acled": {"header": ["x"], "more": True}})
    merged = one.merge(two)
    assert merged.extensions == {"a": 1, "acled": {"header": ["x"], "more": True}, "b": 2}


def test_kept_cells_of_one_record_merge_column_by_column() -> None:
    """Equal but for the cells each import kept: one record with both; one cell two ways fails."""
    kept_one = {"acled": {"columns": {"latitude": "36.75250"}}}
    kept_two = {"acled": {"columns": {"inter1": "6"}}}
    merged = Dataset(actors=(_actor(extensions=kept_one),)).merge(
        Dataset(actors=(_actor(extensions=kept_two),))
    )
    columns = merged.actors[0].extensions["acled"]
    assert columns == {"columns": {"latitude": "36.75250", "inter1": "6"}}
    clash = {"acled": {"columns": {"latitude": "36.7525"}}}
    with pytest.raises(ValidationError) as caught:
        Dataset(actors=(_actor(extensions=kept_one),)).merge(
            Dataset(actors=(_actor(extensions=clash),))
        )
    (error,) = caught.value.errors
    assert error.path == "actors[acled-actor:x].extensions['acled']['columns']['latitude']"
    assert "'36.75250'" in error.message
    assert "'36.7525'" in error.message


def test_order_is_the_first_datasets_then_the_new_ones() -> None:
    """The first dataset's records in order, then each later one's new records."""
    a, b, c = (Actor(id=i, name=i, kind=ActorKind.UNKNOWN) for i in "abc")
    merged = conflict_events.merge(Dataset(actors=(b, a)), Dataset(actors=(c, a, b)))
    assert [x.id for x in merged.actors] == ["b", "a", "c"]


def test_a_record_of_another_type_under_the_same_id_is_a_conflict() -> None:
    """An event id that is an attack in one and a clash in the other is named with both types."""
    dataset = examples.dataset()
    event = dataset.events[0]
    other = next(e for e in dataset.events if type(e) is not type(event))
    swapped = attrs.evolve(other, id=event.id)
    rest = tuple(e for e in dataset.events if e.id != event.id)
    with pytest.raises(ValidationError) as caught:
        dataset.merge(attrs.evolve(dataset, events=(*rest, swapped)))
    (error,) = caught.value.errors
    assert error.path == f"events[{event.id}]"
    assert type(event).__name__ in error.message
    assert type(other).__name__ in error.message


@given(cs.datasets())
def test_merging_a_dataset_with_itself_changes_nothing(dataset: Dataset) -> None:
    """merge(d, d) == d, and an empty dataset adds nothing."""
    assert conflict_events.merge(dataset, dataset) == dataset
    assert dataset.merge(Dataset()) == dataset
    assert conflict_events.merge() == Dataset()
