"""JSON Lines: lossless streaming, errors by line, references checked across lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import (
    SCHEMA_VERSION,
    Actor,
    ActorKind,
    Dataset,
    Location,
    LocationKind,
    ValidationError,
    iter_records,
    write_records,
)
from conflict_events import strategies as cs
from conflict_events.formats import jsonl


def _write_lines(path: Path, lines: list[object]) -> Path:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


ACTOR = {"type": "actor", "id": "isis", "name": "ISIS", "kind": "rebel_group"}
PLACE = {"type": "location", "id": "palmyra", "name": "Palmyra", "kind": "settlement"}
CHANGE = {
    "type": "control_change",
    "id": "e1",
    "when": "2015-05-20",
    "location": "palmyra",
    "new_holder": "isis",
}


class TestRoundTrip:
    """Whatever is written reads back equal."""

    @settings(max_examples=40)
    @given(cs.datasets())
    def test_dataset_round_trip(self, dataset: Dataset) -> None:
        """write_dataset then read_dataset gives the same dataset, extensions included."""
        stream = io.StringIO()
        jsonl.write_dataset(dataset, stream)
        text = stream.getvalue()
        assert text.count("\n") == 1 + len(dataset.actors) + len(dataset.locations) + len(
            dataset.sources
        ) + len(dataset.events)
        path = Path(self._tmp()) / "d.jsonl"
        path.write_text(text, encoding="utf-8")
        assert jsonl.read_dataset(path) == dataset
        assert list(iter_records(path)) == [
            *dataset.actors,
            *dataset.locations,
            *dataset.sources,
            *dataset.events,
        ]
        assert jsonl.check_file(path) == []

    def _tmp(self) -> str:
        import tempfile

        return tempfile.mkdtemp()

    def test_each_line_is_tagged(self, tmp_path: Path) -> None:
        """Records carry their type; the header names the format version."""
        path = tmp_path / "x.jsonl"
        dataset = Dataset.of(
            [
                Actor(id="a", name="A", kind=ActorKind.REBEL_GROUP),
                Location(id="p", name="P", kind=LocationKind.SETTLEMENT),
            ]
        )
        assert jsonl.write_dataset(dataset, path) == 3
        lines = [json.loads(line) for line in path.read_text().splitlines()]
        assert [line["type"] for line in lines] == ["dataset", "actor", "location"]
        assert lines[0] == {"type": "dataset", "schema_version": SCHEMA_VERSION}

    def test_write_records_streams_from_a_generator(self, tmp_path: Path) -> None:
        """write_records takes any iterable, without a header when none is given."""
        path = tmp_path / "x.jsonl"
        count = write_records(
            (Actor(id=f"a{i}", name="A", kind=ActorKind.CIVILIANS) for i in range(5)), path
        )
        assert count == 5
        assert [a.id for a in iter_records(path)] == [f"a{i}" for i in range(5)]


class TestErrors:
    """Errors carry the line number before their path."""

    def test_field_error_has_line_and_path(self, tmp_path: Path) -> None:
        """A bad field is reported as ``line N: field``."""
        bad = {**PLACE, "latitude": 91, "longitude": 0}
        path = _write_lines(tmp_path / "x.jsonl", [ACTOR, bad])
        with pytest.raises(ValidationError) as caught:
            list(iter_records(path))
        (error,) = caught.value.errors
        assert error.where == "line 2: latitude"
        assert (error.line, error.path) == (2, "latitude")
        assert "91" in error.message
        assert jsonl.split_line(error.where) == (2, "latitude")

    def test_malformed_line(self, tmp_path: Path) -> None:
        """A line that is not JSON is reported at its root."""
        path = tmp_path / "x.jsonl"
        path.write_text(json.dumps(ACTOR) + "\n{oops\n", encoding="utf-8")
        errors = jsonl.check_file(path)
        assert [e.where for e in errors] == ["line 2: $"]
        assert "invalid JSON" in errors[0].message

    def test_unknown_type(self, tmp_path: Path) -> None:
        """An unknown type names the record types too."""
        path = _write_lines(tmp_path / "x.jsonl", [{"type": "person", "id": "x"}])
        (error,) = jsonl.check_file(path)
        assert error.where == "line 1: type"
        assert "'actor'" in error.message

    def test_iteration_is_lazy(self, tmp_path: Path) -> None:
        """Records before a bad line are yielded before the error is raised."""
        path = _write_lines(tmp_path / "x.jsonl", [ACTOR, PLACE, [1]])
        records = iter_records(path)
        assert next(records).id == "isis"
        assert next(records).id == "palmyra"
        with pytest.raises(ValidationError, match="line 3"):
            next(records)

    def test_on_error_skips_bad_lines(self, tmp_path: Path) -> None:
        """With on_error every fault is reported and the good records still come."""
        path = _write_lines(tmp_path / "x.jsonl", [{"type": "actor"}, ACTOR, 3])
        seen: list[str] = []
        records = list(iter_records(path, on_error=lambda d: seen.append(d.where)))
        assert [r.id for r in records] == ["isis"]
        assert seen == ["line 1: id", "line 1: name", "line 1: kind", "line 3: $"]

    def test_header_only_first(self, tmp_path: Path) -> None:
        """A header line after a record is refused."""
        header = {"type": "dataset", "schema_version": "1.0.0"}
        path = _write_lines(tmp_path / "x.jsonl", [header, ACTOR, header])
        assert [e.where for e in jsonl.check_file(path)] == ["line 3: type"]

    def test_header_with_records_is_refused(self, tmp_path: Path) -> None:
        """Records belong on their own lines, not inside the header."""
        header = {"type": "dataset", "actors": [{k: v for k, v in ACTOR.items() if k != "type"}]}
        path = _write_lines(tmp_path / "x.jsonl", [header])
        assert [e.where for e in jsonl.check_file(path)] == ["line 1: $"]

    def test_blank_lines_are_skipped(self, tmp_path: Path) -> None:
        """Blank lines are ignored; line numbers still count them."""
        path = tmp_path / "x.jsonl"
        path.write_text("\n" + json.dumps(ACTOR) + "\n\n" + json.dumps({"type": "actor"}) + "\n")
        assert next(e.where for e in jsonl.check_file(path)) == "line 4: id"


class TestReferences:
    """References across lines: forward ones allowed, dangling ones reported at the end."""

    @pytest.mark.parametrize("limit", [1, 2, 100])
    def test_forward_references_resolve(self, tmp_path: Path, limit: int) -> None:
        """An event may come before the actor and place it names."""
        path = _write_lines(tmp_path / "x.jsonl", [CHANGE, ACTOR, PLACE])
        assert jsonl.check_file(path, limit=limit) == []

    @pytest.mark.parametrize("limit", [1, 2, 100])
    def test_dangling_and_duplicates(self, tmp_path: Path, limit: int) -> None:
        """Unknown ids are reported on the line that names them, duplicates with the first line."""
        other = {**CHANGE, "id": "e2", "new_holder": "sdf", "part_of": "e9"}
        path = _write_lines(tmp_path / "x.jsonl", [ACTOR, CHANGE, other, ACTOR])
        errors = [str(e) for e in jsonl.check_file(path, limit=limit)]
        assert errors == [
            "line 4: id: duplicate actor id 'isis' (line 1)",
            "line 2: location: unknown location id 'palmyra'",
            "line 3: location: unknown location id 'palmyra'",
            "line 3: new_holder: unknown actor id 'sdf'",
            "line 3: part_of: unknown event id 'e9'",
        ]

    def test_parent_cycle(self, tmp_path: Path) -> None:
        """A location that is its own ancestor is reported."""
        a = {**PLACE, "id": "a", "parent": "b"}
        b = {**PLACE, "id": "b", "parent": "a"}
        path = _write_lines(tmp_path / "x.jsonl", [a, b])
        messages = [e.message for e in jsonl.check_file(path)]
        assert any("own ancestor" in m for m in messages)

    @settings(max_examples=25)
    @given(cs.datasets(), st.integers(1, 6), st.randoms(use_true_random=False))
    def test_disk_and_memory_agree(self, dataset: Dataset, limit: int, rnd: object) -> None:
        """Any record order gives the same report whether ids stay in memory or go to disk."""
        import random
        import tempfile

        assert isinstance(rnd, random.Random)
        records = list(jsonl.dataset_records(dataset))[1:]
        rnd.shuffle(records)
        dropped = records.pop() if records else None
        path = Path(tempfile.mkdtemp()) / "x.jsonl"
        write_records(records, path)
        small = jsonl.check_file(path, limit=limit)
        large = jsonl.check_file(path)
        assert small == large
        if dropped is not None and small:
            assert all("unknown" in e.message for e in small)
            with pytest.raises(ValidationError):
                Dataset.of(iter_records(path))
