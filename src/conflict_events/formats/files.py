"""
Files in any supported format: recognise the format, load, check, and write atomically.

Formats: ``json`` (one dataset document), ``jsonl`` (JSON Lines), ``acled`` and
``ucdp`` (CSV; ``csv`` picks one from the header), ``geojson`` (write only).
Writing goes through `conflict_events.formats.atomic`: a temporary file in the
target's directory, renamed over the target only when complete, so a failure
leaves no partial file; devices and FIFOs are written as streams. A JSON
document is read with a bounded read: a file over the limit is refused
without reading more of it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

from conflict_events.errors import ConflictEventsError, ErrorDetail, ValidationError
from conflict_events.formats import acled, jsonl, ucdp
from conflict_events.formats.atomic import (
    atomic_directory,
    atomic_path,
    directory_output,
    output_kind,
    overlaps,
)
from conflict_events.formats.documents import DEFAULT_MAX_BYTES, from_json, to_json
from conflict_events.formats.geojson import write_geojson
from conflict_events.formats.tables import LossReport
from conflict_events.model import Dataset

__all__ = [
    "READ_FORMATS",
    "WRITE_FORMATS",
    "atomic_path",
    "check_in_and_out",
    "check_path",
    "detect_format",
    "load",
    "read_bytes",
    "same_file",
    "save",
    "save_parquet",
]

#: Formats that can be read.
READ_FORMATS: Final = ("json", "jsonl", "csv", "acled", "ucdp")
#: Formats that can be written.
WRITE_FORMATS: Final = ("json", "jsonl", "acled", "ucdp", "geojson")
_SUFFIXES: Final = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".geojson": "geojson",
}


def detect_format(path: str | os.PathLike[str], given: str | None = None) -> str:
    """
    The format of *path*: *given* if any, else from its extension; CSV from its header.

    Raises:
        ConflictEventsError: The format cannot be told.
    """
    fmt = given or _SUFFIXES.get(Path(path).suffix.casefold())
    if fmt is None:
        raise ConflictEventsError(f"{path}: cannot tell the format; give --format")
    if fmt == "csv" and Path(path).exists():
        with Path(path).open("rb") as stream:
            head = stream.readline(65536).decode("utf-8", "replace").casefold()
        if "event_id_cnty" in head or "event_date" in head:
            return "acled"
        if "type_of_violence" in head or "side_a" in head:
            return "ucdp"
        raise ConflictEventsError(f"{path}: a CSV file, but neither ACLED nor UCDP GED columns")
    return fmt


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """
    The content of the file at *path*, reading at most *max_bytes* + 1 bytes of it.

    Raises:
        ConflictEventsError: The file holds more than *max_bytes* bytes (an
            endless device such as ``/dev/zero`` included), or cannot be read.
    """
    try:
        with Path(path).open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise ConflictEventsError(f"{path}: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise ConflictEventsError(f"{path}: larger than the limit of {max_bytes:,} bytes")
    return data


def load(
    path: str | os.PathLike[str], fmt: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Dataset:
    """
    Read a dataset from *path* in *fmt* (detected when None).

    A JSON document over *max_bytes* is refused after reading *max_bytes* + 1 bytes.

    Raises:
        ValidationError: The content is not valid.
        ConflictEventsError: The format is unknown, the file cannot be read, or
            it is over the limit.
    """
    fmt = detect_format(path, fmt)
    try:
        if fmt == "json":
            return from_json(read_bytes(path, max_bytes), Dataset, max_bytes=max_bytes)
        if fmt == "jsonl":
            return jsonl.read_dataset(path)
        if fmt == "acled":
            return acled.read_acled(path)
        if fmt == "ucdp":
            return ucdp.read_ucdp(path)
    except OSError as error:
        raise ConflictEventsError(f"{path}: {error.strerror or error}") from None
    raise ConflictEventsError(f"cannot read the format {fmt!r}; known: {', '.join(READ_FORMATS)}")


def check_path(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[ErrorDetail]:
    """
    Every fault of the file at *path*, references included; empty when it is valid.

    Paths of JSON Lines and CSV faults start with ``line N: ``; a JSON
    document's do not. *max_bytes* bounds a JSON document (see `load`).
    """
    fmt = detect_format(path, fmt)
    try:
        if fmt == "jsonl":
            return jsonl.check_file(path, progress=progress)
        load(path, fmt, max_bytes=max_bytes)
    except ValidationError as error:
        return list(error.errors)
    except OSError as error:
        raise ConflictEventsError(f"{path}: {error.strerror or error}") from None
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

    Raises:
        ConflictEventsError: an input is missing, is *target*, or one lies inside the other.
        OSError: *target* cannot be written (a directory, in a missing directory...).
    """
    for source in [sources] if isinstance(sources, (str, os.PathLike)) else sources:
        if not os.path.lexists(source):
            raise ConflictEventsError(f"{source}: no such file")
        if same_file(source, target):
            raise ConflictEventsError(f"{target}: refusing to overwrite the input")
        if overlaps(source, target):
            raise ConflictEventsError(
                f"{target}: refusing to write where the input {source} is"
                " (one lies inside the other)"
            )
    if directory:
        directory_output(target)
    else:
        output_kind(target)


def save(dataset: Dataset, path: str | os.PathLike[str], fmt: str) -> LossReport | None:
    """
    Write *dataset* to *path* in *fmt*, atomically; for ACLED and UCDP return the loss report.

    *path* is written as `atomic_path` says: a regular file is replaced only
    when complete, a device or FIFO is written through.

    Raises:
        ConflictEventsError: The format cannot be written.
        OSError: *path* cannot be written; the error's ``filename`` is *path*.
    """
    if fmt not in WRITE_FORMATS:
        raise ConflictEventsError(
            f"cannot write the format {fmt!r}; known: {', '.join(WRITE_FORMATS)}"
        )
    with atomic_path(path) as temporary:
        if fmt == "json":
            temporary.write_text(to_json(dataset), encoding="utf-8")
        elif fmt == "jsonl":
            jsonl.write_dataset(dataset, temporary)
        elif fmt == "geojson":
            write_geojson(dataset, temporary)
        elif fmt == "acled":
            return acled.write_acled(dataset, temporary)
        else:
            return ucdp.write_ucdp(dataset, temporary)
    return None


def save_parquet(dataset: Dataset, directory: str | os.PathLike[str], **options: Any) -> Path:
    """
    Write *dataset* as a Parquet dataset directory, atomically (extra ``arrow``).

    The directory is built beside *directory* and renamed into place when
    complete, so an error leaves nothing; *directory* must not exist or be
    empty. *options* go to `conflict_events.formats.arrow.write_parquet`.

    Raises:
        OSError: *directory* exists and is not empty, or cannot be written.
    """
    from conflict_events.formats.arrow import write_parquet  # noqa: PLC0415 - optional extra

    with atomic_directory(directory) as temporary:
        write_parquet(dataset, temporary, **options)
    return Path(directory)
