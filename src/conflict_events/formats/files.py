"""
Files in any supported format: recognise the format, load, check, and write atomically.

Formats: ``json`` (one dataset document), ``jsonl`` (JSON Lines), ``acled`` and
``ucdp`` (CSV; ``csv`` picks one from the header), ``geojson`` (write only).
Writing goes to a temporary file in the target's directory, renamed over the
target only when complete, so a failure leaves no partial file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

from conflict_events.errors import ConflictEventsError, ErrorDetail, ValidationError
from conflict_events.formats import acled, jsonl, ucdp
from conflict_events.formats.documents import from_json, to_json
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
    "same_file",
    "save",
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


def load(path: str | os.PathLike[str], fmt: str | None = None) -> Dataset:
    """
    Read a dataset from *path* in *fmt* (detected when None).

    Raises:
        ValidationError: The content is not valid.
        ConflictEventsError: The format is unknown or the file cannot be read.
    """
    fmt = detect_format(path, fmt)
    try:
        if fmt == "json":
            return from_json(Path(path).read_bytes(), Dataset)
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
) -> list[ErrorDetail]:
    """
    Every fault of the file at *path*, references included; empty when it is valid.

    Paths of JSON Lines and CSV faults start with ``line N: ``; a JSON document's do not.
    """
    fmt = detect_format(path, fmt)
    try:
        if fmt == "jsonl":
            return jsonl.check_file(path, progress=progress)
        load(path, fmt)
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


def check_in_and_out(source: Path, target: Path) -> None:
    """
    Refuse a conversion that would overwrite its input or cannot be written.

    Raises:
        ConflictEventsError: OUT is IN, IN is not a file, or OUT's folder does not exist.
    """
    if same_file(source, target):
        raise ConflictEventsError(f"{target}: refusing to overwrite the input")
    if not source.is_file():
        raise ConflictEventsError(f"{source}: no such file")
    if not target.parent.is_dir():
        raise ConflictEventsError(f"{target.parent}: no such directory")


def _mode(target: Path) -> int:
    """The mode a new file gets (0o666 less the umask), or the mode of the file replaced."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """
    A temporary path beside *target*, renamed over it when the block ends without error.

    On error the temporary file is removed and *target* is left as it was.
    """
    target = Path(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(_mode(target))
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def save(dataset: Dataset, path: str | os.PathLike[str], fmt: str) -> LossReport | None:
    """
    Write *dataset* to *path* in *fmt*, atomically; for ACLED and UCDP return the loss report.

    Raises:
        ConflictEventsError: The format cannot be written.
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
