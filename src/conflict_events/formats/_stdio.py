"""
``-`` as a path: standard input when read, standard output when written.

Every format's reader and writer works on a path, so standard input is first
copied into a private temporary file (at most *max_bytes* of it: an endless
input is refused, never waited on) and standard output is written from one
once the writer has finished, so a failed write prints nothing. Neither goes
through the atomic writer: ``/dev/stdout`` is never replaced. A directory
format (Parquet) cannot be a stream. Errors that name the temporary file name
``-`` instead.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from conflict_events.errors import ConflictEventsError, ValidationError

__all__ = ["STDIO", "InputError", "is_stdio", "need_format", "standard_input", "standard_output"]

#: The path that means standard input or standard output.
STDIO: Final = "-"

_CHUNK: Final = 1 << 20


class InputError(ConflictEventsError):
    """
    An input that cannot be read at all: missing, unreadable, or ``-`` without its format.

    Not a fault of the data (that is `ValidationError`): the command line exits
    2 for it, as for a usage error.
    """


def is_stdio(path: object) -> bool:
    """True when *path* is ``-``: standard input or output."""
    return isinstance(path, str) and path == STDIO


def need_format(fmt: str | None, *, directory: bool = False) -> str:
    """
    The format of ``-``: *fmt*, which must be given and not be a directory format.

    Raises:
        InputError: *fmt* is None, or names a directory format.
    """
    if fmt is None:
        raise InputError("-: standard input or output needs its format (--from, --to or --format)")
    if directory:
        raise InputError(f"-: {fmt} is a directory, not a stream; give a path")
    return fmt


@contextlib.contextmanager
def _renamed(temporary: Path) -> Iterator[None]:
    """Errors that name *temporary* name ``-`` instead (data errors keep their own paths)."""
    try:
        yield
    except ValidationError:
        raise
    except ConflictEventsError as error:
        text = str(error)
        if str(temporary) not in text:
            raise
        raise type(error)(text.replace(str(temporary), STDIO)) from None


@contextlib.contextmanager
def standard_input(max_bytes: int) -> Iterator[Path]:
    """
    A temporary file holding standard input, for a reader of paths; removed after the block.

    Raises:
        ConflictEventsError: Standard input holds more than *max_bytes* bytes.
        InputError: Standard input cannot be read.
    """
    with tempfile.TemporaryDirectory(prefix="conflict-events-") as folder:
        path = Path(folder) / "standard-input"
        source = sys.stdin.buffer
        size = 0
        try:
            with path.open("wb") as spool:
                while chunk := source.read(min(_CHUNK, max_bytes + 1 - size)):
                    spool.write(chunk)
                    size += len(chunk)
                    if size > max_bytes:
                        msg = f"-: standard input is larger than the limit of {max_bytes:,} bytes"
                        raise ConflictEventsError(msg)
        except OSError as error:
            raise InputError(f"-: {error.strerror or error}") from None
        with _renamed(path):
            yield path


@contextlib.contextmanager
def standard_output() -> Iterator[Path]:
    """
    A temporary path to write to; what it holds goes to standard output when the block succeeds.

    Nothing is printed when the block raises. Standard output's text layer is
    flushed first, so earlier lines stay in order.
    """
    with tempfile.TemporaryDirectory(prefix="conflict-events-") as folder:
        path = Path(folder) / "standard-output"
        with _renamed(path):
            yield path
        if path.exists():
            sys.stdout.flush()
            target = sys.stdout.buffer
            with path.open("rb") as written:
                shutil.copyfileobj(written, target, _CHUNK)
            target.flush()
