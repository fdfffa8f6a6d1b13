"""The convert's shared-value line reader reads and refuses what the JSON Lines reader does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflict_events import Dataset, ValidationError
from conflict_events import strategies as cs
from conflict_events.formats import jsonl
from conflict_events.formats._shared_values import line_record, shared_hook
from conflict_events.formats.converter import value_hook
from conflict_events.model import ArmedClash, Estimate
from conflict_events.model.description import description

pq = pytest.importorskip("pyarrow.parquet")
jsonl_parquet = pytest.importorskip("conflict_events.formats.jsonl_parquet")

#: Any JSON value, a field's replacement in a broken record.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)


def _lines(dataset: Dataset) -> list[bytes]:
    return [json.dumps(jsonl.record_to_dict(r)).encode() for r in jsonl.dataset_records(dataset)]


def _outcome(read: Any, raw: bytes, *, first: bool) -> Any:
    """The record a reader gives, or the errors it raises."""
    try:
        return read(raw, first=first)
    except ValidationError as error:
        return ("refused", error.errors)


def _same_everywhere(raw: bytes) -> None:
    for first in (True, False):
        new = _outcome(line_record, raw, first=first)
        old = _outcome(jsonl.record_from_line, raw, first=first)
        assert new == old
        assert type(new) is type(old)


@pytest.mark.parametrize("name", ["acled_sample", "ucdp_sample"])
def test_every_line_of_a_real_sample_reads_as_the_jsonl_reader_reads_it(
    name: str, request: pytest.FixtureRequest
) -> None:
    for raw in _lines(request.getfixturevalue(name)):
        _same_everywhere(raw)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(cs.datasets(), st.data())
def test_a_broken_record_is_refused_with_the_jsonl_readers_errors(
    dataset: Dataset, data: st.DataObject
) -> None:
    """A field replaced, left out or added: the same record, or the same errors."""
    lines = _lines(dataset)
    raw = data.draw(st.sampled_from(lines))
    plain = json.loads(raw)
    change = data.draw(st.sampled_from(["replace", "drop", "add", "type"]))
    key = data.draw(st.sampled_from(sorted(plain)))
    if change == "replace":
        plain[key] = data.draw(_JSON)
    elif change == "drop":
        del plain[key]
    elif change == "add":
        plain[data.draw(st.text(max_size=6))] = data.draw(_JSON)
    else:
        plain["type"] = data.draw(st.sampled_from(["actor", "location", "source", "dataset"]))
    _same_everywhere(json.dumps(plain).encode())


@given(cs.datasets())
@settings(max_examples=30)
def test_a_valid_dataset_reads_as_the_jsonl_reader_reads_it(dataset: Dataset) -> None:
    for raw in _lines(dataset):
        _same_everywhere(raw)


def _built(hook: Any, value: Any) -> Any:
    try:
        return ("built", hook(value, Estimate))
    except Exception as error:  # noqa: BLE001 - compared with the converter's own
        return ("refused", type(error), str(error))


def test_the_shared_hook_keeps_apart_values_a_json_reader_tells_apart() -> None:
    """``1``, ``1.0``, ``True`` and ``"1"`` are different data; a refusal is never remembered."""
    spec = next(f.spec for f in description(ArmedClash).fields if f.name == "fatalities")
    hook, plain = shared_hook(spec), value_hook(spec)
    values = [{"best": 1}, {"best": 1.0}, {"best": True}, {"best": "1"}, {"best": -1}]
    for value in [*values, *reversed(values)]:
        assert _built(hook, value) == _built(plain, value)
    assert hook({"best": 1}, Estimate) is hook({"best": 1}, Estimate)


def _tables(directory: Path) -> dict[str, Any]:
    return {part.name: pq.read_table(part / "part-0.parquet") for part in directory.iterdir()}


@pytest.mark.parametrize("name", ["acled_sample", "ucdp_sample"])
def test_a_real_sample_converts_to_the_tables_of_the_jsonl_reader(
    name: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    jsonl.write_dataset(request.getfixturevalue(name), source)
    jsonl_parquet.convert_file(source, tmp_path / "new", workers=2, split_bytes=1)
    monkeypatch.setattr(jsonl_parquet, "line_record", jsonl.record_from_line)
    jsonl_parquet.convert_file(source, tmp_path / "old", workers=1)
    new, old = _tables(tmp_path / "new"), _tables(tmp_path / "old")
    assert new.keys() == old.keys()
    for table, data in old.items():
        assert new[table].equals(data, check_metadata=True), table


@pytest.mark.parametrize(
    "raw",
    [
        b'\xef\xbb\xbf{"type": "actor", "id": "a", "name": "A", "kind": "rebel_group"}',
        b'{"type": "actor",',
        b'{"type": "actor", "id": NaN}',
        b"[1]",
        b"\xff",
        b'{"type": "dataset", "schema_version": "1.1.0"}',
        b'{"type": "nope", "id": "e1"}',
        b'{"type": "actor", "id": "a", "id": "b", "name": "A", "kind": "rebel_group"}',
    ],
)
def test_a_line_the_fast_parse_cannot_take_reads_as_the_jsonl_reader_reads_it(raw: bytes) -> None:
    _same_everywhere(raw)
