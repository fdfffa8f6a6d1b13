"""`read_dataset`: a valid regular file is read once without the ledger; anything else is scanned."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conflict_events import Dataset, ValidationError
from conflict_events import strategies as cs
from conflict_events.formats import jsonl

ACTOR = '{"type": "actor", "id": "isis", "name": "ISIS", "kind": "rebel_group"}\n'
PLACE = '{"type": "location", "id": "palmyra", "name": "Palmyra", "kind": "settlement"}\n'
CHANGE = (
    '{"type": "control_change", "id": "e1", "when": "2015-05-20", "location": "palmyra",'
    ' "new_holder": "isis"}\n'
)


def _text(dataset: Dataset) -> str:
    stream = io.StringIO()
    jsonl.write_dataset(dataset, stream)
    return stream.getvalue()


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cs.datasets())
def test_a_pipe_reads_the_same_dataset_as_a_file(tmp_path: Path, dataset: Dataset) -> None:
    """A pipe can be read only once, so it is scanned in one pass; a file may be read twice."""
    text = _text(dataset)
    file = tmp_path / "d.jsonl"
    file.write_text(text, encoding="utf-8")
    pipe = tmp_path / "pipe"
    if pipe.exists():
        pipe.unlink()
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=(text,), kwargs={"encoding": "utf-8"})
    writer.start()
    try:
        from_pipe = jsonl.read_dataset(pipe)
    finally:
        writer.join()
    assert from_pipe == jsonl.read_dataset(file) == dataset


def test_a_fault_only_the_whole_file_shows_is_reported_by_line(tmp_path: Path) -> None:
    """Every line reads, but a reference dangles: the scan names the line that makes it."""
    path = tmp_path / "d.jsonl"
    path.write_text(ACTOR + CHANGE, encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        jsonl.read_dataset(path)
    assert [(e.line, e.path) for e in raised.value.errors] == [(2, "location")]
    assert "palmyra" in raised.value.errors[0].message


def test_a_bad_line_after_good_ones_is_reported_with_every_other_fault(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(ACTOR + "{not json\n" + CHANGE, encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        jsonl.read_dataset(path)
    assert [e.line for e in raised.value.errors] == [2, 3]


def test_a_valid_file_reads_with_blank_lines_and_forward_references(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text("\n" + CHANGE + "\n" + ACTOR + PLACE, encoding="utf-8")
    dataset = jsonl.read_dataset(path)
    assert [e.id for e in dataset.events] == ["e1"]
    assert {a.id for a in dataset.actors} == {"isis"}
