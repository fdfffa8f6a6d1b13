"""Dask: partitioned validation, conversion and timelines on a two-process LocalCluster."""

import subprocess
import sys
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import conflict_events.dask as ced
from conflict_events import ValidationError, read_parquet, strategies
from conflict_events.formats.jsonl import dataset_records, read_dataset, write_records
from conflict_events.generate import generate_lines
from conflict_events.model import ControlChange
from conflict_events.reasoning import Timelines, change_window


def _split(lines, directory, parts):
    directory.mkdir(parents=True, exist_ok=True)
    size = -(-len(lines) // parts)
    for number in range(parts):
        chunk = lines[number * size : (number + 1) * size]
        (directory / f"part-{number}.jsonl").write_text("".join(line + "\n" for line in chunk))
    (directory.parent / "whole.jsonl").write_text("".join(line + "\n" for line in lines))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    _split(list(generate_lines(6000, seed=3)), root / "parts", 3)
    return root


class TestValidate:
    def test_valid_partitions_have_no_errors(self, client, generated):
        """Generated data split over three files validates on the cluster."""
        assert ced.validate(generated / "parts", client=client) == []

    def test_errors_carry_file_line_and_path(self, client, generated, tmp_path):
        """Bad lines, dangling ids and duplicate ids across files are reported by file and line."""
        parts = tmp_path / "parts"
        parts.mkdir()
        for source in sorted((generated / "parts").iterdir()):
            (parts / source.name).write_text(source.read_text())
        extra = parts / "part-9.jsonl"
        extra.write_text(
            '{"type":"armed_clash","id":"x1","when":"2016","location":"nowhere","side_a":["aSYR-gov"]}\n'
            '{"type":"armed_clash","id":"e5","when":"2016","side_a":["aSYR-gov"]}\n'
            '{"type":"armed_clash","id":"x2","when":"2016-13","side_a":["aSYR-gov"]}\n'
        )
        errors = ced.validate(parts, client=client)
        first = next(
            line
            for line, text in enumerate((parts / "part-0.jsonl").read_text().splitlines(), 1)
            if '"id":"e5"' in text
        )
        assert [str(error) for error in errors] == [
            f"{extra}:1: location: unknown location id 'nowhere'",
            f"{extra}:2: id: duplicate event id 'e5' (first at {parts / 'part-0.jsonl'}:{first})",
            f"{extra}:3: when: '2016-13': 13 is neither a month (01-12) nor a season (21-24)",
        ]

    def test_parent_cycles_across_files_are_reported(self, client, tmp_path):
        """Two locations in two files that are each other's parent are reported, as Dataset does."""
        (tmp_path / "a.jsonl").write_text(
            '{"type":"location","id":"a","name":"A","kind":"region","parent":"b"}\n'
        )
        (tmp_path / "b.jsonl").write_text(
            '{"type":"location","id":"b","name":"B","kind":"region","parent":"a"}\n'
        )
        errors = ced.validate([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], client=client)
        assert [str(error) for error in errors] == [
            (
                f"{tmp_path / 'a.jsonl'}:1: parent: location 'a' is its own ancestor through 'a' "
                "(the loop: 'a' -> 'b' -> 'a')"
            ),
            (
                f"{tmp_path / 'b.jsonl'}:1: parent: location 'b' is its own ancestor through 'b' "
                "(the loop: 'b' -> 'a' -> 'b')"
            ),
        ]

    def test_missing_dask_names_the_extra(self):
        """Without dask, importing the module says which extra to install."""
        code = "import sys; sys.modules['dask'] = None; import conflict_events.dask"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert "pip install 'conflict-events[dask]'" in result.stderr


class TestConvert:
    def test_jsonl_to_parquet_and_back(self, client, generated, tmp_path):
        """Partitions convert to a Parquet directory that holds the same dataset, and back."""
        count = ced.convert(generated / "parts", tmp_path / "pq", to="parquet", client=client)
        whole = read_dataset(generated / "whole.jsonl")
        records = len(whole.actors) + len(whole.locations) + len(whole.sources) + len(whole.events)
        assert count == records
        assert read_parquet(tmp_path / "pq") == whole
        assert ced.validate(tmp_path / "pq", client=client) == []
        back = ced.convert(tmp_path / "pq", tmp_path / "jsonl", to="jsonl", client=client)
        assert back == records
        assert ced.validate(tmp_path / "jsonl", client=client) == []

    @pytest.mark.parametrize(
        "bad_line",
        [
            '{"type": "actor", "id": "a", "name": "IS", "kind": "nope"}',
            '{"type": "actor", "id": "a", "name": "IS", "kind": "rebel_group", "aliases": [" "]}',
        ],
    )
    def test_a_bad_record_reaches_the_client_as_a_validation_error(
        self, client, tmp_path, bad_line
    ):
        """The error a worker meets arrives whole, not as a bare Exception of its repr."""
        source = tmp_path / "in" / "bad.jsonl"
        source.parent.mkdir()
        source.write_text('{"type": "dataset", "schema_version": "1.0.0"}\n' + bad_line + "\n")
        with pytest.raises(ValidationError) as caught:
            ced.convert(source.parent, tmp_path / "pq", to="parquet", client=client)
        assert type(caught.value) is ValidationError
        assert caught.value.errors[0].where.endswith(
            "bad.jsonl:2: " + ("kind" if "nope" in bad_line else "aliases[0]")
        )


def _questions(dataset):
    rows = [(location.id, "2016-01-01") for location in dataset.locations]
    for event in dataset.events:
        if isinstance(event, ControlChange) and event.location is not None:
            window = change_window(event)
            for day in (window.earliest, window.latest):
                for shift in (-1, 0, 1):
                    try:
                        rows.append((event.location, (day + timedelta(days=shift)).isoformat()))
                    except OverflowError:
                        continue
    return pd.DataFrame(rows, columns=["location", "at"])


def _single_process(dataset, questions):
    built = Timelines.build(dataset)
    answers = []
    for location, at in zip(questions["location"], questions["at"], strict=True):
        answer = built.controller_at(location, date.fromisoformat(at))
        answers.append(
            (
                location,
                answer.controller,
                answer.certain,
                list(answer.candidates),
                answer.answered_by,
                list(answer.event_ids),
                dict(answer.probabilities),
                answer.last_known,
                None if answer.evidence_date is None else answer.evidence_date.isoformat(),
            )
        )
    return answers


def _distributed(result):
    return [
        (
            row["location"],
            row["controller"],
            row["certain"],
            list(row["candidates"]),
            row["answered_by"],
            list(row["events"]),
            row["probabilities"],
            row["last_known"],
            row["evidence_date"],
        )
        for row in result.to_dict("records")
    ]


class TestTimelines:
    @settings(
        max_examples=8,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(dataset=strategies.datasets(max_events=12))
    def test_answers_match_the_single_process_reasoning(self, client, tmp_path_factory, dataset):
        """Shuffled by location, the timelines answer exactly what Timelines.build answers."""
        directory = tmp_path_factory.mktemp("drawn")
        records = list(dataset_records(dataset))
        write_records(records[: len(records) // 2], directory / "a.jsonl")
        write_records(records[len(records) // 2 :], directory / "b.jsonl")
        questions = _questions(dataset)
        result = ced.timelines(directory, questions, client=client, npartitions=2)
        assert _distributed(result) == _single_process(dataset, questions)

    def test_generated_data_on_the_local_scheduler(self, generated):
        """The same answers without a cluster, on generated data with parts and sieges."""
        dataset = read_dataset(generated / "whole.jsonl")
        questions = (
            _questions(dataset).sample(n=800, random_state=1, replace=True).reset_index(drop=True)
        )
        result = ced.timelines(generated / "parts", questions)
        assert _distributed(result) == _single_process(dataset, questions)
        assert result["certain"].any()
        assert (~result["certain"]).any()


class TestCommands:
    def test_validate_and_convert_with_workers(self, generated, tmp_path, capsys):
        """validate --workers and convert --workers run on a local cluster and agree."""
        from conflict_events.cli import main

        assert (
            main(
                [
                    "convert",
                    str(generated / "parts"),
                    str(tmp_path / "pq"),
                    "--to",
                    "parquet",
                    "--workers",
                    "1",
                ]
            )
            == 0
        )
        assert main(["validate", "--workers", "1", str(tmp_path / "pq")]) == 0
        assert "records (parquet)" in capsys.readouterr().out
        (tmp_path / "bad.jsonl").write_text(
            '{"type":"armed_clash","id":"x","when":"2016","side_a":["ghost"]}\n'
        )
        assert main(["validate", "--workers", "1", str(tmp_path / "bad.jsonl")]) == 1
        assert (
            capsys.readouterr().out
            == f"{tmp_path / 'bad.jsonl'}:1: side_a[0]: unknown actor id 'ghost'\n"
        )
