"""
How far the read of an input file has got, in bytes: what a progress bar on a long read shows.

A reader opens its input with `open_input`. Inside ``reporting(progress)``
the stream it gets calls *progress* with the bytes read so far (the furthest
position reached, so a reader that seeks back and reads again never makes it
go back), about once every `REPORT_EVERY` bytes and once at the end of the
file or when it is closed. Outside it, `open_input` is ``Path.open("rb")``:
reading without a progress callback costs one context-variable lookup per
file opened, nothing per read. The callback rides in a context variable so
that the readers between `conflict_events.formats.files.load` and the
function that opens the file need no parameter for it.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["REPORT_EVERY", "ByteProgress", "open_input", "reporting"]

#: Called with the bytes of the file read so far: never less than before, the file's size last.
ByteProgress = Callable[[int], None]
#: About how many bytes are read between two calls of the progress callback.
REPORT_EVERY: Final = 1 << 20

_CURRENT: ContextVar[tuple[ByteProgress, int] | None] = ContextVar(
    "conflict_events_read_progress", default=None
)


@contextlib.contextmanager
def reporting(progress: ByteProgress | None, *, every: int = REPORT_EVERY) -> Iterator[None]:
    """
    Inside, files opened with `open_input` report the bytes read to *progress* (None: not).

    *progress* is called about once every *every* bytes, and at the end.
    """
    token = _CURRENT.set(None if progress is None else (progress, max(1, every)))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def open_input(path: str | os.PathLike[str]) -> io.BufferedReader:
    """
    *path* opened for binary reading; inside `reporting`, a stream that reports its reads.

    Raises:
        OSError: The file cannot be opened.
    """
    current = _CURRENT.get()
    if current is None:
        return Path(path).open("rb")
    return io.BufferedReader(_Reporting(path, *current), buffer_size=1 << 16)


class _Reporting(io.RawIOBase):
    """A file calling *progress* with the furthest position read: now and then, at EOF, on close."""

    def __init__(self, path: str | os.PathLike[str], progress: ByteProgress, every: int) -> None:
        super().__init__()
        self._raw = io.FileIO(path, "r")
        self._progress = progress
        self._every = every
        self._position = 0
        self._reported = 0
        self._next = every

    @property
    def name(self) -> str:
        """The file's name."""
        return str(self._raw.name)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def fileno(self) -> int:
        return self._raw.fileno()

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._position = self._raw.seek(offset, whence)
        return self._position

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        count = self._raw.readinto(buffer)
        if count is None:  # a non-blocking file with nothing to read yet
            return None
        self._position += count
        if self._position >= self._next or (count == 0 and self._position > self._reported):
            self._report()
        return count

    def _report(self) -> None:
        if self._position > self._reported:
            self._reported = self._position
            self._progress(self._position)
        self._next = self._reported + self._every

    def close(self) -> None:
        if not self.closed:
            self._report()
            self._raw.close()
        super().close()
