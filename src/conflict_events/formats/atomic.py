"""
Writing outputs so that a failure never leaves half of one behind, and nothing else is replaced.

One decision (`output_kind`) says how a path is written:

* a regular file, or a path that does not exist yet, is built in a temporary
  file beside it and renamed over it only when complete (`atomic_path`);
* a character device (a terminal, ``/dev/null``) or a FIFO is written as a
  stream: opened for writing, never replaced, its mode never touched;
* a symbolic link is followed: the file it names is what is written (a regular
  file atomically, a device or FIFO as a stream), so the link itself stays; a
  link that names nothing is refused;
* a directory, a block device or a socket is refused.

A directory output (a Parquet dataset) is built in a temporary directory
beside it and renamed into place (`atomic_directory`); it may replace only an
empty directory. On any exception (``KeyboardInterrupt`` and the exceptions the
command line raises on SIGTERM and SIGHUP included) the temporary is removed.
Errors are `OSError` whose ``filename`` is the path the caller gave, never the
temporary's name.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final, NamedTuple

__all__ = [
    "Kind",
    "Output",
    "atomic_directory",
    "atomic_path",
    "directory_output",
    "is_stream",
    "output_kind",
    "overlaps",
]

_PathLike = str | os.PathLike[str]
#: The characters of a target's name kept in its temporary's name (names are at most 255 bytes).
_KEPT = 128


class Kind(enum.Enum):
    """How an output path is written."""

    #: Built beside the target and renamed over it (a regular file, or a new one).
    FILE = "file"
    #: Opened for writing and written through (a character device or a FIFO).
    STREAM = "stream"


class Output(NamedTuple):
    """Where and how an output is written: *path* is the link's target for a symbolic link."""

    path: Path
    kind: Kind
    #: The status of the file replaced; None when *path* does not exist yet.
    status: os.stat_result | None


def is_stream(mode: int) -> bool:
    """True for the file modes written as a stream, never replaced: character devices and FIFOs."""
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _status(path: Path) -> os.stat_result | None:
    """The status of *path*, links followed; None when nothing is there."""
    try:
        return path.stat()
    except FileNotFoundError:
        if os.path.lexists(path):
            raise FileNotFoundError(
                errno.ENOENT, "a symbolic link to a missing file; give the file itself", str(path)
            ) from None
        return None


def _parent(path: Path) -> Path:
    parent = path.parent
    if not parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "no such directory", str(parent))
    return parent


def output_kind(target: _PathLike) -> Output:
    """
    How a file output at *target* is written; checks the target without writing anything.

    Raises:
        OSError: *target* is a directory, a block device or a socket, a link to
            nothing, or its directory does not exist.
    """
    target = Path(target)
    status = _status(target)
    if status is not None and is_stream(status.st_mode):
        return Output(target, Kind.STREAM, status)
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory; give a file", str(target))
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, "not a regular file, a character device or a FIFO", str(target))
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    _parent(real)
    return Output(real, Kind.FILE, status)


def _new_mode(directory: bool = False) -> int:
    """The mode a new file (0o666) or directory (0o777) gets under the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def _keep_owner(path: Path, status: os.stat_result) -> None:
    """Give *path* the owner and mode of the file it replaces (the owner only where allowed)."""
    if (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.chown(path, status.st_uid, status.st_gid)
    path.chmod(status.st_mode & 0o777)


def _sync(path: Path) -> None:
    """Flush *path* to the disk, so a full disk is reported before the rename, not after."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _blamed(target: Path, temporary: Path | None = None) -> Iterator[None]:
    """Name *target* in an `OSError` that names no file, or a temporary one (*temporary*...)."""
    try:
        yield
    except OSError as error:
        for attribute in ("filename", "filename2"):
            name = getattr(error, attribute)
            inside = temporary is not None and name is not None
            if inside and os.fspath(name).startswith(str(temporary)):
                setattr(error, attribute, None)
        if error.filename is None:
            error.filename, error.filename2 = str(target), None
        raise


@contextlib.contextmanager
def atomic_path(target: _PathLike) -> Iterator[Path]:
    """
    The path to write the output *target* to; it becomes *target* when the block ends.

    For a file (see `output_kind`): a temporary file beside it, given the mode
    (and where allowed, the owner) of the file it replaces, flushed to disk
    and renamed over it; on any exception it is removed and *target* is left
    as it was. For a character device or FIFO: *target* itself, to be opened
    for writing (what was written before an error stays written).

    Raises:
        OSError: *target* cannot be written (see `output_kind`); its
            ``filename`` is *target*.
    """
    target = Path(target)
    with _blamed(target):
        output = output_kind(target)
    if output.kind is Kind.STREAM:
        with _blamed(target):
            yield target
        return
    prefix = f".{output.path.name[:_KEPT]}."
    temporary: Path | None = None
    try:
        # A termination signal waits until the temporary file is known, so that
        # the clean-up below always sees what it must remove.
        with _signals_deferred(), _blamed(target, output.path.parent / prefix):
            handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=output.path.parent)
            temporary = Path(name)
        os.close(handle)
        with _blamed(target, temporary):
            yield temporary
            if output.status is None:
                temporary.chmod(_new_mode())
            else:
                _keep_owner(temporary, output.status)
            _sync(temporary)
            temporary.replace(output.path)
    except BaseException:  # even KeyboardInterrupt: no half-written file stays behind
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise


def directory_output(target: _PathLike) -> tuple[Path, os.stat_result | None]:
    """
    Where a directory output at *target* goes (a link followed) and the status of the one replaced.

    Raises:
        OSError: *target* exists and is not an empty directory, or its
            directory does not exist.
    """
    target = Path(target)
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    status = _status(target)
    if status is not None and not stat.S_ISDIR(status.st_mode):
        raise FileExistsError(errno.EEXIST, "exists and is not a directory", str(target))
    if status is not None and any(real.iterdir()):
        raise FileExistsError(
            errno.ENOTEMPTY, "a directory that is not empty; give a new or empty one", str(target)
        )
    _parent(real)
    return real, status


@contextlib.contextmanager
def atomic_directory(target: _PathLike) -> Iterator[Path]:
    """
    A temporary directory beside *target*, renamed to *target* when the block ends.

    *target* must not exist or be an empty directory (a symbolic link to one is
    followed). On any exception the temporary directory and everything in it
    are removed.

    Raises:
        OSError: *target* exists and is not an empty directory, or its
            directory does not exist; its ``filename`` is *target*.
    """
    target = Path(target)
    with _blamed(target):
        real, status = directory_output(target)
    prefix = f".{real.name[:_KEPT]}."
    temporary: Path | None = None
    try:
        with _signals_deferred(), _blamed(target, real.parent / prefix):
            temporary = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=real.parent))
        with _blamed(target, temporary):
            yield temporary
            mode = _new_mode(directory=True) if status is None else status.st_mode & 0o777
            temporary.chmod(mode)
            temporary.replace(real)
    except BaseException:  # even KeyboardInterrupt: no half-written directory stays behind
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise


#: The signals a command turns into a clean exit (see `conflict_events.cli`).
_TERMINATIONS: Final = frozenset(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGTERM and SIGHUP back in this thread for the block; they arrive after it."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _TERMINATIONS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _identities(path: Path) -> tuple[tuple[int, int] | None, set[tuple[int, int]]]:
    """The (device, inode) of *path* (None when missing) and of every directory above it."""
    real = Path(os.path.realpath(path))
    above = set()
    for parent in real.parents:
        with contextlib.suppress(OSError):
            status = parent.stat()
            above.add((status.st_dev, status.st_ino))
    try:
        status = path.stat()
    except OSError:
        return None, above
    return (status.st_dev, status.st_ino), above


def overlaps(first: _PathLike, second: _PathLike) -> bool:
    """
    True when writing one path could change the other: the same file, or one inside the other.

    Links are followed, symbolic and hard alike (a file is known by its device
    and inode); a path that does not exist yet is placed by the directories
    above it.
    """
    a, b = Path(first), Path(second)
    real_a, real_b = Path(os.path.realpath(a)), Path(os.path.realpath(b))
    if real_a == real_b or real_a in real_b.parents or real_b in real_a.parents:
        return True
    (same_a, above_a), (same_b, above_b) = _identities(a), _identities(b)
    if same_a is not None and (same_a == same_b or same_a in above_b):
        return True
    return same_b is not None and same_b in above_a
