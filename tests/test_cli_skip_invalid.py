"""``--skip-invalid`` and ``--dayfirst``/``--monthfirst`` on the commands that read datasets."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from conflict_events.cli import main
from conflict_events.formats import files
from conflict_events.formats.acled import ACLED_COLUMNS
from conflict_events.formats.dataset_table import ReadOptions, SkippedRowsWarning

DATA = Path(__file__).resolve().parent / "data"
ACLED_2016 = DATA / "acled_v6_africa_2016_sample.csv"


def _row(ident: str, **cells: str) -> list[str]:
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(
        event_id_cnty=ident,
        event_date="2023-02-16",
        year="2023",
        time_precision="1",
        disorder_type="Political violence",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Military Forces of Syria (2000-)",
        inter1="State forces",
        actor2="Islamic State (Syria)",
        inter2="Rebel group",
        country="Syria",
        location="Tadmur",
        latitude="34.56",
        longitude="38.27",
        geo_precision="1",
        source="SOHR",
        fatalities="3",
    )
    row.update(cells)
    return [row[name] for name in ACLED_COLUMNS]


def _file(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(ACLED_COLUMNS)
        writer.writerows(rows)
    return path


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Two good rows, a bad count on line 3 and a bad date on line 5."""
    return _file(
        tmp_path / "mixed.csv",
        [
            _row("A1"),
            _row("A2", fatalities="many"),
            _row("A3"),
            _row("A4", event_date="yesterday"),
        ],
    )


SKIPPED = [
    "line 3: fatalities: 'many' is not a whole number",
    "line 5: event_date: 'yesterday' is not an ACLED event_date",
]


def _skipped_lines(err: str, path: Path) -> list[str]:
    """The ``PATH:LINE: column: message`` lines of *err* (not the count after them)."""
    return [line for line in err.splitlines() if re.match(rf"{re.escape(str(path))}:\d+: ", line)]


class TestConvert:
    def test_without_the_flag_nothing_is_written(
        self, mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "out.jsonl"
        assert main(["convert", str(mixed), str(out), "--to", "jsonl"]) == 1
        assert not out.exists()
        capsys.readouterr()

    def test_skip_invalid(
        self, mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "out.json"
        assert main(["convert", str(mixed), str(out), "--skip-invalid"]) == 0
        events = json.loads(out.read_text(encoding="utf-8"))["events"]
        assert [event["id"] for event in events] == ["acled:A1", "acled:A3"]
        lines = _skipped_lines(capsys.readouterr().err, mixed)
        assert [line.split(":", 2)[1] for line in lines] == ["3", "5"]
        assert lines[0].startswith(f"{mixed}:3: fatalities: 'many' is not a whole number")
        assert lines[1].startswith(f"{mixed}:5: event_date: 'yesterday' is not an ACLED")

    def test_quiet_still_lists_the_rows(
        self, mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "out.json"
        assert main(["convert", str(mixed), str(out), "--skip-invalid", "-q"]) == 0
        err = capsys.readouterr().err
        assert len(_skipped_lines(err, mixed)) == 2
        assert "row(s) skipped" not in err

    def test_nothing_readable_is_exit_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = _file(tmp_path / "bad.csv", [_row("A1", fatalities="x")])
        out = tmp_path / "out.json"
        assert main(["convert", str(bad), str(out), "--skip-invalid"]) == 1
        assert not out.exists()
        assert len(_skipped_lines(capsys.readouterr().err, bad)) == 1

    def test_monthfirst(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = _file(
            tmp_path / "us.csv",
            [_row("A1", event_date="03/04/2020"), _row("A2", event_date="12/29/2020")],
        )
        out = tmp_path / "out.json"
        assert main(["convert", str(path), str(out)]) == 1
        assert "pass dayfirst=False (--monthfirst)" in capsys.readouterr().err
        assert main(["convert", str(path), str(out), "--monthfirst"]) == 0
        events = json.loads(out.read_text(encoding="utf-8"))["events"]
        assert [event["when"] for event in events] == ["2020-03-04", "2020-12-29"]

    def test_dayfirst_and_monthfirst_exclude_each_other(
        self, mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = str(tmp_path / "out.json")
        assert main(["convert", str(mixed), out, "--dayfirst", "--monthfirst"]) == 2
        assert "not allowed with argument" in capsys.readouterr().err


class TestValidate:
    def test_without_the_flag(self, mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["validate", str(mixed)]) == 1
        out = capsys.readouterr().out.splitlines()
        assert [line.split(":", 2)[1] for line in out] == ["3", "5"]

    def test_skip_invalid(self, mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["validate", str(mixed), "--skip-invalid"]) == 0
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = _skipped_lines(captured.err, mixed)
        assert [line.split(": ", 2)[1] for line in lines] == ["fatalities", "event_date"]
        assert f"{mixed}: 2 row(s) skipped (--skip-invalid), 2 event(s) read" in captured.err

    def test_nothing_readable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        bad = _file(tmp_path / "bad.csv", [_row("A1", fatalities="x")])
        assert main(["validate", str(bad), "--skip-invalid"]) == 1
        assert capsys.readouterr().out == (
            f"{bad}:1: $: no row can be read (--skip-invalid skipped them all)\n"
        )

    def test_real_file_is_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["validate", str(ACLED_2016), "--skip-invalid"]) == 0
        assert capsys.readouterr().err == ""


def test_info_and_timeline_take_the_flags(
    mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["info", str(mixed)]) == 1
    capsys.readouterr()
    assert main(["info", str(mixed), "--skip-invalid", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert len(_skipped_lines(captured.err, mixed)) == 2
    assert json.loads(captured.out)
    assert main(["timeline", str(mixed), "--skip-invalid"]) == 0
    assert len(_skipped_lines(capsys.readouterr().err, mixed)) == 2


def test_load_passes_the_options(mixed: Path) -> None:
    with pytest.warns(UserWarning, match="2 rows skipped"):
        dataset = files.load(mixed, options=ReadOptions(on_error="skip"))
    assert len(dataset.events) == 2
    json_file = mixed.with_suffix(".json")
    assert main(["convert", str(mixed), str(json_file), "--skip-invalid", "-q"]) == 0
    assert files.load(json_file, options=ReadOptions(on_error="skip")) == files.load(json_file)


def test_skipped_lines_are_the_library_faults(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each printed line is one fault of the SkippedRowsWarning, with the path in front."""
    with pytest.warns(SkippedRowsWarning) as caught:
        files.load(mixed, options=ReadOptions(on_error="skip"))
    warning = caught[0].message
    assert isinstance(warning, SkippedRowsWarning)
    faults = [str(detail) for detail in warning.skipped]
    assert all(f.startswith(e) for f, e in zip(faults, SKIPPED, strict=True))
    assert main(["validate", str(mixed), "--skip-invalid"]) == 0
    assert _skipped_lines(capsys.readouterr().err, mixed) == [
        f"{mixed}:{d.line}: {d.path}: {d.message}" for d in warning.skipped
    ]
