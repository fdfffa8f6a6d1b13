"""The validate, convert and schema commands."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest

from conflict_events import SCHEMA_VERSION, json_schema
from conflict_events.cli import main

DATA = Path(__file__).resolve().parent / "data"
ACLED_2016 = DATA / "acled_v6_africa_2016_sample.csv"
GED_191 = DATA / "ucdp_ged_191_sample.csv"


class TestSchema:
    """``schema`` prints json_schema()."""

    def test_prints_the_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The printed JSON is the generated schema."""
        assert main(["schema"]) == 0
        assert json.loads(capsys.readouterr().out) == json_schema()

    def test_unknown_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown format version is an error, not a traceback."""
        assert main(["schema", "--format-version", "9.9.9"]) == 1
        assert "9.9.9" in capsys.readouterr().err

    def test_format_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format-version names the format whose schema to print."""
        assert main(["schema", "--format-version", SCHEMA_VERSION]) == 0
        assert json.loads(capsys.readouterr().out) == json_schema(SCHEMA_VERSION)

    def test_the_old_spelling_still_works_with_a_warning(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """schema --version is deprecated: it still works, and says so on standard error."""
        assert main(["schema", "--version", SCHEMA_VERSION]) == 0
        captured = capsys.readouterr()
        assert json.loads(captured.out) == json_schema(SCHEMA_VERSION)
        assert "deprecated; use --format-version" in captured.err


def test_program_version(capsys: pytest.CaptureFixture[str]) -> None:
    """conflict-events --version prints the program's version and the format it writes."""
    assert main(["--version"]) == 0
    out = capsys.readouterr().out.strip()
    assert out == (
        f"conflict-events {importlib.metadata.version('conflict-events')} "
        f"(document format {SCHEMA_VERSION})"
    )


class TestValidate:
    """``validate``: one line per error, exit 0/1/2."""

    def test_valid_files(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Real CSV samples and converted files are valid."""
        out = tmp_path / "a.jsonl"
        assert main(["convert", str(ACLED_2016), str(out)]) == 0
        assert main(["validate", str(ACLED_2016), str(GED_191), str(out)]) == 0
        assert capsys.readouterr().out == ""

    def test_errors_with_lines(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Every error is one line PATH:LINE: path: message, references included."""
        path = tmp_path / "x.jsonl"
        lines = [
            {"type": "actor", "id": "a", "name": "A", "kind": "army"},
            {"type": "armed_clash", "id": "e", "when": "2017-02-30", "side_a": ["ghost"]},
        ]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines))
        assert main(["validate", str(path)]) == 1
        assert capsys.readouterr().out.splitlines() == [
            (
                f"{path}:1: kind: 'army' is not one of 'state_forces', 'rebel_group', "
                "'political_militia', 'identity_militia', 'rioters', 'protesters', 'civilians', "
                "'external_force', 'alliance', 'international_organisation', 'person', 'officials', "
                "'ngo', 'activists', 'residents', 'unidentified', 'unknown'"
            ),
            f"{path}:2: when: '2017-02-30': 2017-02-30 is not a calendar day",
            f"{path}:2: side_a[0]: unknown actor id 'ghost'",
        ]

    def test_dangling_reference(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A reference to an id no line defines is reported on its line."""
        path = tmp_path / "x.jsonl"
        path.write_text(
            json.dumps({"type": "armed_clash", "id": "e", "when": "2017", "side_a": ["ghost"]})
            + "\n"
        )
        assert main(["validate", str(path), "--output", "json"]) == 1
        assert json.loads(capsys.readouterr().out) == [
            {
                "file": str(path),
                "line": 1,
                "column": None,
                "path": "side_a[0]",
                "message": "unknown actor id 'ghost'",
            }
        ]

    def test_json_document(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A JSON document's errors are at the line and column of their member, with their path."""
        path = tmp_path / "x.json"
        path.write_text(
            '{"locations": [{"id": "p", "name": "P", "kind": "settlement", "latitude": 91, "longitude": 0}]}'
        )
        assert main(["validate", str(path)]) == 1
        (line,) = capsys.readouterr().out.splitlines()
        assert line.startswith(f"{path}:1:75: locations[0].latitude: 91")

    def test_missing_file_and_usage(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing file is an error line and exit 2, as a usage error is."""
        assert main(["validate", str(tmp_path / "none.json")]) == 2
        assert "none.json:1: $:" in capsys.readouterr().out
        assert main(["validate"]) == 2
        assert main(["validate", "x.json", "--format", "yaml"]) == 2

    def test_unknown_extension(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file whose format cannot be told is reported, and --format overrides."""
        path = tmp_path / "data.txt"
        path.write_text("{}")
        assert main(["validate", str(path)]) == 2
        assert "--format" in capsys.readouterr().out
        assert main(["validate", str(path), "--format", "json"]) == 0


class TestConvert:
    """``convert``: every direction, atomic, never over its input."""

    def test_errors_name_the_file_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A fault of IN is printed as ``error: IN:LINE: path: message``, as validate prints it."""
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"type":"dataset","schema_version":"1.0.0"}\n{"type":"actor","id":"a"}\n')
        assert main(["convert", str(bad), str(tmp_path / "out.json")]) == 1
        assert capsys.readouterr().err.splitlines() == [
            f"error: {bad}:2: name: required field missing",
            f"error: {bad}:2: kind: required field missing",
        ]
        assert not (tmp_path / "out.json").exists()

    @pytest.mark.parametrize("fmt", ["json", "jsonl", "acled", "ucdp", "geojson"])
    def test_every_output(self, tmp_path: Path, fmt: str) -> None:
        """The ACLED sample converts to every format; readable ones validate."""
        out = tmp_path / f"out.{fmt}"
        assert main(["convert", str(ACLED_2016), str(out), "--from", "acled", "--to", fmt]) == 0
        if fmt != "geojson":
            assert main(["validate", str(out), "--format", fmt]) == 0

    def test_acled_round_trip_through_json(self, tmp_path: Path) -> None:
        """ACLED -> JSON -> ACLED keeps every cell."""
        middle, back = tmp_path / "a.json", tmp_path / "back.csv"
        assert main(["convert", str(ACLED_2016), str(middle)]) == 0
        assert main(["convert", str(middle), str(back), "--to", "acled"]) == 0
        import csv
        import io

        original = ACLED_2016.read_bytes().decode("cp1252")
        assert list(csv.reader(io.StringIO(back.read_text(encoding="utf-8"), newline=""))) == list(
            csv.reader(io.StringIO(original, newline=""))
        )

    def test_loss_report_on_stderr(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Writing UCDP from ACLED data reports what UCDP cannot hold."""
        middle, out = tmp_path / "a.json", tmp_path / "x.csv"
        assert main(["convert", str(ACLED_2016), str(middle)]) == 0
        assert main(["convert", str(middle), str(out), "--to", "ucdp"]) == 0
        assert "UCDP GED cannot hold" in capsys.readouterr().err

    def test_refuses_to_overwrite_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """OUT equal to IN is refused and IN is untouched."""
        path = tmp_path / "a.json"
        assert main(["convert", str(ACLED_2016), str(path)]) == 0
        before = path.read_bytes()
        assert main(["convert", str(path), str(tmp_path / "." / "a.json")]) == 1
        assert "overwrite the input" in capsys.readouterr().err
        assert path.read_bytes() == before

    def test_no_partial_file_on_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Invalid input leaves OUT as it was and no temporary file behind."""
        bad = tmp_path / "bad.json"
        bad.write_text('{"actors": [{"id": "a"}]}')
        out = tmp_path / "out.jsonl"
        out.write_text("old")
        assert main(["convert", str(bad), str(out)]) == 1
        assert "actors[0].name" in capsys.readouterr().err
        assert out.read_text() == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "out.jsonl"]

    def test_missing_input(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A missing input is an error (exit 2), not a traceback."""
        assert main(["convert", str(tmp_path / "no.json"), str(tmp_path / "o.json")]) == 2
        assert "no such file" in capsys.readouterr().err
