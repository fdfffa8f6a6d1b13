"""The synthetic generator: valid, deterministic, consistent timelines, same data in both formats."""

import hashlib
import random
from collections import Counter

import pytest

from conflict_events import read_parquet
from conflict_events.cli import main
from conflict_events.formats.jsonl import check_file, read_dataset
from conflict_events.generate import World, generate_lines, iter_records, write_jsonl
from conflict_events.model import (
    EVENT_TYPES,
    ControlChange,
    ControlStatus,
    Demonstration,
    Location,
    LocationKind,
)
from conflict_events.model.description import description
from conflict_events.model.record_kinds import RECORD_KINDS
from conflict_events.reasoning import Timelines


def _digest(events, seed):
    digest = hashlib.sha256()
    for line in generate_lines(events, seed=seed):
        digest.update(line.encode())
    return digest.hexdigest()


class TestGenerate:
    def test_output_validates(self, tmp_path, capsys):
        """The JSON Lines pass the streaming checker and the validate command."""
        path = tmp_path / "data.jsonl"
        assert main(["generate", str(path), "--events", "4000", "--seed", "7"]) == 0
        assert check_file(path) == []
        capsys.readouterr()
        assert main(["validate", str(path)]) == 0
        assert capsys.readouterr().out == ""

    def test_every_event_type_is_generated(self):
        """Over 2,000 events every event type of the model appears, each more than a few times."""
        counts = Counter(
            record.event_type for record in iter_records(2000, seed=3) if hasattr(record, "when")
        )
        assert set(counts) == set(EVENT_TYPES)
        assert min(counts.values()) >= 10
        assert sum(counts.values()) == 2000

    def test_every_record_class_is_generated(self):
        """Every record class a dataset can hold, nested ones included, appears in the output."""
        wanted: set[type] = set()
        pending: list[type] = [kind.cls for kind in RECORD_KINDS]
        while pending:
            cls = pending.pop()
            if cls not in wanted:
                wanted.add(cls)
                pending.extend(
                    f.spec.record for f in description(cls).fields if f.spec.record is not None
                )
        seen: set[type] = set()
        stack: list[object] = list(iter_records(2000, seed=3))
        while stack:
            record = stack.pop()
            if type(record) not in wanted:
                continue  # the document's header line
            seen.add(type(record))
            for field in description(type(record)).nested:
                value = getattr(record, field.name)
                stack.extend(
                    value if isinstance(value, tuple) else () if value is None else (value,)
                )
        assert wanted - seen == set()

    def test_control_statuses_and_demonstrations_are_plausible(self):
        """A status names a holder that is no contester; demonstrations have demonstrators."""
        records = list(iter_records(3000, seed=4))
        statuses = [r for r in records if isinstance(r, ControlStatus)]
        demonstrations = [r for r in records if isinstance(r, Demonstration)]
        assert statuses
        assert demonstrations
        assert all(s.location is not None and s.holder not in s.contested_by for s in statuses)
        assert any(s.contested_by for s in statuses)
        assert all(d.demonstrators and d.crowd is not None for d in demonstrations)
        assert all(bool(d.responders) == (d.form.value != "peaceful") for d in demonstrations)

    def test_a_status_names_the_holder_of_the_last_change(self):
        """A control status names who took the place (or its settlement) last before it."""
        held: dict[str, str] = {}
        parts: dict[str, list[str]] = {}
        checked = 0
        for record in iter_records(6000, seed=5):
            if isinstance(record, Location) and record.kind is not LocationKind.SETTLEMENT:
                parts.setdefault(record.parent or "", []).append(record.id)
            elif isinstance(record, ControlChange) and record.location is not None:
                # A settlement's parts change hands with it.
                for place in (record.location, *parts.get(record.location, ())):
                    held[place] = record.new_holder
            elif isinstance(record, ControlStatus) and record.location in held:
                assert record.holder == held[record.location]
                checked += 1
        assert checked > 10

    def test_same_seed_same_bytes(self):
        """A seed fixes the output; another seed changes it."""
        assert _digest(3000, 1) == _digest(3000, 1)
        assert _digest(3000, 1) != _digest(3000, 2)

    def test_timelines_are_consistent(self, tmp_path):
        """Control changes name the current holder: the timelines show no inconsistency."""
        path = tmp_path / "data.jsonl"
        write_jsonl(path, 20_000, seed=11)
        dataset = read_dataset(path)
        timelines = Timelines.build(dataset)
        assert len(timelines) > 50
        assert timelines.diagnostics() == []
        kinds = {type(event).__name__ for event in dataset.events}
        assert {"ControlChange", "ControlStatus", "Siege", "CasualtyClaim", "Offensive"} <= kinds

    def test_parquet_holds_the_same_dataset(self, tmp_path):
        """The Parquet output of a seed reads back to the dataset of its JSON Lines."""
        main(["generate", str(tmp_path / "data.jsonl"), "--events", "3000", "--seed", "5"])
        main(
            [
                "generate",
                str(tmp_path / "data"),
                "--events",
                "3000",
                "--seed",
                "5",
                "--format",
                "parquet",
            ]
        )
        assert read_parquet(tmp_path / "data") == read_dataset(tmp_path / "data.jsonl")

    def test_world_is_capped(self):
        """The places and actors stop growing with the number of events: memory stays flat."""
        big = World(10**9, random.Random(0))  # noqa: S311
        bigger = World(10**10, random.Random(0))  # noqa: S311
        assert len(big.lines) == len(bigger.lines)
        assert len(big.places) < 20_000

    def test_negative_count_is_a_usage_error(self, tmp_path, capsys):
        """A negative number of events is refused by the parser."""
        assert main(["generate", str(tmp_path / "x.jsonl"), "--events", "-3"]) == 2
        assert "not a whole number" in capsys.readouterr().err
        with pytest.raises(ValueError, match="0 or more"):
            next(generate_lines(-1))
