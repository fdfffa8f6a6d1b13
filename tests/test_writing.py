"""How outputs are written: atomically, devices and FIFOs as streams, never over an input.

Every path written here is under ``tmp_path``: a character device is simulated
by patching the one decision (`atomic.is_stream`), never by writing to ``/dev``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import cli, examples, generate, to_json
from conflict_events.cli import main
from conflict_events.errors import ConflictEventsError
from conflict_events.formats import atomic, files
from conflict_events.formats.jsonl import read_dataset

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def document(tmp_path: Path) -> Path:
    """The built-in example as a JSON document."""
    path = tmp_path / "example.json"
    path.write_text(to_json(examples.dataset()), encoding="utf-8")
    return path


@contextlib.contextmanager
def fifo_reader(path: Path) -> Iterator[list[bytes]]:
    """
    A FIFO at *path* read by a thread; the list holds what was read once the block ends.

    The test holds a writer end open during the block, so the reader sees the end
    only when the block is over, whether or not the command opened the FIFO.
    """
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    flags = fcntl.fcntl(reader, fcntl.F_GETFL)
    fcntl.fcntl(reader, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
    holder = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    got: list[bytes] = []

    def read() -> None:
        chunks = []
        while chunk := os.read(reader, 65536):
            chunks.append(chunk)
        got.append(b"".join(chunks))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        yield got
    finally:
        os.close(holder)
        thread.join()
        os.close(reader)


def _listing(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


class TestStreams:
    """A character device or FIFO is written through, never replaced."""

    def test_the_decision(self, tmp_path: Path) -> None:
        """Character devices and FIFOs are streams; files, directories and block devices are not."""
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        assert atomic.is_stream(fifo.stat().st_mode)
        assert atomic.is_stream(stat.S_IFCHR | 0o666)
        assert not atomic.is_stream(stat.S_IFBLK | 0o660)
        assert not atomic.is_stream(stat.S_IFREG | 0o644)
        assert not atomic.is_stream(tmp_path.stat().st_mode)
        assert atomic.output_kind(fifo).kind is atomic.Kind.STREAM

    def test_convert_into_a_fifo(self, tmp_path: Path, document: Path) -> None:
        """convert writes into a FIFO as a stream: it stays a FIFO and its reader gets the file."""
        expected = tmp_path / "expected.jsonl"
        assert main(["convert", str(document), str(expected)]) == 0
        fifo = tmp_path / "out.jsonl"
        with fifo_reader(fifo) as got:
            assert main(["convert", str(document), str(fifo)]) == 0
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert got == [expected.read_bytes()]

    def test_generate_and_migrate_into_a_fifo(self, tmp_path: Path, document: Path) -> None:
        """generate and migrate stream into a FIFO too."""
        fifo = tmp_path / "out.jsonl"
        with fifo_reader(fifo) as got:
            assert main(["generate", str(fifo), "--events", "300"]) == 0
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert got[0].decode().splitlines() == list(generate.generate_lines(300))
        fifo.unlink()
        with fifo_reader(fifo) as got:
            assert main(["migrate", str(document), str(fifo)]) == 0
        assert json.loads(got[0]) == json.loads(document.read_bytes())

    def test_plot_into_a_fifo(self, tmp_path: Path) -> None:
        """timeline --plot streams the picture into a FIFO named .svg."""
        fifo = tmp_path / "picture.svg"
        with fifo_reader(fifo) as got:
            assert main(["timeline", "--plot", str(fifo)]) == 0
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert b"<svg" in got[0]

    def test_a_device_is_written_in_place(
        self, tmp_path: Path, document: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """What the decision calls a device is opened and written, never replaced (same inode)."""
        out = tmp_path / "device.jsonl"
        out.write_text("old")
        before = out.stat()
        monkeypatch.setattr(atomic, "is_stream", stat.S_ISREG)
        assert main(["convert", str(document), str(out)]) == 0
        after = out.stat()
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
        assert read_dataset(out) == examples.dataset()
        assert _listing(tmp_path) == ["device.jsonl", "example.json"]


class TestLinksAndDirectories:
    """A symbolic link is followed and kept; a directory is never replaced by a file."""

    def test_a_link_to_a_file_stays_a_link(self, tmp_path: Path, document: Path) -> None:
        """The file the link names is replaced atomically, with its mode; the link stays."""
        real = tmp_path / "real.jsonl"
        real.write_text("old")
        real.chmod(0o600)
        link = tmp_path / "link.jsonl"
        link.symlink_to(real)
        assert main(["convert", str(document), str(link)]) == 0
        assert link.is_symlink()
        assert link.resolve() == real
        assert stat.S_IMODE(real.stat().st_mode) == 0o600
        assert read_dataset(real) == examples.dataset()
        assert _listing(tmp_path) == ["example.json", "link.jsonl", "real.jsonl"]

    def test_a_link_to_a_fifo_streams(self, tmp_path: Path, document: Path) -> None:
        """A link to a FIFO is written through; neither the link nor the FIFO changes."""
        expected = tmp_path / "expected.jsonl"
        assert main(["convert", str(document), str(expected)]) == 0
        fifo = tmp_path / "fifo"
        link = tmp_path / "link.jsonl"
        link.symlink_to(fifo)
        with fifo_reader(fifo) as got:
            assert main(["convert", str(document), str(link)]) == 0
        assert link.is_symlink()
        assert stat.S_ISFIFO(fifo.lstat().st_mode)
        assert got == [expected.read_bytes()]

    def test_a_link_to_nothing_is_refused(
        self, tmp_path: Path, document: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A dangling link is not written through (nor replaced): one error line, exit 1."""
        link = tmp_path / "link.jsonl"
        link.symlink_to(tmp_path / "nowhere.jsonl")
        assert main(["convert", str(document), str(link)]) == 1
        assert capsys.readouterr().err == (
            f"error: {link}: a symbolic link to a missing file; give the file itself\n"
        )
        assert link.is_symlink()
        assert _listing(tmp_path) == ["example.json", "link.jsonl"]

    def test_a_new_file_gets_the_umask_mode(self, tmp_path: Path, document: Path) -> None:
        """A new output is 0o666 less the umask, not the temporary file's 0o600."""
        umask = os.umask(0o027)
        try:
            assert main(["convert", str(document), str(tmp_path / "new.jsonl")]) == 0
        finally:
            os.umask(umask)
        assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == 0o640

    @pytest.mark.parametrize(
        "command",
        [
            ["convert", "{doc}", "{out}", "--to", "json"],
            ["migrate", "{doc}", "{out}"],
            ["generate", "{out}", "--events", "5", "--format", "jsonl"],
            ["timeline", "{doc}", "--plot", "{out}"],
        ],
        ids=["convert", "migrate", "generate", "timeline"],
    )
    def test_a_directory_is_never_replaced(
        self,
        tmp_path: Path,
        document: Path,
        capsys: pytest.CaptureFixture[str],
        command: list[str],
    ) -> None:
        """Writing a file over a directory is one error line, exit 1; the directory stays."""
        out = tmp_path / "out.svg"
        (out / "inside").mkdir(parents=True)
        argv = [part.format(doc=document, out=out) for part in command]
        assert main(argv) == 1
        assert capsys.readouterr().err == f"error: {out}: is a directory; give a file\n"
        assert _listing(out) == ["inside"]
        assert _listing(tmp_path) == ["example.json", "out.svg"]


class TestWriteErrors:
    """Every error writing a file is one line ``error: PATH: reason``, exit 1, nothing left."""

    def test_missing_directory(
        self, tmp_path: Path, document: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output (the picture of --plot too) in a missing directory."""
        missing = tmp_path / "missing"
        for argv in (
            ["convert", str(document), str(missing / "out.json")],
            ["timeline", "--plot", str(missing / "out.svg")],
            ["timeline", str(document), "--plot", str(missing / "out.png")],
            ["generate", str(missing / "out.jsonl"), "--events", "3"],
        ):
            assert main(argv) == 1
            assert capsys.readouterr().err == f"error: {missing}: no such directory\n"
        assert _listing(tmp_path) == ["example.json"]

    def test_unwritable_directory(
        self,
        tmp_path: Path,
        document: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A directory the process may not write to (simulated: tests may run as root)."""

        def refuse(*, prefix: str, suffix: str, dir: str) -> object:  # noqa: A002 - mkstemp's
            raise PermissionError(errno.EACCES, "Permission denied", f"{dir}/{prefix}x{suffix}")

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
        out = tmp_path / "out.json"
        assert main(["convert", str(document), str(out)]) == 1
        assert capsys.readouterr().err == f"error: {out}: Permission denied\n"

    def test_full_disk_when_flushing(
        self,
        tmp_path: Path,
        document: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A full disk reported when the file is flushed: the old file stays, no temporary."""

        def full(_: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        out = tmp_path / "out.json"
        out.write_text("old")
        monkeypatch.setattr(os, "fsync", full)
        assert main(["convert", str(document), str(out)]) == 1
        assert capsys.readouterr().err == f"error: {out}: No space left on device\n"
        assert out.read_text() == "old"
        assert _listing(tmp_path) == ["example.json", "out.json"]

    def test_full_disk_while_generating(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """generate failing half-way (a full disk) leaves no half file."""
        document = generate._document

        def failing(events: int, seed: int) -> tuple[list[str], Iterator[str]]:
            preamble, lines = document(events, seed)

            def events_then_full() -> Iterator[str]:
                for number, line in enumerate(lines):
                    if number == 5000:
                        raise OSError(errno.ENOSPC, "No space left on device")
                    yield line

            return preamble, events_then_full()

        monkeypatch.setattr(generate, "_document", failing)
        out = tmp_path / "out.jsonl"
        assert main(["generate", str(out), "--events", "20000"]) == 1
        assert capsys.readouterr().err == f"error: {out}: No space left on device\n"
        assert _listing(tmp_path) == []

    def test_interrupted_generate_leaves_nothing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Ctrl-C half-way through generate: exit 130, no file, no temporary file."""
        document = generate._document

        def interrupted(events: int, seed: int) -> tuple[list[str], Iterator[str]]:
            preamble, lines = document(events, seed)

            def events_then_stop() -> Iterator[str]:
                for number, line in enumerate(lines):
                    if number == 5000:
                        raise KeyboardInterrupt
                    yield line

            return preamble, events_then_stop()

        monkeypatch.setattr(generate, "_document", interrupted)
        assert main(["generate", str(tmp_path / "out.jsonl"), "--events", "20000"]) == 130
        assert "interrupted" in capsys.readouterr().err
        assert _listing(tmp_path) == []

    def test_standard_output_that_fails(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A full standard output is an error line, not a traceback."""

        class Full:
            def write(self, _: str) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

            def flush(self) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(sys, "stdout", Full())
        assert main(["schema"]) == 1
        assert capsys.readouterr().err == "error: No space left on device\n"


class TestSameFile:
    """No command writes over or into one of its inputs."""

    def test_plot_over_its_input(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """timeline data.svg --plot data.svg is refused; the input is untouched."""
        data = tmp_path / "data.svg"
        data.write_text(to_json(examples.dataset()), encoding="utf-8")
        before = data.read_bytes()
        assert main(["timeline", str(data), "--plot", str(data)]) == 1
        assert "refusing to overwrite the input" in capsys.readouterr().err
        assert data.read_bytes() == before

    @pytest.mark.parametrize("link", ["hard", "symbolic"])
    @pytest.mark.parametrize("command", ["convert", "migrate"])
    def test_through_a_link(
        self,
        tmp_path: Path,
        document: Path,
        capsys: pytest.CaptureFixture[str],
        link: str,
        command: str,
    ) -> None:
        """An output that is a hard or symbolic link to the input is the input."""
        out = tmp_path / "out.json"
        if link == "hard":
            out.hardlink_to(document)
        else:
            out.symlink_to(document)
        before = document.read_bytes()
        assert main([command, str(document), str(out)]) == 1
        assert "refusing to overwrite the input" in capsys.readouterr().err
        assert document.read_bytes() == before

    def test_checked_before_reading(self, tmp_path: Path) -> None:
        """check_in_and_out refuses an output inside an input directory, and the reverse."""
        inputs = tmp_path / "in"
        inputs.mkdir()
        (inputs / "a.jsonl").write_text("")
        with pytest.raises(ConflictEventsError, match="one lies inside the other"):
            files.check_in_and_out(inputs, inputs / "sub" / "out", directory=True)
        with pytest.raises(ConflictEventsError, match="one lies inside the other"):
            files.check_in_and_out(inputs / "a.jsonl", inputs, directory=True)
        files.check_in_and_out(inputs, tmp_path / "out", directory=True)

    @given(
        names=st.lists(
            st.text(st.sampled_from("abc."), min_size=1, max_size=3).filter(
                lambda name: name not in {".", ".."}
            ),
            min_size=1,
            max_size=4,
        ),
        split=st.integers(0, 4),
    )
    def test_overlaps_is_nesting(self, names: list[str], split: int) -> None:
        """A path overlaps every path above or below it and itself, and no sibling branch."""
        with tempfile.TemporaryDirectory() as root:
            base = Path(root) / "data"
            deep = base.joinpath(*names)
            deep.mkdir(parents=True)
            above = base.joinpath(*names[: min(split, len(names))])
            assert atomic.overlaps(above, deep)
            assert atomic.overlaps(deep, above)
            assert atomic.overlaps(deep, deep / "not-yet")
            sibling = Path(root) / "other"
            sibling.mkdir()
            assert not atomic.overlaps(deep, sibling)
            assert not atomic.overlaps(sibling / "x", above)


class TestReadLimits:
    """A JSON document is read with a bounded read."""

    def test_an_endless_device_is_refused(self) -> None:
        """/dev/zero is read up to the limit, then refused with the path and the limit."""
        with pytest.raises(ConflictEventsError, match=r"/dev/zero: larger than the limit of 1,000"):
            files.load("/dev/zero", "json", max_bytes=1000)

    def test_check_path_names_the_limit(self, document: Path) -> None:
        """check_path, which validate runs, refuses an over-limit document with path and limit."""
        with pytest.raises(
            ConflictEventsError, match=r"example.json: larger than the limit of 100 "
        ):
            files.check_path(document, max_bytes=100)
        assert files.check_path(document) == []


#: Enough events that generate is still writing when it is signalled.
BIG = ("--events", "100_000_000")


class TestSignals:
    """SIGTERM and SIGHUP during generate leave no file and no temporary file."""

    @pytest.mark.parametrize(
        ("number", "fmt"),
        [(signal.SIGTERM, "jsonl"), (signal.SIGHUP, "jsonl"), (signal.SIGTERM, "parquet")],
        ids=["sigterm-jsonl", "sighup-jsonl", "sigterm-parquet"],
    )
    def test_killed_mid_generate(self, tmp_path: Path, number: int, fmt: str) -> None:
        """The process is signalled once its temporary output exists; it removes it and exits."""
        out = tmp_path / ("out.jsonl" if fmt == "jsonl" else "out")
        process = subprocess.Popen(
            [sys.executable, "-m", "conflict_events", "generate", str(out), "--format", fmt, *BIG],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            for _ in range(3000):  # wait for the temporary output, a bounded number of looks
                if any(tmp_path.iterdir()) or process.poll() is not None:
                    break
                time.sleep(0.01)
            assert process.poll() is None, process.communicate()[1]
            (temporary,) = tmp_path.iterdir()
            assert temporary.name.startswith(f".{out.name}.")
            process.send_signal(number)
            _, err = process.communicate()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        assert process.returncode == 128 + number
        assert err == f"terminated ({signal.Signals(number).name})\n"
        assert _listing(tmp_path) == []

    def test_ignored_signals_stay_ignored(self) -> None:
        """A SIGHUP ignored (as under nohup) stays ignored while a command runs; handlers return."""
        previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
        term = signal.getsignal(signal.SIGTERM)
        try:
            with cli._signals_raise():
                assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
                assert signal.getsignal(signal.SIGTERM) is not term
            assert signal.getsignal(signal.SIGTERM) is term
        finally:
            signal.signal(signal.SIGHUP, previous)


#: Run in a fresh, single-threaded interpreter, as the command line is: a signal mask is
#: per thread, and a test process may hold other threads (Dask's) that the kernel would
#: hand the signal to instead.
_SIGNALLED_WRITE = """
import os, signal, sys, tempfile
from pathlib import Path
from conflict_events.formats import atomic

kind, folder = sys.argv[1], Path(sys.argv[2])
name = "mkstemp" if kind == "file" else "mkdtemp"
made = getattr(tempfile, name)

def made_then_signalled(*args, **kwargs):
    result = made(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)
    return result

class Stopped(Exception):
    pass

def stop(signum, frame):
    raise Stopped

setattr(atomic.tempfile, name, made_then_signalled)
signal.signal(signal.SIGTERM, stop)
try:
    if kind == "file":
        with atomic.atomic_path(folder / "out.json") as temporary:
            temporary.write_text("{}")
    else:
        with atomic.atomic_directory(folder / "out") as temporary:
            (temporary / "part").write_text("{}")
except Stopped:
    print("stopped")
"""


@pytest.mark.parametrize("kind", ["file", "directory"])
def test_a_signal_right_after_the_temporary_output_is_made_leaves_nothing(
    tmp_path: Path, kind: str
) -> None:
    """SIGTERM arriving just as the temporary output exists is held until its clean-up knows it."""
    folder = tmp_path / "out"
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", _SIGNALLED_WRITE, kind, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "stopped\n", "")
    assert list(folder.iterdir()) == []
