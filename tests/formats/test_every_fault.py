"""
Every fault of a document in one run: structure, references and parent cycles, at their place.

A JSON document whose records do not all structure is still checked for
references and cycles (read from its plain data), so one run of
``conflict-events validate`` reports everything; each fault of a JSON text
carries the line and column of its member. JSON Lines files get the same
reference walk over their invalid lines, and report progress in bytes.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conflict_events import Dataset, ValidationError, from_json, to_dict
from conflict_events import strategies as cs
from conflict_events.errors import ErrorDetail
from conflict_events.formats import jsonl
from conflict_events.formats.json_positions import Position, member_positions
from conflict_events.model.dataset import integrity_faults

ACTOR = {"id": "isis", "name": "ISIS", "kind": "rebel_group"}
PALMYRA = {"id": "palmyra", "name": "Palmyra", "kind": "settlement"}
CHANGE = {
    "type": "control_change",
    "id": "e1",
    "when": "2015-05-20",
    "location": "palmyra",
    "new_holder": "isis",
}


def _document(**collections: list[dict[str, Any]]) -> dict[str, Any]:
    base: dict[str, Any] = {"actors": [ACTOR], "locations": [PALMYRA], "sources": [], "events": []}
    base.update(collections)
    return base


def _faults(document: object, *, indent: int | None = 2) -> list[ErrorDetail]:
    with pytest.raises(ValidationError) as caught:
        from_json(json.dumps(document, indent=indent), Dataset)
    return caught.value.errors


def _pairs(errors: list[ErrorDetail]) -> set[tuple[str, str]]:
    return {(error.path, error.message) for error in errors}


def _place(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of *offset* in *text*: the test's own count."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class TestOneRun:
    """Structural, reference and cycle faults of a JSON document, all at once."""

    def test_all_three_kinds(self) -> None:
        """An unknown field, a bad id, a missing parent and a cycle are reported in one run."""
        document = _document(
            actors=[ACTOR, {"id": "not an id!", "name": "X", "kind": "rebel_group"}],
            locations=[
                {**PALMYRA, "parent": "nowhere"},
                {"id": "a", "name": "A", "kind": "region", "parent": "b"},
                {"id": "b", "name": "B", "kind": "region", "parent": "a", "latitude": 91},
            ],
            events=[{**CHANGE, "bogus": 1}],
        )
        pairs = _pairs(_faults(document))
        assert ("events[0].bogus", "unknown field 'bogus'") in pairs
        assert any(path == "actors[1].id" for path, _ in pairs)
        assert ("locations[0].parent", "unknown location id 'nowhere'") in pairs
        assert any(path == "locations[2].latitude" for path, _ in pairs)
        cycles = sorted(path for path, message in pairs if "its own ancestor" in message)
        assert cycles == ["locations[1].parent", "locations[2].parent"]

    def test_invalid_record_still_declares_its_id(self) -> None:
        """A reference to a record that is itself invalid is not reported as unknown."""
        document = _document(actors=[{**ACTOR, "kind": "army"}], events=[CHANGE])
        assert [error.path for error in _faults(document)] == ["actors[0].kind"]

    def test_reference_inside_an_invalid_record(self) -> None:
        """A dangling reference made by a record that does not structure is still reported."""
        event = {**CHANGE, "when": "2015-02-30", "new_holder": "ghost"}
        event["attributions"] = [{"source": "nobody", "status": "bogus"}]
        pairs = _pairs(_faults(_document(events=[event])))
        assert ("events[0].new_holder", "unknown actor id 'ghost'") in pairs
        assert ("events[0].attributions[0].source", "unknown source id 'nobody'") in pairs
        assert any(path == "events[0].when" for path, _ in pairs)
        assert any(path == "events[0].attributions[0].status" for path, _ in pairs)

    def test_duplicate_id_of_an_invalid_record(self) -> None:
        """Two records of one id are reported even when one of them does not structure."""
        document = _document(actors=[ACTOR, {**ACTOR, "kind": "army"}])
        pairs = _pairs(_faults(document))
        assert ("actors[1].id", "duplicate actor id 'isis'") in pairs

    def test_bad_identifiers_are_faults_once(self) -> None:
        """A malformed id or reference is a structural fault only: it is not also 'unknown'."""
        bad = "not an id!"
        document = _document(
            actors=[{**ACTOR, "id": bad}], events=[{**CHANGE, "new_holder": bad, "bogus": 1}]
        )
        paths = sorted(error.path for error in _faults(document))
        assert paths == ["actors[0].id", "events[0].bogus", "events[0].new_holder"]

    def test_unreadable_id_leaves_its_kind_unsure(self) -> None:
        """With an actor whose id cannot be read, no actor reference is called unknown."""
        document = _document(
            actors=[{**ACTOR, "id": 12345}],
            events=[{**CHANGE, "new_holder": "isis", "location": "atlantis"}],
        )
        pairs = _pairs(_faults(document))
        assert [path for path, _ in pairs if "unknown" in _] == ["events[0].location"]
        assert any(path == "actors[0].id" for path, _ in pairs)

    def test_event_of_unknown_type_checks_the_shared_fields(self) -> None:
        """An event whose type is unknown still has its shared references checked."""
        event = {**CHANGE, "type": "invasion", "location": "atlantis"}
        pairs = _pairs(_faults(_document(events=[event])))
        assert ("events[0].location", "unknown location id 'atlantis'") in pairs
        assert any(path == "events[0].type" for path, _ in pairs)

    def test_valid_structure_reports_as_before(self) -> None:
        """A document that structures reports references exactly as the constructor does."""
        document = _document(events=[{**CHANGE, "new_holder": "ghost"}])
        assert _pairs(_faults(document)) == {("events[0].new_holder", "unknown actor id 'ghost'")}

    def test_document_not_an_object(self) -> None:
        """Plain data that is no object has no references to check: its fault alone is reported."""
        assert integrity_faults([1, 2]) == []
        assert integrity_faults({"actors": 5, "events": [7, {"id": 3}]}) == []

    def test_integrity_matches_the_constructor(self) -> None:
        """On a valid document the plain-data check finds nothing, as the constructor does."""
        assert integrity_faults(to_dict(_example())) == []


def _example() -> Dataset:
    from conflict_events import examples

    return examples.dataset()


class TestPositions:
    """Each fault of a JSON text at the line and column of its member."""

    def test_unknown_field_at_its_key(self) -> None:
        """An unknown field is placed at its key, in an indented file."""
        document = _document(events=[{**CHANGE, "bogus": 1}])
        text = json.dumps(document, indent=2)
        (error,) = _faults(document)
        assert (error.line, error.column) == _place(text, text.index('"bogus"'))
        assert error.line > 1

    def test_bad_value_at_its_value(self) -> None:
        """A bad value is placed at the value, not at its key."""
        document = _document(events=[{**CHANGE, "when": "2015-02-30"}])
        text = json.dumps(document, indent=4)
        (error,) = _faults(document, indent=4)
        assert error.path == "events[0].when"
        assert (error.line, error.column) == _place(text, text.index('"2015-02-30"'))

    def test_missing_field_at_its_record(self) -> None:
        """A required field that is missing is placed at the record that lacks it."""
        event = {key: value for key, value in CHANGE.items() if key != "when"}
        document = _document(events=[event])
        text = json.dumps(document, indent=1)
        (error,) = _faults(document, indent=1)
        assert error.path == "events[0].when"
        start = text.index('"events"')
        assert (error.line, error.column) == _place(text, text.index("{", start))

    def test_reference_fault_at_its_value(self) -> None:
        """A dangling reference is placed at the identifier that dangles."""
        document = _document(events=[{**CHANGE, "new_holder": "ghost"}])
        text = json.dumps(document, indent=2)
        (error,) = _faults(document)
        assert (error.line, error.column) == _place(text, text.index('"ghost"'))

    def test_duplicate_key_in_strict_mode(self) -> None:
        """With strict, a key given twice is placed at its second occurrence."""
        text = '{\n  "actors": [],\n  "actors": []\n}'
        with pytest.raises(ValidationError) as caught:
            from_json(text, Dataset, strict=True)
        (error,) = caught.value.errors
        assert (error.line, error.column) == (3, 3)

    def test_whole_document(self) -> None:
        """A fault of the whole document is at its first character; bytes are read as UTF-8."""
        with pytest.raises(ValidationError) as caught:
            from_json(b'\n\n  ["\xc3\xa9"]', Dataset)
        (error,) = caught.value.errors
        assert (error.path, error.line, error.column) == ("$", 3, 3)

    def test_columns_count_characters(self) -> None:
        """Columns count characters, not bytes, after text that is not ASCII."""
        text = '{"actors": [{"id": "é", "name": "ÉÉ", "kind": "rebel_group", "x": 1}]}'
        with pytest.raises(ValidationError) as caught:
            from_json(text.encode(), Dataset)
        by_path = {error.path: error for error in caught.value.errors}
        assert by_path["actors[0].x"].column == text.index('"x"') + 1

    def test_keys_that_are_not_identifiers(self) -> None:
        """A member whose key is quoted in the path is found too."""
        text = '{"actors": [], "extensions": {}, "a b": 1}'
        with pytest.raises(ValidationError) as caught:
            from_json(text, Dataset)
        (error,) = caught.value.errors
        assert error.column == text.index('"a b"') + 1

    def test_scanner_directly(self) -> None:
        """The scanner places only the paths asked for, and the nearest member of a missing one."""
        text = '[\n {"a": [1, {"b": 2}]},\n "x"\n]'
        found = member_positions(text, ["[0].a[1].b", "[1]", "[0].zz", "[5]"])
        assert found["[0].a[1].b"] == Position("[0].a[1].b", key=(2, 13), value=(2, 18))
        assert found["[1]"] == Position("[1]", key=None, value=(3, 2))
        assert found["[0].zz"] == Position("[0]", key=None, value=(2, 2))
        assert found["[5]"] == Position("$", key=None, value=(1, 1))


# Fields whose value may be any JSON object, so that no replacement breaks them.
_FREE = frozenset({"extensions"})
_BROKEN: Any = [[[]]]


@settings(max_examples=60, deadline=None)
@given(dataset=cs.datasets(), indent=st.integers(0, 8), data=st.data())
def test_fault_is_placed_at_its_member(dataset: Dataset, indent: int, data: st.DataObject) -> None:
    """
    Breaking one field of a record, pretty-printed at any indentation, places the fault there.

    Either a field's value is replaced by a value no field holds (the fault
    lies inside that value) or an unknown field is added (the fault is at its
    key); the test finds both spots in the text by itself.
    """
    document = to_dict(dataset)
    records = [
        (name, index)
        for name in ("actors", "locations", "sources", "events")
        for index in range(len(document.get(name, ())))
    ]
    name, index = data.draw(st.sampled_from(records))
    record = document[name][index]
    breakable = sorted(key for key in record if key not in _FREE and key != "type")
    if data.draw(st.booleans()) and breakable:
        key = data.draw(st.sampled_from(breakable))
        sentinel = "@@sentinel@@"
        record[key] = sentinel
        marked = json.dumps(document, indent=indent)
        assume(marked.count(sentinel) == 1)
        start = marked.index(f'"{sentinel}"')
        record[key] = _BROKEN
        text = json.dumps(document, indent=indent)
        assert text[:start] == marked[:start]
        end = json.JSONDecoder().raw_decode(text, start)[1]
        inside = {_place(text, offset) for offset in range(start, end)}
        member = f"{name}[{index}].{key}"
        with pytest.raises(ValidationError) as caught:
            from_json(text, Dataset)
        mine = [
            e for e in caught.value.errors if e.path == member or e.path.startswith(member + "[")
        ]
        assert mine
        assert all((e.line, e.column) in inside for e in mine)
    else:
        unknown = "@@unknown@@"
        items = list(record.items())
        at = data.draw(st.integers(0, len(items)))
        document[name][index] = dict([*items[:at], (unknown, 1), *items[at:]])
        text = json.dumps(document, indent=indent)
        assume(text.count(unknown) == 1)
        with pytest.raises(ValidationError) as caught:
            from_json(text, Dataset)
        (error,) = [e for e in caught.value.errors if unknown in e.path]
        assert (error.line, error.column) == _place(text, text.index(f'"{unknown}"'))


class TestJsonLines:
    """JSON Lines: the same reference walk over invalid lines; progress in bytes."""

    @staticmethod
    def _write(path: Path, lines: list[dict[str, Any]]) -> Path:
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        return path

    def test_invalid_line_declares_its_id(self, tmp_path: Path) -> None:
        """A reference to an invalid line's record is not reported as unknown."""
        path = self._write(
            tmp_path / "a.jsonl",
            [{"type": "actor", **ACTOR, "kind": "army"}, {"type": "location", **PALMYRA}, CHANGE],
        )
        assert [(e.line, e.path) for e in jsonl.check_file(path)] == [(1, "kind")]

    def test_invalid_line_references_are_checked(self, tmp_path: Path) -> None:
        """A dangling reference on a line that does not structure is still reported."""
        event = {**CHANGE, "when": "2015-02-30", "location": "atlantis"}
        path = self._write(tmp_path / "a.jsonl", [{"type": "actor", **ACTOR}, event])
        found = {(e.line, e.path, e.message) for e in jsonl.check_file(path)}
        assert (2, "location", "unknown location id 'atlantis'") in found
        assert any(line == 2 and where == "when" for line, where, _ in found)

    def test_unreadable_id_leaves_its_kind_unsure(self, tmp_path: Path) -> None:
        """A line of a kind whose id cannot be read leaves that kind's references unchecked."""
        lines = [{"type": "actor", **ACTOR, "id": "not an id!"}, {**CHANGE, "location": "x"}]
        found = jsonl.check_file(self._write(tmp_path / "a.jsonl", lines))
        assert [(e.line, e.path) for e in found] == [(1, "id"), (2, "location")]

    def test_invalid_location_in_a_cycle(self, tmp_path: Path) -> None:
        """An invalid location still takes part in the parent cycle it closes."""
        lines = [
            {"type": "location", "id": "a", "name": "A", "kind": "region", "parent": "b"},
            {"type": "location", "id": "b", "name": "B", "kind": "bogus", "parent": "a"},
        ]
        found = jsonl.check_file(self._write(tmp_path / "a.jsonl", lines))
        assert [(e.line, e.path) for e in found if "ancestor" in e.message] == [
            (1, "parent"),
            (2, "parent"),
        ]

    def test_progress_counts_bytes(self, tmp_path: Path) -> None:
        """Progress is the bytes read so far, about once per MiB, ending at the file's size."""
        path = tmp_path / "big.jsonl"
        line = json.dumps({"type": "actor", "id": "a0", "name": "x" * 1000, "kind": "rebel_group"})
        with path.open("w", encoding="utf-8") as stream:
            for number in range(3000):
                stream.write(line.replace('"a0"', f'"a{number}"') + "\n\n")
        size = path.stat().st_size
        seen: list[int] = []
        assert jsonl.check_file(path, progress=seen.append) == []
        assert seen == sorted(seen)
        assert seen[-1] == size
        assert len(seen) <= size // 2**20 + 2
        assert all(later - earlier >= 2**20 for earlier, later in itertools.pairwise(seen[:-1]))


def test_installed_command_reports_everything(tmp_path: Path) -> None:
    """``conflict-events validate`` reports structure, references and a cycle in one run."""
    document = _document(
        actors=[ACTOR, {"id": "not an id!", "name": "X", "kind": "rebel_group"}],
        locations=[
            {**PALMYRA, "parent": "nowhere"},
            {"id": "a", "name": "A", "kind": "region", "parent": "a"},
        ],
        events=[{**CHANGE, "bogus": 1}],
    )
    path = tmp_path / "bad.json"
    text = json.dumps(document, indent=2)
    path.write_text(text, encoding="utf-8")
    installed = Path(sys.executable).parent / "conflict-events"
    command = [str(installed), "validate", str(path)]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    bogus_line = _place(text, text.index('"bogus"'))[0]
    assert any(
        line.startswith(f"{path}:{bogus_line}:") and "events[0].bogus" in line for line in lines
    )
    assert any("actors[1].id" in line for line in lines)
    assert any("locations[0].parent: unknown location id 'nowhere'" in line for line in lines)
    assert any("locations[1].parent: location 'a' is its own ancestor" in line for line in lines)
    assert not any(line.startswith(f"{path}:1:") for line in lines)
    report = subprocess.run(
        [*command, "--error-format", "json"], capture_output=True, text=True, check=False, env=env
    )
    rows = {row["path"]: row for row in json.loads(report.stdout)}
    assert (rows["events[0].bogus"]["line"], rows["events[0].bogus"]["column"]) == _place(
        text, text.index('"bogus"')
    )
