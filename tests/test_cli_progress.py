"""
Progress bars on long reads: a tqdm bar on a terminal, nothing when piped or with ``--quiet``.

The command runs with standard error on a pseudo-terminal (`pty`) of 100
columns; ``CONFLICT_EVENTS_PROGRESS_BYTES`` lowers the threshold so that
small files show a bar. The byte reports behind the bar are checked on files
of every size read in every chunking.
"""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tqdm import tqdm  # type: ignore[import-untyped]

from conflict_events.commands import _progress
from conflict_events.formats import files
from conflict_events.formats.csv_cells import read_table
from conflict_events.formats.read_progress import open_input, reporting

DATA = Path(__file__).resolve().parent / "data"
ACLED = DATA / "acled_v6_africa_2016_sample.csv"
COMMAND = Path(sys.executable).with_name("conflict-events")
#: A tqdm bar: ``name:  42%|####   | 1.00M/2.38M [00:01<00:02, 1.2MB/s]``.
BAR = re.compile(
    r"(?P<name>\S+): +(?P<percent>\d+)%\|[^|]*\| *(?P<done>[\d.]+\w?)/(?P<total>[\d.]+\w?) "
    r"\[[\d:]+<[\d:?]+, +[\d.?]+\w?B/s\]"
)


def run_on_terminal(*arguments: str, env: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    """Run the installed command, standard error on a terminal: (exit status, stdout, stderr)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(
        [str(COMMAND), *arguments],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, **(env or {})},
    ) as process:
        os.close(follower)
        chunks = []
        while select.select([leader], [], [], 300)[0]:  # bounded: a hung command fails the test
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # the follower side closed: the command has ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        else:
            process.kill()
        assert process.stdout is not None
        out = process.stdout.read()
        status = process.wait(timeout=300)
    os.close(leader)
    return status, out, b"".join(chunks).decode("utf-8", "replace")


def run_piped(
    *arguments: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


ALWAYS = {_progress.THRESHOLD_VARIABLE: "0"}


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON Lines file written by ``conflict-events generate``."""
    path = tmp_path_factory.mktemp("progress") / "big.jsonl"
    done = run_piped("generate", str(path), "--events", "3000")
    assert done.returncode == 0, done.stderr
    return path


def bars(stderr: str) -> list[re.Match[str]]:
    return [match for part in re.split(r"[\r\n]", stderr) if (match := BAR.search(part))]


def test_installed_command_exists() -> None:
    """The tests below drive the installed ``conflict-events``, not a module of the source tree."""
    assert COMMAND.is_file()


class TestOnATerminal:
    """A file at or over the threshold shows a bar with its total and the rate."""

    def test_validate_json_lines(self, big_jsonl: Path) -> None:
        status, out, stderr = run_on_terminal("validate", str(big_jsonl), env=ALWAYS)
        assert (status, out) == (0, b"")
        found = bars(stderr)
        assert found, stderr
        size = big_jsonl.stat().st_size
        total = _format_size(size)
        assert {match["name"] for match in found} == {"big.jsonl"}
        assert {match["total"] for match in found} == {total}
        assert found[-1]["percent"] == "100"
        assert found[-1]["done"] == total

    def test_validate_csv_reaches_the_whole_file(self) -> None:
        status, _, stderr = run_on_terminal("validate", str(ACLED), env=ALWAYS)
        assert status == 0
        found = bars(stderr)
        assert found, stderr
        assert found[-1]["percent"] == "100"
        assert found[-1]["done"] == found[-1]["total"] == _format_size(ACLED.stat().st_size)

    def test_validate_a_json_document_reaches_the_whole_file(self, tmp_path: Path) -> None:
        """A JSON document is read through the reporting stream too: its bar ends at its size."""
        from conflict_events import to_json
        from conflict_events.examples import dataset

        document = tmp_path / "example.json"
        document.write_text(to_json(dataset()), encoding="utf-8")
        status, _, stderr = run_on_terminal("validate", str(document), env=ALWAYS)
        assert status == 0
        found = bars(stderr)
        assert found, stderr
        assert found[-1]["percent"] == "100"
        assert found[-1]["done"] == found[-1]["total"] == _format_size(document.stat().st_size)

    def test_convert_json_lines_reads_with_a_bar(self, big_jsonl: Path, tmp_path: Path) -> None:
        """Reading JSON Lines to convert them (not only to check them) shows the bar."""
        status, _, stderr = run_on_terminal(
            "convert", str(big_jsonl), str(tmp_path / "out.json"), env=ALWAYS
        )
        assert status == 0
        found = bars(stderr)
        assert found, stderr
        assert found[-1]["done"] == _format_size(big_jsonl.stat().st_size)

    def test_convert_reads_with_a_bar(self, tmp_path: Path) -> None:
        out = tmp_path / "out.jsonl"
        status, _, stderr = run_on_terminal("convert", str(ACLED), str(out), env=ALWAYS)
        assert status == 0
        assert out.is_file()
        found = bars(stderr)
        assert found, stderr
        assert found[-1]["percent"] == "100"

    def test_below_the_threshold_no_bar(self, big_jsonl: Path) -> None:
        above = str(big_jsonl.stat().st_size + 1)
        status, _, stderr = run_on_terminal(
            "validate", str(big_jsonl), env={_progress.THRESHOLD_VARIABLE: above}
        )
        assert status == 0
        assert not bars(stderr)
        assert "\r" not in stderr.replace("\r\n", "\n")

    def test_default_threshold_small_file_no_bar(self) -> None:
        """The sample (far below `THRESHOLD_BYTES`) shows no bar without the variable."""
        assert ACLED.stat().st_size < _progress.THRESHOLD_BYTES
        env = {_progress.THRESHOLD_VARIABLE: ""}
        status, _, stderr = run_on_terminal("validate", str(ACLED), env=env)
        assert status == 0
        assert not bars(stderr)

    def test_quiet_no_bar(self, big_jsonl: Path) -> None:
        for command in (["validate", str(big_jsonl)], ["validate", str(ACLED)]):
            status, _, stderr = run_on_terminal(*command, "--quiet", env=ALWAYS)
            assert status == 0
            assert stderr == ""

    def test_without_tqdm_no_bar_and_a_hint_under_verbose(self, tmp_path: Path) -> None:
        """tqdm missing (an import that fails): no bar, no error; ``--verbose`` says how to get it."""
        hidden = tmp_path / "hide"
        (hidden / "tqdm").mkdir(parents=True)
        (hidden / "tqdm" / "__init__.py").write_text("raise ImportError('no tqdm here')\n")
        env = {**ALWAYS, "PYTHONPATH": str(hidden)}
        status, _, stderr = run_on_terminal("validate", str(ACLED), env=env)
        assert (status, stderr) == (0, "")
        status, _, stderr = run_on_terminal("validate", "-v", str(ACLED), env=env)
        assert status == 0
        assert not bars(stderr)
        assert "conflict-events[progress]" in stderr
        assert "Traceback" not in stderr


class TestPiped:
    """Standard error as a pipe never gets a bar, however big the file."""

    def test_validate(self, big_jsonl: Path) -> None:
        for path in (big_jsonl, ACLED):
            done = run_piped("validate", str(path), env=ALWAYS)
            assert done.returncode == 0
            assert done.stderr == ""

    def test_convert(self, tmp_path: Path) -> None:
        done = run_piped("convert", str(ACLED), str(tmp_path / "out.jsonl"), env=ALWAYS)
        assert done.returncode == 0
        assert not bars(done.stderr)
        assert "\r" not in done.stderr


def _format_size(size: int) -> str:
    """The total as the bar prints it (tqdm's binary-prefixed size)."""
    return str(tqdm.format_sizeof(size, divisor=1024))


# -- the byte reports behind the bar -------------------------------------------------------


class Recorder:
    """Every count a progress callback was given."""

    def __init__(self) -> None:
        self.counts: list[int] = []

    def __call__(self, done: int) -> None:
        self.counts.append(done)


def _read_a_chunk(size: int) -> Callable[[io.BufferedReader], bytes]:
    return lambda stream: stream.read(size)


def _read_a_line(size: int) -> Callable[[io.BufferedReader], bytes]:
    return lambda stream: stream.readline(size)


def _read1(size: int) -> Callable[[io.BufferedReader], bytes]:
    return lambda stream: stream.read1(size)


READS = st.lists(
    st.one_of(
        st.integers(0, 700).map(_read_a_chunk),
        st.integers(1, 300).map(_read_a_line),
        st.integers(1, 300).map(_read1),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    content=st.binary(max_size=4000).map(lambda data: data.replace(b"\0", b"\n")),
    every=st.integers(1, 900),
    reads=READS,
    rewind=st.booleans(),
)
def test_reports_are_monotone_and_end_at_the_size(
    tmp_path_factory: pytest.TempPathFactory,
    content: bytes,
    every: int,
    reads: list[Callable[[io.BufferedReader], bytes]],
    rewind: bool,
) -> None:
    """However a file is read (and read again from the start), the counts rise to its size."""
    path = tmp_path_factory.mktemp("reads") / "data.bin"
    path.write_bytes(content)
    recorder = Recorder()
    with reporting(recorder, every=every), open_input(path) as stream:
        got = b"".join(read(stream) for read in reads)
        if rewind:
            stream.seek(0)
            got = b""
        got += stream.read()
    assert got == content
    assert recorder.counts == sorted(set(recorder.counts))  # strictly rising
    assert all(0 < count <= len(content) for count in recorder.counts)
    if content:
        assert recorder.counts[-1] == len(content)
    else:
        assert recorder.counts == []


@settings(max_examples=30, deadline=None)
@given(size=st.integers(0, 3000), every=st.integers(1, 500), part=st.floats(0, 1))
def test_a_file_closed_early_reports_what_was_read(
    tmp_path_factory: pytest.TempPathFactory, size: int, every: int, part: float
) -> None:
    """A reader that stops before the end reports, on closing, at least what it took."""
    path = tmp_path_factory.mktemp("early") / "data.bin"
    path.write_bytes(b"x" * size)
    taken = int(size * part)
    recorder = Recorder()
    with reporting(recorder, every=every), open_input(path) as stream:
        assert len(stream.read(taken)) == taken
    assert recorder.counts == sorted(set(recorder.counts))
    assert all(count <= size for count in recorder.counts)
    assert recorder.counts[-1:] >= ([taken] if taken else [])


def test_without_a_callback_the_file_is_plain() -> None:
    """No progress asked for: `open_input` opens the file as Python does, no wrapper per read."""
    with open_input(ACLED) as stream:
        assert type(stream) is io.BufferedReader
        assert type(stream.raw) is io.FileIO
    with reporting(None), open_input(ACLED) as stream:
        assert type(stream.raw) is io.FileIO


def test_a_csv_read_twice_for_its_encoding_counts_up_once(tmp_path: Path) -> None:
    """A Windows-1252 CSV is read as UTF-8, then again from the start: the counts never go back."""
    path = tmp_path / "old.csv"
    path.write_bytes(b"a,b\n" + b"1,2\n" * 5000 + b"caf\xe9,3\n")
    recorder = Recorder()
    with reporting(recorder, every=1000):
        header, rows = read_table(path)
    assert header == ["a", "b"]
    assert rows[-1][1] == ["caf\u00e9", "3"]
    assert recorder.counts == sorted(set(recorder.counts))
    assert recorder.counts[-1] == path.stat().st_size


def test_load_and_check_path_report_the_bytes_of_a_csv() -> None:
    for read in (
        lambda progress: files.load(ACLED, progress=progress),
        lambda progress: files.check_path(ACLED, progress=progress),
    ):
        recorder = Recorder()
        read(recorder)
        assert recorder.counts
        assert recorder.counts == sorted(set(recorder.counts))
        assert recorder.counts[-1] == ACLED.stat().st_size


def test_threshold_variable() -> None:
    """The variable gives a whole number of bytes; anything else leaves the default."""
    cases = {"0": 0, " 1024 ": 1024, "": _progress.THRESHOLD_BYTES, "-5": _progress.THRESHOLD_BYTES}
    cases |= {"1e6": _progress.THRESHOLD_BYTES, "\u0661\u0662": _progress.THRESHOLD_BYTES}
    for text, expected in cases.items():
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(_progress.THRESHOLD_VARIABLE, text)
            assert _progress.threshold_bytes() == expected


class _Terminal(io.StringIO):
    """Standard error as a terminal that keeps what is written to it."""

    def isatty(self) -> bool:
        return True


def test_count_bar_shows_records_with_their_total(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    arguments: Any = SimpleNamespace(verbosity=0)
    with _progress.count_bar(arguments, 20_000, unit="events", desc="out") as advance:
        assert advance is not None
        for done in (5_000, 4_000, 20_000):  # a count lower than before leaves the bar
            advance(done)
    assert "20.0k/20.0k" in terminal.getvalue()
    assert "events/s" in terminal.getvalue()
    for verbosity, total in ((-1, 20_000), (0, _progress.THRESHOLD_RECORDS - 1)):
        arguments = SimpleNamespace(verbosity=verbosity)
        with _progress.count_bar(arguments, total, unit="events") as advance:
            assert advance is None


class TestGenerate:
    """``generate`` shows a bar over the events written, with their total, on a terminal."""

    @pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
    def test_a_bar_over_the_events(self, tmp_path: Path, fmt: str) -> None:
        out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
        status, _, err = run_on_terminal("generate", "--events", "20000", "--format", fmt, str(out))
        assert status == 0, err
        assert "20.0k/20.0k" in err
        assert "100%" in err
        assert "events/s" in err

    def test_no_bar_when_piped_or_quiet(self, tmp_path: Path) -> None:
        piped = run_piped("generate", "--events", "20000", str(tmp_path / "a.jsonl"))
        assert piped.returncode == 0
        assert "%|" not in piped.stderr
        status, _, err = run_on_terminal(
            "generate", "--events", "20000", "-q", str(tmp_path / "b.jsonl")
        )
        assert status == 0
        assert "%|" not in err


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 3 * 4096 + 7), st.sampled_from(["jsonl", "parquet"]))
def test_generate_reports_events_rising_to_the_total(events: int, fmt: str) -> None:
    """The writers' progress counts only events, never falls, and ends at the number asked for."""
    import tempfile

    from conflict_events import generate

    seen: list[int] = []
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / ("out.jsonl" if fmt == "jsonl" else "out")
        writer = generate.write_jsonl if fmt == "jsonl" else generate.write_parquet
        if fmt == "parquet":
            writer(target, events, seed=1, chunk=5000, progress=seen.append)
        else:
            writer(target, events, seed=1, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == events
