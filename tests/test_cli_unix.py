"""The command line as a Unix tool: ``-`` for standard streams, exit codes, -q/-v, plain help."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

from conflict_events import Dataset, examples, from_json, strategies, to_json
from conflict_events.cli import build_parser
from conflict_events.errors import ConflictEventsError
from conflict_events.formats import files
from conflict_events.formats.files import InputError

DATA = Path(__file__).resolve().parent / "data"
ACLED = DATA / "acled_v6_africa_2016_sample.csv"


def cli(
    *arguments: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m conflict_events`` with *arguments*, standard input and output as pipes."""
    return subprocess.run(
        [sys.executable, "-m", "conflict_events", *arguments],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        check=False,
        timeout=300,
        cwd=cwd,
    )


def example_acled_json() -> bytes:
    """The ACLED sample as JSON, as ``convert`` writes it."""
    return to_json(files.load(ACLED)).encode()


def example_json() -> bytes:
    return to_json(examples.dataset()).encode()


def ucdp_from_acled(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[bytes]:
    """Convert the ACLED sample (through JSON) to UCDP GED, which cannot hold all of it."""
    middle = tmp_path / "a.json"
    assert cli("convert", str(ACLED), str(middle)).returncode == 0
    return cli("convert", str(middle), str(tmp_path / "out.csv"), "--to", "ucdp", *options)


class TestStandardStreams:
    """``-`` is standard input when read and standard output when written."""

    def test_convert_piped_into_validate(self, tmp_path: Path) -> None:
        """convert acled.csv - --to jsonl | validate (or convert) -, through a real pipe."""
        program = [sys.executable, "-m", "conflict_events"]
        for reader, expected in [
            (["validate", "-", "--format", "jsonl"], b""),
            (["convert", "-", "-", "--from", "jsonl", "--to", "json"], example_acled_json()),
        ]:
            with subprocess.Popen(
                [*program, "convert", str(ACLED), "-", "--to", "jsonl"],
                stdout=subprocess.PIPE,
                cwd=tmp_path,
            ) as producer:
                assert producer.stdout is not None
                consumer = subprocess.run(
                    [*program, *reader],
                    stdin=producer.stdout,
                    capture_output=True,
                    check=False,
                    timeout=300,
                    cwd=tmp_path,
                )
                producer.stdout.close()
            assert producer.returncode == 0
            assert (consumer.returncode, consumer.stdout, consumer.stderr) == (0, expected, b"")
        assert list(tmp_path.iterdir()) == []  # no file named - written or read

    def test_standard_output_is_the_file_it_would_write(self, tmp_path: Path) -> None:
        """What convert prints for OUT - is byte for byte what it writes to a file."""
        path = tmp_path / "out.jsonl"
        assert cli("convert", str(ACLED), str(path)).returncode == 0
        printed = cli("convert", str(ACLED), "-", "--to", "jsonl")
        assert printed.returncode == 0
        assert printed.stdout == path.read_bytes()

    def test_convert_from_standard_input_to_standard_output(self) -> None:
        """convert - - --from json --to json reads back the dataset it was given."""
        done = cli("convert", "-", "-", "--from", "json", "--to", "json", stdin=example_json())
        assert done.returncode == 0, done.stderr
        assert from_json(done.stdout, Dataset) == examples.dataset()

    def test_csv_from_standard_input_is_told_by_its_header(self, tmp_path: Path) -> None:
        """--from csv on standard input reads the header to tell ACLED from UCDP GED."""
        path = tmp_path / "back.json"
        assert cli("convert", str(ACLED), str(path)).returncode == 0
        done = cli("convert", "-", "-", "--from", "csv", "--to", "json", stdin=ACLED.read_bytes())
        assert done.returncode == 0, done.stderr
        assert done.stdout == path.read_bytes()

    def test_migrate_both_ways(self) -> None:
        """migrate - - upgrades standard input onto standard output."""
        done = cli("migrate", "-", "-", stdin=example_json())
        assert done.returncode == 0, done.stderr
        assert from_json(done.stdout, Dataset) == examples.dataset()

    def test_generate_into_validate(self) -> None:
        """generate - --format jsonl prints a dataset that validate - reads as valid."""
        made = cli("generate", "-", "--events", "40", "--seed", "3", "--format", "jsonl")
        assert made.returncode == 0, made.stderr
        assert len(made.stdout.splitlines()) > 40
        checked = cli("validate", "-", "--format", "jsonl", stdin=made.stdout)
        assert (checked.returncode, checked.stdout) == (0, b"")

    def test_timeline_of_standard_input(self) -> None:
        """timeline - --from json answers as it does for the built-in example."""
        own = cli("timeline", "--location", "Palmyra")
        piped = cli(
            "timeline", "-", "--from", "json", "--location", "Palmyra", stdin=example_json()
        )
        assert (piped.returncode, piped.stdout) == (0, own.stdout)
        assert b"Palmyra" in piped.stdout

    def test_invalid_standard_input(self) -> None:
        """Errors of standard input are those of file -; nothing is printed by convert."""
        bad = b'{"actors": [{"id": "a", "kind": "state_forces"}]}'
        checked = cli("validate", "-", "--format", "json", "--error-format", "json", stdin=bad)
        assert checked.returncode == 1
        (row,) = json.loads(checked.stdout)
        assert (row["file"], row["path"]) == ("-", "actors[0].name")
        converted = cli("convert", "-", "-", "--from", "json", "--to", "jsonl", stdin=bad)
        assert (converted.returncode, converted.stdout) == (1, b"")
        assert b"actors[0].name" in converted.stderr

    @pytest.mark.parametrize(
        "arguments",
        [
            ("convert", "-", "out.json"),
            ("convert", str(ACLED), "-"),
            ("validate", "-"),
            ("timeline", "-"),
            ("generate", "-", "--events", "1"),
        ],
    )
    def test_a_stream_needs_its_format(self, arguments: tuple[str, ...], tmp_path: Path) -> None:
        """- without --from, --to or --format is a usage error, exit 2, before any work."""
        done = cli(*arguments, stdin=example_json(), cwd=tmp_path)
        assert list(tmp_path.iterdir()) == []
        assert done.returncode == 2
        # validate reports it as the error of file -, on line 1; the others on standard error
        said = done.stdout if arguments[0] == "validate" else done.stderr
        assert b"standard input or output needs its format (--from, --to or --format)" in said
        assert b"{" not in done.stdout

    @pytest.mark.parametrize(
        "arguments",
        [
            ("convert", str(ACLED), "-", "--to", "parquet"),
            ("convert", "-", "x.json", "--from", "parquet"),
            ("generate", "-", "--events", "1", "--format", "parquet"),
        ],
    )
    def test_a_directory_format_is_no_stream(
        self, arguments: tuple[str, ...], tmp_path: Path
    ) -> None:
        """Parquet is a directory: - with it is a usage error."""
        done = cli(*arguments, cwd=tmp_path)
        assert list(tmp_path.iterdir()) == []
        assert done.returncode == 2
        assert b"is a directory, not a stream" in done.stderr

    def test_workers_need_files(self, tmp_path: Path) -> None:
        """--workers with - is a usage error, not an attempt to partition a stream."""
        done = cli("convert", "-", "x.jsonl", "--from", "jsonl", "--workers", "1", cwd=tmp_path)
        assert done.returncode == 2
        assert b"--workers" in done.stderr


class TestExitCodes:
    """0 ok, 1 invalid data, 2 usage error or an input that cannot be read."""

    @pytest.mark.parametrize("command", [("validate",), ("convert",), ("migrate",), ("timeline",)])
    def test_a_missing_input_is_2(self, command: tuple[str, ...], tmp_path: Path) -> None:
        """A missing input file exits 2, with one error line naming it."""
        missing = str(tmp_path / "none.json")
        outputs = () if command[0] in {"validate", "timeline"} else (str(tmp_path / "o.json"),)
        done = cli(*command, missing, *outputs)
        assert done.returncode == 2
        assert missing.encode() in done.stdout + done.stderr
        assert b"Traceback" not in done.stderr

    def test_invalid_data_is_1(self, tmp_path: Path) -> None:
        """Data that reads but is not valid exits 1."""
        path = tmp_path / "x.json"
        path.write_text('{"actors": [{"id": "a"}]}')
        assert cli("validate", str(path)).returncode == 1

    def test_an_unreadable_file_among_invalid_ones_is_2(self, tmp_path: Path) -> None:
        """validate reports every file; one it cannot read makes the exit 2."""
        path = tmp_path / "x.json"
        path.write_text('{"actors": [{"id": "a"}]}')
        done = cli("validate", str(path), str(tmp_path / "none.json"))
        assert done.returncode == 2
        assert len(done.stdout.splitlines()) == 3  # two faults of x.json, one line for none.json

    def test_help_names_the_exit_codes(self) -> None:
        """Every command's --help ends with the one shared text of exit codes."""
        for name in _commands():
            done = cli(name, "--help")
            assert done.returncode == 0
            assert b"exit status:" in done.stdout
            assert b"  2    usage error" in done.stdout


def _commands() -> list[str]:
    parser = build_parser()
    (subparsers,) = (a for a in parser._actions if a.dest == "command")
    assert subparsers.choices is not None
    return list(subparsers.choices)


class TestHelp:
    """Help is plain text, with -q and -v on every command."""

    def test_no_rest_quoting(self) -> None:
        """No --help output holds a backtick (reST ``code`` or `role`)."""
        texts = {"": cli("--help").stdout}
        texts.update({name: cli(name, "--help").stdout for name in _commands()})
        assert len(texts) > 7
        assert {name: b"`" in text for name, text in texts.items()} == dict.fromkeys(texts, False)

    def test_quiet_and_verbose_everywhere(self) -> None:
        """Every command takes -q/--quiet and -v/--verbose, not both at once."""
        for name in _commands():
            text = cli(name, "--help").stdout
            assert b"-q, --quiet" in text
            assert b"-v, --verbose" in text
        assert cli("schema", "-q", "-v").returncode == 2


class TestLossReport:
    """A summary by default, every value with --verbose or in --loss-report FILE, none with -q."""

    def test_summary_one_line_per_field(self, tmp_path: Path) -> None:
        """By default: a head line, then one line per field with how many values."""
        done = ucdp_from_acled(tmp_path)
        assert done.returncode == 0
        head, *fields = done.stderr.decode().splitlines()
        assert "value(s) UCDP GED cannot hold" in head
        assert "  events[].type: 44 value(s)" in fields
        assert len(fields) == len(set(fields))
        assert not any("events[0]" in line for line in fields)
        count = int(head.split()[0])
        assert sum(int(line.rsplit(": ", 1)[1].split()[0]) for line in fields) == count

    def test_verbose_lists_each(self, tmp_path: Path) -> None:
        """--verbose prints every value, each with its own path."""
        done = ucdp_from_acled(tmp_path, "--verbose")
        lines = done.stderr.decode().splitlines()
        assert int(lines[0].split()[0]) == len(lines) - 1
        assert any(line.startswith("  events[0].type: ") for line in lines)

    def test_into_a_file(self, tmp_path: Path) -> None:
        """--loss-report FILE holds the full list; standard error still gets the summary."""
        report = tmp_path / "losses.txt"
        done = ucdp_from_acled(tmp_path, "--loss-report", str(report))
        assert done.returncode == 0
        lines = report.read_text().splitlines()
        assert int(lines[0].split()[0]) == len(lines) - 1
        assert b"events[].type" in done.stderr

    def test_quiet(self, tmp_path: Path) -> None:
        """-q prints nothing on standard error when all goes well."""
        done = ucdp_from_acled(tmp_path, "-q")
        assert (done.returncode, done.stderr) == (0, b"")

    def test_quiet_still_prints_errors(self, tmp_path: Path) -> None:
        """-q keeps errors."""
        done = cli("convert", str(tmp_path / "none.json"), str(tmp_path / "o.json"), "-q")
        assert done.returncode == 2
        assert b"no such file" in done.stderr

    def test_quiet_migrate_and_generate(self, tmp_path: Path) -> None:
        """migrate and generate print their notes only without -q."""
        loud = cli("migrate", "-", "-", stdin=example_json())
        quiet = cli("migrate", "-", "-", "-q", stdin=example_json())
        assert b"nothing to upgrade" in loud.stderr
        assert quiet.stderr == b""
        assert quiet.stdout == loud.stdout
        made = cli("generate", str(tmp_path / "g.jsonl"), "--events", "5", "-q")
        assert (made.returncode, made.stderr) == (0, b"")


class TestErrorFormat:
    """validate --error-format json; --output json still works, with a warning."""

    def test_error_format_and_its_old_spelling(self, tmp_path: Path) -> None:
        path = tmp_path / "x.json"
        path.write_text('{"actors": [{"id": "a"}]}')
        new = cli("validate", str(path), "--error-format", "json")
        old = cli("validate", str(path), "--output", "json")
        assert (new.returncode, old.returncode) == (1, 1)
        assert json.loads(new.stdout) == json.loads(old.stdout)
        assert json.loads(new.stdout)[0]["path"] == "actors[0].name"
        assert new.stderr == b""
        assert b"validate --output text|json is deprecated; use --error-format" in old.stderr


class TestOutputFile:
    """-o/--output FILE: a command's one output goes to FILE, written whole when it ends."""

    @pytest.mark.parametrize(
        "command",
        [
            ("schema",),
            ("info", str(ACLED)),
            ("timeline", "--location", "Palmyra", "--at", "2016-06-01"),
            ("resolve", "last June", "--reference", "2017-02-04"),
        ],
        ids=lambda command: command[0],
    )
    def test_the_output_goes_to_the_file(self, tmp_path: Path, command: tuple[str, ...]) -> None:
        printed = cli(*command)
        written = cli(*command, "-o", str(tmp_path / "out.txt"))
        assert (printed.returncode, written.returncode) == (0, 0)
        assert written.stdout == b""
        assert (tmp_path / "out.txt").read_bytes() == printed.stdout

    def test_a_failed_run_leaves_the_file_as_it_was(self, tmp_path: Path) -> None:
        target = tmp_path / "out.txt"
        target.write_text("before")
        failed = cli("timeline", "--location", "Atlantis", "--at", "2016-06-01", "-o", str(target))
        assert failed.returncode == 1
        assert target.read_text() == "before"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]

    def test_a_validate_report_of_errors_is_written(self, tmp_path: Path) -> None:
        path = tmp_path / "x.json"
        path.write_text('{"actors": [{"id": "a"}]}')
        report = cli(
            "validate", str(path), "--error-format", "json", "--output", str(tmp_path / "r")
        )
        assert report.returncode == 1
        assert report.stdout == b""
        assert json.loads((tmp_path / "r").read_text())[0]["path"] == "actors[0].name"

    def test_a_file_called_json_is_written_through_its_path(self, tmp_path: Path) -> None:
        path = tmp_path / "x.json"
        path.write_text('{"actors": [{"id": "a"}]}')
        report = cli("validate", str(path), "-o", "./json", cwd=tmp_path)
        assert report.returncode == 1
        assert b"actors[0].name" in (tmp_path / "json").read_bytes()


class TestLibrary:
    """files.load and files.check_path read - from standard input (no writing in-process)."""

    @settings(max_examples=25)
    @given(strategies.datasets())
    def test_standard_input_reads_as_the_file(self, dataset: Dataset) -> None:
        """Any dataset read from standard input as JSON is the dataset."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(to_json(dataset).encode())))
            assert files.load("-", "json") == dataset

    def test_over_the_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard input over max_bytes is refused after reading max_bytes + 1 bytes."""
        source = io.BytesIO(b" " * 1000)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(source))
        with pytest.raises(ConflictEventsError, match="standard input is larger than the limit"):
            files.load("-", "jsonl", max_bytes=100)
        assert source.tell() == 101

    def test_no_format(self) -> None:
        """- without a format is an InputError, before standard input is read."""
        with pytest.raises(InputError, match="needs its format"):
            files.check_path("-")
