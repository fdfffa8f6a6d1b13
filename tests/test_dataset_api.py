"""`Dataset`'s repr and typed look-ups, and the names `dir(conflict_events)` lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import assert_type

import attrs

import conflict_events
from conflict_events import ArmedClash, ControlChange, Dataset, from_json
from conflict_events.examples import dataset
from conflict_events.formats.jsonl import read_dataset
from conflict_events.generate import write_jsonl


def test_repr_gives_the_sizes() -> None:
    data = dataset()
    assert repr(data) == (
        f"Dataset(schema_version={data.schema_version!r}, actors={len(data.actors)}, "
        f"locations={len(data.locations)}, sources={len(data.sources)}, "
        f"events={len(data.events)})"
    )


def test_repr_of_a_large_dataset_is_short(tmp_path: Path) -> None:
    path = tmp_path / "large.jsonl"
    write_jsonl(path, 2000, seed=3)
    data = read_dataset(path)
    assert len(data.events) == 2000
    assert len(repr(data)) < 200


def test_equality_and_hash_are_unaffected() -> None:
    data = dataset()
    copy = from_json(conflict_events.to_json(data), Dataset)
    assert copy == data
    assert hash(copy) == hash(data)
    fewer = attrs.evolve(data, sources=data.sources[:-1], events=())
    assert fewer != attrs.evolve(data, events=())
    # Same sizes, other content: the repr is the same, equality is not.
    renamed = attrs.evolve(data, actors=(attrs.evolve(data.actors[0], name="x"), *data.actors[1:]))
    assert repr(renamed) == repr(data)
    assert renamed != data


def test_events_of_is_typed_by_the_class() -> None:
    data = dataset()
    changes = data.events_of(ControlChange)
    assert_type(changes, list[ControlChange])
    assert changes
    assert all(isinstance(change, ControlChange) for change in changes)
    assert changes == [e for e in data.events if isinstance(e, ControlChange)]
    assert_type(data.events_of(ArmedClash), list[ArmedClash])


def test_dir_lists_the_lazy_names() -> None:
    names = dir(conflict_events)
    assert {"to_arrow", "read_parquet", "from_arrow", "write_parquet", "__version__"} <= set(names)
    assert set(conflict_events.__all__) <= set(names)
    assert names == sorted(names)
    json.dumps(names)  # plain strings
