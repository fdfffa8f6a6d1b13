"""
Files in any supported format: recognise the format, load, check, and write atomically.

The formats and what each can do are `conflict_events.formats.registry.FORMATS`
(``json``, ``jsonl``, ``csv`` read as ``acled`` or ``ucdp`` by its header,
``acled``, ``ucdp``, ``geojson`` written only, and ``parquet`` directories);
the functions here serve every one of them the same way. A format is told
from the path's suffix, else an existing directory is Parquet. Writing goes
through `conflict_events.formats.atomic`: a temporary file (or directory) beside
the target, renamed over it only when complete, so a failure leaves nothing
partial; devices and FIFOs are written as streams. A JSON document is read with
a bounded read: a file over the limit is refused without reading more of it.
The path ``-`` is standard input or output in every function here
(`conflict_events.formats._stdio`); its format must be given. An input that
cannot be read at all is an `InputError`, a fault of its content a
`ValidationError`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from conflict_events.errors import ConflictEventsError, ErrorDetail, ValidationError
from conflict_events.formats import registry
from conflict_events.formats._stdio import (
    STDIO,
    InputError,
    is_stdio,
    need_format,
    standard_input,
    standard_output,
)
from conflict_events.formats.atomic import (
    atomic_directory,
    atomic_path,
    directory_output,
    output_kind,
    overlaps,
)
from conflict_events.formats.dataset_table import ReadOptions
from conflict_events.formats.documents import DEFAULT_MAX_BYTES
from conflict_events.formats.read_progress import ByteProgress, reporting
from conflict_events.formats.registry import FORMATS, Format
from conflict_events.formats.tables import LossReport
from conflict_events.model import Dataset

__all__ = [
    "READ_FORMATS",
    "STDIO",
    "WRITE_FORMATS",
    "InputError",
    "atomic_path",
    "check_in_and_out",
    "check_path",
    "detect_format",
    "is_stdio",
    "load",
    "need_format",
    "output_path",
    "read_bytes",
    "same_file",
    "save",
    "save_parquet",
    "save_text",
]

#: Formats that can be read.
READ_FORMATS: Final = registry.readable()
#: Formats that can be written.
WRITE_FORMATS: Final = registry.writable()


def detect_format(path: str | os.PathLike[str], given: str | None = None) -> str:
    """
    The format of *path*: *given* if any, else from its suffix, else Parquet for a directory.

    A format read by its content (CSV: ACLED or UCDP GED, by the header) is
    told from the file when it exists.

    The format of ``-`` must be *given*.

    Raises:
        InputError: The format cannot be told.
    """
    if is_stdio(path):
        return need_format(given)
    fmt = given
    if fmt is None:
        entry = registry.suffix_format(path)
        if entry is None and Path(path).is_dir():
            entry = registry.directory_format()
        if entry is None:
            raise InputError(
                f"{path}: cannot tell the format; give it with --from (--format for validate)"
            )
        fmt = entry.name
    resolve = FORMATS[fmt].resolve if fmt in FORMATS else None
    if resolve is not None and Path(path).exists():
        return resolve(Path(path))
    return fmt


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """
    The content of the file at *path*, reading at most *max_bytes* + 1 bytes of it.

    Raises:
        ConflictEventsError: The file holds more than *max_bytes* bytes (an
            endless device such as ``/dev/zero`` included).
        InputError: The file cannot be read.
    """
    if is_stdio(path):
        with standard_input(max_bytes) as spooled:
            return registry.read_bytes(spooled, max_bytes)
    return registry.read_bytes(path, max_bytes)


def _os_error(path: str | os.PathLike[str], error: OSError) -> InputError:
    """``PATH: reason``, the path said once."""
    reason = error.strerror or str(error)
    if reason.startswith(f"{path}: "):
        return InputError(reason)
    return InputError(f"{path}: {reason}")


@contextlib.contextmanager
def _readable(path: str | os.PathLike[str], fmt: str | None, max_bytes: int) -> Iterator[Path]:
    """*path*, or for ``-`` a temporary copy of standard input (its format must be given)."""
    if not is_stdio(path):
        yield Path(path)
        return
    fmt = need_format(fmt)
    need_format(fmt, directory=fmt in FORMATS and FORMATS[fmt].directory)
    with standard_input(max_bytes) as spooled:
        yield spooled


def _known(fmt: str, known: tuple[str, ...], verb: str) -> Format:
    entry = FORMATS.get(fmt)
    if entry is None or fmt not in known:
        raise ConflictEventsError(f"cannot {verb} the format {fmt!r}; known: {', '.join(known)}")
    return entry


def load(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: ReadOptions | None = None,
    progress: ByteProgress | None = None,
) -> Dataset:
    """
    Read a dataset from *path* in *fmt* (detected when None).

    A JSON document over *max_bytes* is refused after reading *max_bytes* + 1 bytes.
    *options* say how an ACLED or UCDP GED file is read (skipping bad rows, the
    order of slash dates); the other formats ignore them. Rows skipped with
    ``on_error="skip"`` are reported as one `SkippedRowsWarning`. *progress* is
    called with the bytes read so far by a reader that opens its file with
    `conflict_events.formats.read_progress.open_input` (CSV tables do).

    Raises:
        ValidationError: The content is not valid.
        InputError: The file cannot be read, or its format cannot be told.
        ConflictEventsError: The format is unknown, or the file is over the limit.
    """
    if is_stdio(path):
        with _readable(path, fmt, max_bytes) as spooled:
            return load(spooled, fmt, max_bytes=max_bytes, options=options, progress=progress)
    fmt = detect_format(path, fmt)
    reader = _known(fmt, READ_FORMATS, "read").read
    assert reader is not None  # noqa: S101 - READ_FORMATS are the formats with a reader
    try:
        with reporting(progress):
            return reader(Path(path), max_bytes, options)
    except OSError as error:
        raise _os_error(path, error) from None


def check_path(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    progress: ByteProgress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: ReadOptions | None = None,
) -> list[ErrorDetail]:
    """
    Every fault of the file at *path*, references included; empty when it is valid.

    Paths of JSON Lines and CSV faults start with ``line N: ``; a JSON
    document's do not. *max_bytes* bounds a JSON document and *options* are
    those of a CSV table (see `load`). *progress* is called now and then with
    the bytes read so far: by the format's streaming check, else as `load` says.
    """
    if is_stdio(path):
        with _readable(path, fmt, max_bytes) as spooled:
            return check_path(spooled, fmt, progress=progress, max_bytes=max_bytes, options=options)
    fmt = detect_format(path, fmt)
    check = FORMATS[fmt].check if fmt in FORMATS else None
    try:
        if check is not None:
            return check(Path(path), progress)
        load(path, fmt, max_bytes=max_bytes, options=options, progress=progress)
    except ValidationError as error:
        return list(error.errors)
    except OSError as error:
        raise _os_error(path, error) from None
    return []


def same_file(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    """True when both paths name one file (so writing one would overwrite the other)."""
    a, b = Path(first), Path(second)
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def check_in_and_out(
    sources: Path | Iterable[Path], target: Path, *, directory: bool = False
) -> None:
    """
    Refuse, before any work, a command that would write over its input or cannot write *target*.

    Every input is checked against *target*: the same file (through a symbolic
    or hard link too), *target* inside an input directory, or an input inside
    the directory *target*. *directory* says that *target* is a directory
    output (`atomic_directory`); otherwise it is a file output (`output_kind`).

    Standard input and output (``-``) are never checked: they are not files.

    Raises:
        InputError: an input is missing.
        ConflictEventsError: an input is *target*, or one lies inside the other.
        OSError: *target* cannot be written (a directory, in a missing directory...).
    """
    for source in [sources] if isinstance(sources, (str, os.PathLike)) else sources:
        if is_stdio(str(source)) or is_stdio(str(target)):
            continue
        if not os.path.lexists(source):
            raise InputError(f"{source}: no such file")
        if same_file(source, target):
            raise ConflictEventsError(f"{target}: refusing to overwrite the input")
        if overlaps(source, target):
            raise ConflictEventsError(
                f"{target}: refusing to write where the input {source} is"
                " (one lies inside the other)"
            )
    if is_stdio(str(target)):
        return
    if directory:
        directory_output(target)
    else:
        output_kind(target)


@contextlib.contextmanager
def output_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """
    Where a writer of paths should write *path*: itself, or for ``-`` standard output.

    For ``-`` the writer writes a temporary file, copied to standard output
    when the block succeeds (nothing is printed when it fails); any other path
    is yielded as it is, for the writer's own atomic write.
    """
    if is_stdio(path):
        with standard_output() as temporary:
            yield temporary
    else:
        yield Path(path)


def save(dataset: Dataset, path: str | os.PathLike[str], fmt: str) -> LossReport | None:
    """
    Write *dataset* to *path* in *fmt*, atomically; for ACLED and UCDP return the loss report.

    A file *path* is written as `atomic_path` says: a regular file is replaced
    only when complete, a device or FIFO is written through. A directory format
    (Parquet) is built beside *path* and renamed into place when complete;
    *path* must not exist or be empty. ``-`` is standard output, written only
    when the writer has finished (never through the atomic writer).

    Raises:
        ConflictEventsError: The format cannot be written.
        InputError: ``-`` with a directory format.
        OSError: *path* cannot be written; the error's ``filename`` is *path*.
    """
    entry = _known(fmt, WRITE_FORMATS, "write")
    writer = entry.write
    assert writer is not None  # noqa: S101 - WRITE_FORMATS are the formats with a writer
    if is_stdio(path):
        need_format(fmt, directory=entry.directory)
        with standard_output() as temporary:
            return writer(dataset, temporary)
    building = atomic_directory if entry.directory else atomic_path
    with building(path) as temporary:
        return writer(dataset, temporary)


def save_text(text: str, path: str | os.PathLike[str]) -> None:
    """Write *text* (a report) to *path* atomically, or to standard output for ``-``."""
    with output_path(path) as target, atomic_path(target) as temporary:
        temporary.write_text(text + "\n" if text else "", encoding="utf-8")


def save_parquet(dataset: Dataset, directory: str | os.PathLike[str], **options: Any) -> Path:
    """
    Write *dataset* as a Parquet dataset directory, atomically (extra ``arrow``).

    The directory is built beside *directory* and renamed into place when
    complete, so an error leaves nothing; *directory* must not exist or be
    empty. *options* go to `conflict_events.formats.arrow.write_parquet`;
    without options this is ``save(dataset, directory, "parquet")``.

    Raises:
        ConflictEventsError: pyarrow is not installed.
        OSError: *directory* exists and is not empty, or cannot be written.
    """
    if not options:
        save(dataset, directory, "parquet")
        return Path(directory)
    from conflict_events.formats.arrow import write_parquet  # noqa: PLC0415 - optional extra

    with atomic_directory(directory) as temporary:
        write_parquet(dataset, temporary, **options)
    return Path(directory)
