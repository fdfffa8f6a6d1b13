"""The ``timeline`` command: tables, one-day answers, JSON, names, pictures and bad input."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

import conflict_events.formats
from conflict_events import to_json
from conflict_events.cli import main
from conflict_events.examples import dataset


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["timeline", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


SPECIFIED = ("location", "at", "controller", "candidates", "certain")


def ask_all(
    capsys: pytest.CaptureFixture[str], name: str, day: str, *options: str
) -> dict[str, object]:
    """The whole JSON answer for *name* on *day*."""
    code, out, _ = run(capsys, "--location", name, "--at", day, "--format", "json", *options)
    assert code == 0
    answer: dict[str, object] = json.loads(out)
    return answer


def ask(capsys: pytest.CaptureFixture[str], name: str, day: str) -> dict[str, object]:
    """The keys of the answer that DESIGN.md specifies, and only those."""
    answer = ask_all(capsys, name, day)
    assert set(SPECIFIED) <= set(answer)
    return {key: answer[key] for key in SPECIFIED}


GOVERNMENT = {"id": "syrian-government", "name": "Syrian government forces"}
IS = {"id": "islamic-state", "name": "Islamic State"}


class TestHeldOutQuestions:
    def test_palmyra_june_2016(self, capsys: pytest.CaptureFixture[str]) -> None:
        """On 1 June 2016 the Syrian government held Palmyra, certainly."""
        assert ask(capsys, "Palmyra", "2016-06-01") == {
            "location": {"id": "palmyra", "name": "Palmyra"},
            "at": "2016-06-01",
            "controller": GOVERNMENT,
            "candidates": [GOVERNMENT],
            "certain": True,
        }

    def test_palmyra_december_2015(self, capsys: pytest.CaptureFixture[str]) -> None:
        """On 1 December 2015 IS held Palmyra."""
        answer = ask(capsys, "Tadmur", "2015-12-01")
        assert answer["controller"] == IS
        assert answer["certain"] is True

    def test_palmyra_mid_december_2016(self, capsys: pytest.CaptureFixture[str]) -> None:
        """On 15 December 2016 either may hold it: the day is inside the recapture's window."""
        answer = ask(capsys, "palmyra", "2016-12-15")
        assert answer["controller"] is None
        assert answer["candidates"] == [GOVERNMENT, IS]
        assert answer["certain"] is False

    def test_palmyra_2014(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        The government is the stated previous holder of May 2015, evidence for the time just
        before it only: 16 months earlier, beyond the 365-day horizon, the holder is unknown.
        """
        answer = ask(capsys, "Tadmor", "2014-01-01")
        assert (answer["controller"], answer["certain"]) == (None, False)
        assert ask(capsys, "Tadmor", "2015-04-01")["candidates"] == [GOVERNMENT]

    def test_tikrit_2016(self, capsys: pytest.CaptureFixture[str]) -> None:
        """
        Iraqi forces are last known to hold Tikrit (April 2015): never certain after that
        change, fading while the report goes on, unknown beyond the horizon.
        """
        iraqi = {"id": "iraqi-forces", "name": "Iraqi security forces"}
        answer = ask(capsys, "Tikrit", "2016-01-01")
        assert (answer["candidates"], answer["certain"]) == ([iraqi], False)
        late = ask(capsys, "Tikrit", "2016-12-31")
        assert (late["candidates"], late["certain"]) == ([iraqi], False)
        assert ask(capsys, "Tikrit", "2030-12-31")["candidates"] == []

    def test_unknown_holder_is_null_and_uncertain(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A place without record answers null, no candidates, not certain."""
        answer = ask(capsys, "Raqqa", "2016-06-01")
        assert answer["controller"] is None
        assert answer["candidates"] == []
        assert answer["certain"] is False

    def test_reported_status_answers_deir_ez_zor(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The report says the government held Deir ez-Zor through the siege: certain in 2016."""
        answer = ask(capsys, "Deir az-Zour", "2016-01-01")
        assert answer["controller"] == {
            "id": "syrian-government",
            "name": "Syrian government forces",
        }
        assert answer["certain"] is True

    def test_raqqa_is_held_by_is_at_publication(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Raqqa is the group's stronghold on the day of the report."""
        answer = ask(capsys, "Raqqa", "2017-02-04")
        assert answer["controller"] == {"id": "islamic-state", "name": "Islamic State"}


class TestText:
    def test_reported_status_is_listed(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A place known only from reported statuses lists them instead of 'no record'."""
        code, out, _ = run(capsys, "--location", "Tabqa")
        assert code == 0
        assert "reported: held by Islamic State during 2016-06/2017-02-04" in out
        assert "contested by Syrian Democratic Forces" in out
        assert "no record of control" not in out

    def test_places_known_only_from_statuses_are_in_the_full_table(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --location, the table includes Raqqa and Hawija, known from reported statuses."""
        _, out, _ = run(capsys)
        assert "Raqqa (raqqa)\n  reported: held by Islamic State during 2017-02-04" in out
        assert "Hawija (hawija)\n  reported: held by Islamic State" in out

    def test_no_arguments_runs_on_the_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The main job: a table per place, Palmyra's included."""
        code, out, err = run(capsys)
        assert code == 0
        assert err == ""
        assert "Palmyra (palmyra)" in out
        assert "2016-12-11..2016-12-20 (10 days)" in out
        assert "(before the record)" in out
        assert "(still held at last record)" in out

    def test_one_location_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--location limits the table to that place, found by an alias."""
        code, out, _ = run(capsys, "--location", "TADMUR")
        assert code == 0
        assert out.startswith("Palmyra (palmyra)\n")
        assert "Mosul" not in out

    def test_part_inherits(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The Roman theatre shows Palmyra's holders, marked as inherited."""
        code, out, _ = run(capsys, "--location", "Roman theatre of Palmyra", "--at", "2016-06-01")
        assert code == 0
        assert "Syrian government forces (certain) [as part of Palmyra]" in out

    def test_uncertain_answer_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An uncertain answer lists the candidates and the changes behind it."""
        _, out, _ = run(capsys, "--location", "Palmyra", "--at", "2016-12-15")
        assert "uncertain, one of Syrian government forces (p=0.55), Islamic State (p=0.45)" in out
        assert "palmyra-retaken-2016-12" in out

    def test_at_without_location(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--at alone answers for every place with a record; JSON is a list then."""
        code, out, _ = run(capsys, "--at", "2016-06-01", "--format", "json")
        assert code == 0
        answers = json.loads(out)
        assert {a["location"]["id"] for a in answers} >= {"palmyra", "tikrit", "mosul"}

    def test_json_timelines(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --at, JSON lists each place's holdings with EDTF windows."""
        _, out, _ = run(capsys, "--location", "palmyra", "--format", "json")
        document = json.loads(out)
        holdings = document["locations"][0]["holdings"]
        assert [h["holders"][0]["id"] for h in holdings] == [
            "syrian-government",
            "islamic-state",
            "syrian-government",
            "islamic-state",
        ]
        assert holdings[-1]["from"] == "[2016-12-11..2016-12-20]"
        assert holdings[-1]["to"] is None


class TestFiles:
    def test_reads_a_dataset_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """PATH is a JSON dataset; the answers are those of the data in it."""
        path = tmp_path / "example.json"
        path.write_text(to_json(dataset()), encoding="utf-8")
        code, out, _ = run(capsys, str(path), "--location", "Palmyra", "--at", "2016-06-01")
        assert code == 0
        assert "Syrian government forces (certain)" in out

    def test_missing_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A file that cannot be read is an error, exit 2, no traceback."""
        code, _, err = run(capsys, str(tmp_path / "none.json"))
        assert code == 2
        assert err.startswith("error: cannot read ")
        assert "Traceback" not in err

    def test_invalid_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An invalid dataset reports its errors with paths, exit 1."""
        path = tmp_path / "bad.json"
        path.write_text('{"schema_version": "1.0.0", "events": [{"type": "control_change"}]}')
        code, _, err = run(capsys, str(path))
        assert code == 1
        assert "events[0]" in err


class TestBadInput:
    def test_unknown_name_suggests(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown place is a clear error with close names suggested, exit 1."""
        code, out, err = run(capsys, "--location", "Palmira")
        assert code == 1
        assert out == ""
        assert err == "error: no location named 'Palmira'; did you mean 'Palmyra'?\n"

    def test_unknown_name_without_close_match(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With nothing close, the error says so plainly."""
        code, _, err = run(capsys, "--location", "Timbuktu")
        assert code == 1
        assert err == "error: no location named 'Timbuktu'\n"

    @pytest.mark.parametrize("day", ["2016-13-01", "June 2016", ""])
    def test_bad_date_is_a_usage_error(self, capsys: pytest.CaptureFixture[str], day: str) -> None:
        """--at takes YYYY-MM-DD; anything else is a usage error, exit 2."""
        code, _, err = run(capsys, "--at", day)
        assert code == 2
        assert "is not a date of the form YYYY-MM-DD" in err

    def test_bad_format_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Only text and json are formats."""
        assert run(capsys, "--format", "xml")[0] == 2


class TestPlot:
    @pytest.mark.parametrize("suffix", [".svg", ".png"])
    def test_draws(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
        """--plot writes the picture of the timelines."""
        path = tmp_path / f"timeline{suffix}"
        code, _, _ = run(capsys, "--plot", str(path))
        assert code == 0
        assert path.stat().st_size > 1000

    def test_other_suffix(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Only .svg, .png and .pdf are written."""
        code, _, err = run(capsys, "--plot", str(tmp_path / "x.jpg"))
        assert code == 1
        assert "--plot writes .svg, .png or .pdf files" in err

    def test_missing_matplotlib(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without matplotlib the error names the extra to install, exit 1."""
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        code, _, err = run(capsys, "--plot", str(tmp_path / "x.svg"))
        assert code == 1
        assert "pip install 'conflict-events[plot]'" in err


class TestSieges:
    def test_deir_ez_zor_siege_had_lasted_over_two_years(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """By 4 February 2017 the siege of Deir ez-Zor had lasted at least 732 days."""
        code, out, _ = run(capsys, "--location", "Deir az-Zour", "--at", "2017-02-04")
        assert code == 0
        assert out.startswith("Deir ez-Zor on 2017-02-04: Syrian government forces (certain)\n")
        assert "Islamic State besieging Syrian government forces" in out
        assert "since on or before 2015-02-03" in out
        assert "on 2017-02-04: under siege" in out
        assert "it had lasted at least 732 days (over 2 years)" in out
        assert "civilians inside: about 100,000" in out

    def test_siege_in_the_table_and_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table lists besieged places; JSON gives the siege's bounds in days."""
        _, out, _ = run(capsys)
        assert "Deir ez-Zor (deir-ez-zor)\n  reported: held by Syrian government forces" in out
        assert "(deir-ez-zor-held)\n  siege (deir-ez-zor-siege)" in out
        _, out, _ = run(capsys, "--location", "Deir ez-Zor military airport", "--format", "json")
        (siege,) = json.loads(out)["locations"][0]["sieges"]
        assert siege["shortest_days"] == 732
        assert siege["longest_days"] is None
        assert siege["when"] == "[..2015-02-03]/.."

    def test_before_the_siege_may_have_begun(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Before its latest possible start, the siege possibly held."""
        _, out, _ = run(capsys, "--location", "Deir ez-Zor", "--at", "2014-06-01")
        assert "on 2014-06-01: possibly under siege" in out


class TestHowStrong:
    """The answer says how strong it is: probabilities, the last known holder, the horizon."""

    @pytest.mark.parametrize(
        ("name", "day"),
        [
            ("Palmyra", "2016-06-01"),
            ("Palmyra", "2016-12-15"),
            ("Sinjar", "2016-01-01"),
            ("Tikrit", "2016-12-01"),
        ],
    )
    def test_probabilities_sum_to_one(
        self, capsys: pytest.CaptureFixture[str], name: str, day: str
    ) -> None:
        answer = ask_all(capsys, name, day)
        shares = answer["probabilities"]
        assert isinstance(shares, list)
        assert sum(share["probability"] for share in shares) == pytest.approx(1.0, abs=1e-5)
        if answer["certain"]:
            assert shares == [{**answer["controller"], "probability": 1.0}]  # type: ignore[dict-item]

    def test_last_known_after_the_only_change(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Sinjar a month after its only change: Peshmerga last known, not certain."""
        answer = ask_all(capsys, "Sinjar", "2016-01-01")
        assert answer["certain"] is False
        assert answer["last_known"] == {"id": "peshmerga", "name": "Peshmerga"}
        assert answer["evidence_date"] == "2015-11-30"
        assert answer["distance_days"] == 32
        code, out, _ = run(capsys, "--location", "Sinjar", "--at", "2016-01-01")
        assert code == 0
        assert "last known Peshmerga (evidence of 2015-11-30, 32 days away" in out

    def test_the_horizon_is_an_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Beyond the horizon nothing is known; a longer horizon reaches further."""
        assert ask_all(capsys, "Tikrit", "2016-12-01", "--horizon", "365")["candidates"] == []
        code, out, _ = run(capsys, "--location", "Tikrit", "--at", "2016-12-01", "--horizon", "365")
        assert code == 0
        assert "beyond the horizon of 365 days" in out
        longer = ask_all(capsys, "Tikrit", "2016-12-01", "--horizon", "1000")
        assert longer["horizon_days"] == 1000
        assert [c["id"] for c in longer["candidates"]] == ["iraqi-forces"]  # type: ignore[union-attr]

    @pytest.mark.parametrize("days", ["0", "-3", "x", "1.5", "\u0663", "9999999"])
    def test_a_bad_horizon_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], days: str
    ) -> None:
        code, _, err = run(capsys, "--horizon", days)
        assert code == 2
        assert "is not a number of days" in err


class TestInputFormats:
    """PATH is read as the other commands read it: JSON, JSON Lines, ACLED or UCDP CSV."""

    QUESTIONS = (
        ("--format", "json"),
        ("--at", "2016-06-01", "--format", "json"),
        ("--location", "Palmyra", "--at", "2016-12-15"),
        (),
    )

    def test_json_lines_answer_as_the_document(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The example as JSON Lines gives the answers of the JSON document."""
        from conflict_events.formats.jsonl import write_dataset

        document, lines = tmp_path / "example.json", tmp_path / "example.jsonl"
        document.write_text(to_json(dataset()), encoding="utf-8")
        write_dataset(dataset(), lines)
        for question in self.QUESTIONS:
            from_document = run(capsys, str(document), *question)
            assert from_document[0] == 0
            assert run(capsys, str(lines), *question) == from_document
        answer = json.loads(
            run(
                capsys,
                str(lines),
                "--location",
                "Palmyra",
                "--at",
                "2016-06-01",
                "--format",
                "json",
            )[1]
        )
        assert (answer["controller"], answer["certain"]) == (GOVERNMENT, True)

    def test_generated_json_lines(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """What ``generate`` (`generate.write_jsonl`) writes answers as that data made JSON."""
        lines, document = tmp_path / "generated.jsonl", tmp_path / "generated.json"
        assert main(["generate", str(lines), "--events", "200", "--seed", "3"]) == 0
        assert main(["convert", str(lines), str(document)]) == 0
        capsys.readouterr()
        for question in (("--format", "json"), ("--at", "2016-06-01", "--format", "json")):
            code, out, err = run(capsys, str(lines), *question)
            assert (code, err) == (0, "")
            assert json.loads(out)
            assert run(capsys, str(document), *question) == (code, out, err)

    @pytest.mark.parametrize("kind", ["acled", "ucdp"])
    def test_csv(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
        """An ACLED or UCDP GED table is read as `load` reads it, told apart by its header."""
        from conflict_events.formats.files import load, save
        from conflict_events.reasoning import timeline_report

        path = tmp_path / f"example-{kind}.csv"
        save(dataset(), path, kind)
        code, out, _ = run(capsys, str(path), "--format", "json")
        assert code == 0
        assert out == timeline_report(load(path), fmt="json") + "\n"

    def test_a_name_that_tells_no_format_is_json(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """As before formats were told apart, a file named otherwise is a JSON document."""
        path = tmp_path / "example.data"
        path.write_text(to_json(dataset()), encoding="utf-8")
        code, out, _ = run(capsys, str(path), "--location", "Palmyra", "--at", "2016-06-01")
        assert code == 0
        assert "Syrian government forces (certain)" in out

    def test_from_names_the_format(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--from reads a JSON Lines file whatever its name."""
        from conflict_events.formats.jsonl import write_dataset

        path = tmp_path / "example.data"
        write_dataset(dataset(), path)
        assert run(capsys, str(path), "--format", "json")[0] == 1
        code, out, _ = run(capsys, str(path), "--from", "jsonl", "--location", "Tadmur")
        assert code == 0
        assert out.startswith("Palmyra (palmyra)\n")

    def test_a_csv_of_neither_kind(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "other.csv"
        path.write_text("a,b\n1,2\n", encoding="utf-8")
        code, _, err = run(capsys, str(path))
        assert code == 1
        assert err == f"error: {path}: a CSV file, but neither ACLED nor UCDP GED columns\n"

    def test_geojson_is_written_only(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "places.geojson"
        path.write_text("{}", encoding="utf-8")
        code, _, err = run(capsys, str(path))
        assert code == 1
        assert err.startswith("error: cannot read the format 'geojson'")

    def test_missing_json_lines_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        code, _, err = run(capsys, str(tmp_path / "none.jsonl"))
        assert code == 2
        assert err.startswith(f"error: cannot read {tmp_path / 'none.jsonl'}: ")

    @pytest.mark.parametrize("how", [(), ("--from", "parquet")])
    def test_parquet_without_pyarrow(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        how: tuple[str, ...],
    ) -> None:
        """A directory is a Parquet dataset; without pyarrow the error names the extra."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        monkeypatch.delitem(sys.modules, "conflict_events.formats.arrow", raising=False)
        monkeypatch.delattr(conflict_events.formats, "arrow", raising=False)
        (tmp_path / "parts").mkdir()
        code, out, err = run(capsys, str(tmp_path / "parts"), *how)
        assert (code, out) == (1, "")
        assert "pip install 'conflict-events[arrow]'" in err


def _console_examples(page: Path) -> list[tuple[str, str]]:
    """Each ``$ conflict-events timeline ...`` of a page's console blocks, with its output."""
    examples: list[tuple[str, str]] = []
    inside = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            examples.append((line[2:], ""))
        elif examples:
            command, output = examples[-1]
            examples[-1] = (command, output + line + "\n")
    return [(c, o) for c, o in examples if c.startswith("conflict-events timeline")]


TIMELINE_PAGE = Path(__file__).resolve().parents[1] / "docs" / "timelines.md"


@pytest.mark.parametrize(
    ("command", "expected"), _console_examples(TIMELINE_PAGE), ids=lambda value: value[:60]
)
def test_the_docs_console_examples_print_what_they_show(
    capsys: pytest.CaptureFixture[str], command: str, expected: str
) -> None:
    """Every timeline command shown in docs/timelines.md prints exactly what the page shows."""
    import shlex

    code, out, _ = run(capsys, *shlex.split(command)[2:])
    assert code == 0
    assert out == expected.rstrip("\n") + "\n"  # a blank line parts two commands


def test_the_docs_show_timeline_commands() -> None:
    assert len(_console_examples(TIMELINE_PAGE)) >= 5


class TestSeveralLocations:
    """--location may repeat: each place once, in the order given."""

    def test_text_answers_in_the_order_given(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys, "--location", "Sinjar", "--location", "Palmyra", "--at", "2016-06-01"
        )
        assert code == 0
        heads = [line.split(" on ")[0] for line in out.splitlines() if " on 2016-06-01" in line]
        assert heads == ["Sinjar", "Palmyra"]

    def test_json_is_a_list_for_several_and_an_object_for_one(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(
            capsys,
            "--location",
            "Palmyra",
            "--location",
            "Sinjar",
            "--at",
            "2016-06-01",
            "--format",
            "json",
        )
        assert code == 0
        assert [answer["location"]["id"] for answer in json.loads(out)] == ["palmyra", "sinjar"]
        code, out, _ = run(
            capsys,
            "--location",
            "Palmyra",
            "--location",
            "Tadmur",
            "--at",
            "2016-06-01",
            "--format",
            "json",
        )
        assert code == 0
        assert json.loads(out)["location"]["id"] == "palmyra"  # one place, named twice

    def test_an_unknown_one_is_an_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "--location", "Palmyra", "--location", "Palmira")
        assert code == 1
        assert "did you mean 'Palmyra'" in err


class TestPeriod:
    """--since and --until list (and draw) only the holdings that may overlap the days given."""

    def test_holdings_outside_are_left_out(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys, "--location", "Palmyra", "--since", "2016-04-01", "--until", "2016-11-30"
        )
        assert code == 0
        rows = [line for line in out.splitlines() if "palmyra-" in line and "reported" not in line]
        assert [row.split()[-1] for row in rows] == ["palmyra-retaken-2016"]
        code, everything, _ = run(capsys, "--location", "Palmyra")
        assert everything.count("palmyra-") > out.count("palmyra-")

    def test_an_open_side_keeps_everything_on_it(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, since, _ = run(capsys, "--location", "Palmyra", "--since", "2016-04-01")
        assert "palmyra-retaken-2016-12" in since
        assert "palmyra-taken-2015" not in since

    def test_since_after_until_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = run(capsys, "--since", "2017-01-01", "--until", "2016-01-01")
        assert code == 2
        assert "--since 2017-01-01 comes after --until 2016-01-01" in err

    def test_the_picture_is_limited_too(self, tmp_path: Path) -> None:
        pytest.importorskip("matplotlib")
        from conflict_events.plot import figure

        picture = figure(dataset(), since=date(2016, 1, 1), until=date(2016, 12, 31))
        low, high = picture.axes[0].get_xlim()
        assert round(high - low) == 365


class TestNothingToShow:
    """A dataset without control information says so, through the installed command."""

    def test_a_dataset_without_control_records(self, tmp_path: Path) -> None:
        import subprocess

        from conflict_events import ControlChange, ControlStatus, Dataset, Siege

        example = dataset()
        control = ControlChange | ControlStatus | Siege
        dropped = {e.id for e in example.events if isinstance(e, control)}
        kept = tuple(
            e
            for e in example.events
            if e.id not in dropped
            and not getattr(e, "part_of", None)
            and not {a.conditional_on for a in e.attributions} & dropped
        )
        path = tmp_path / "no-control.json"
        without = Dataset(
            actors=example.actors,
            locations=example.locations,
            sources=example.sources,
            events=kept,
        )
        path.write_text(to_json(without), encoding="utf-8")
        command = Path(sys.executable).with_name("conflict-events")
        done = subprocess.run(
            [str(command), "timeline", str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"{path}: no control changes, statuses or sieges to show\n"
        period = subprocess.run(
            [str(command), "timeline", "--since", "2030-01-01"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert period.returncode == 0
        assert "Mosul" in period.stdout  # still held after 2030, as far as the record goes
