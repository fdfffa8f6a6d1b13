"""
Every file format the library reads or writes, in one table: a format is added here.

Each `Format` gives its name, its file name suffixes, whether it is a
directory, its reader and its writer (None for a read-only or write-only
format), whether Dask streams it partition by partition (``--workers``), and
whether its writer keeps everything. `conflict_events.formats.files` detects,
loads, checks and saves through `FORMATS`. Its names, suffixes and abilities
are also in `conflict_events._format_names` (the suffixes are taken from
there), which the command line reads for its help and choices without loading
any reader; a test holds the two the same. Parquet needs the extra ``arrow``;
without it, reading or writing Parquet is a `ConflictEventsError` naming the
extra.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Final

import attrs

from conflict_events._format_names import SUFFIXES
from conflict_events.errors import ConflictEventsError, ErrorDetail
from conflict_events.formats import acled, jsonl, ucdp
from conflict_events.formats._stdio import InputError
from conflict_events.formats.dataset_table import ReadOptions
from conflict_events.formats.documents import from_json, to_json
from conflict_events.formats.geojson import write_geojson
from conflict_events.formats.read_progress import open_input
from conflict_events.formats.tables import LossReport
from conflict_events.model import Dataset

__all__ = [
    "FORMATS",
    "Format",
    "Progress",
    "directory_format",
    "read_bytes",
    "readable",
    "suffix_format",
    "writable",
]

#: Called with the number of bytes read so far, about once per MiB, while a long file is checked.
Progress = Callable[[int], None]
#: Reads the dataset at a path; the int bounds the bytes a whole document may take, and
#: the options say how a dataset table (ACLED, UCDP GED) is read (other formats ignore them).
Reader = Callable[[Path, int, ReadOptions | None], Dataset]
#: Writes a dataset to a (temporary) path; a table's writer returns what it could not hold.
Writer = Callable[[Dataset, Path], LossReport | None]
#: Every fault of the file at a path, reading it as a stream.
Checker = Callable[[Path, Progress | None], list[ErrorDetail]]


def read_bytes(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """
    The content of the file at *path*, reading at most *max_bytes* + 1 bytes of it.

    Raises:
        ConflictEventsError: The file holds more than *max_bytes* bytes (an
            endless device such as ``/dev/zero`` included).
        InputError: The file cannot be read.
    """
    try:
        with open_input(path) as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None
    if len(data) > max_bytes:
        raise ConflictEventsError(f"{path}: larger than the limit of {max_bytes:,} bytes")
    return data


@attrs.frozen
class Format:
    """One file format: how files of it are named, read, written and checked."""

    #: The name ``--format``, ``--from`` and ``--to`` take.
    name: str
    #: What it is, in a few words.
    summary: str
    #: File name suffixes (case-insensitive) that mean this format.
    suffixes: tuple[str, ...] = ()
    #: Reads a dataset; None for a write-only format.
    read: Reader | None = None
    #: Writes a dataset; None for a read-only format.
    write: Writer | None = None
    #: A dataset of this format is a directory, written whole or not at all.
    directory: bool = False
    #: Dask reads and writes it partition by partition (``--workers``).
    streams: bool = False
    #: Its writer keeps every field, so a dataset reads back equal.
    lossless: bool = False
    #: Checks a file as a stream (line by line) instead of loading it whole.
    check: Checker | None = None
    #: The format a file of this one really is, told from its content.
    resolve: Callable[[Path], str] | None = None

    @property
    def access(self) -> str:
        """``read and write``, ``read only`` or ``write only``."""
        if self.read and self.write:
            return "read and write"
        return "read only" if self.read else "write only"


def _read_json(path: Path, max_bytes: int, options: ReadOptions | None) -> Dataset:
    del options
    return from_json(read_bytes(path, max_bytes), Dataset, max_bytes=max_bytes)


def _write_json(dataset: Dataset, path: Path) -> None:
    path.write_text(to_json(dataset), encoding="utf-8")


def _read_jsonl(path: Path, max_bytes: int, options: ReadOptions | None) -> Dataset:
    del max_bytes, options  # read record by record, each bounded by the JSON Lines reader
    return jsonl.read_dataset(path)


def _write_jsonl(dataset: Dataset, path: Path) -> None:
    jsonl.write_dataset(dataset, path)


def _check_jsonl(path: Path, progress: Progress | None) -> list[ErrorDetail]:
    return jsonl.check_file(path, progress=progress)


def _read_acled(path: Path, max_bytes: int, options: ReadOptions | None) -> Dataset:
    del max_bytes
    given = options or ReadOptions()
    return acled.read_acled(
        path, on_error=given.on_error, duplicates=given.duplicates, dayfirst=given.dayfirst
    )


def _read_ucdp(path: Path, max_bytes: int, options: ReadOptions | None) -> Dataset:
    del max_bytes
    given = options or ReadOptions()
    return ucdp.read_ucdp(
        path, on_error=given.on_error, duplicates=given.duplicates, dayfirst=given.dayfirst
    )


def _write_geojson(dataset: Dataset, path: Path) -> None:
    write_geojson(dataset, path)


def _csv_kind(path: Path) -> str:
    """ACLED or UCDP GED, from the names in the header."""
    with path.open("rb") as stream:
        head = stream.readline(65536).decode("utf-8", "replace").casefold()
    if "event_id_cnty" in head or "event_date" in head:
        return "acled"
    if "type_of_violence" in head or "side_a" in head:
        return "ucdp"
    raise ConflictEventsError(f"{path}: a CSV file, but neither ACLED nor UCDP GED columns")


def _read_csv(path: Path, max_bytes: int, options: ReadOptions | None) -> Dataset:
    readers = {"acled": _read_acled, "ucdp": _read_ucdp}
    return readers[_csv_kind(path)](path, max_bytes, options)


def _arrow() -> ModuleType:
    """`conflict_events.formats.arrow`, or the error that says to install the extra."""
    try:
        from conflict_events.formats import arrow  # noqa: PLC0415 - optional extra
    except ModuleNotFoundError as error:
        raise ConflictEventsError(
            f"Parquet needs pyarrow ({error.name} is missing): pip install 'conflict-events[arrow]'"
        ) from None
    return arrow


def _read_parquet(path: Path, max_bytes: int, options: ReadOptions | None) -> Dataset:
    del max_bytes, options  # read part file by part file
    dataset: Dataset = _arrow().read_parquet(path)
    return dataset


def _write_parquet(dataset: Dataset, path: Path) -> None:
    _arrow().write_parquet(dataset, path)


#: Every format by name, in the order help texts list them.
FORMATS: Final[dict[str, Format]] = {
    entry.name: entry
    for entry in (
        Format(
            "json",
            "one dataset document",
            SUFFIXES["json"],
            _read_json,
            _write_json,
            lossless=True,
        ),
        Format(
            "jsonl",
            "JSON Lines: a header line, then one record a line",
            SUFFIXES["jsonl"],
            _read_jsonl,
            _write_jsonl,
            streams=True,
            lossless=True,
            check=_check_jsonl,
        ),
        Format(
            "csv",
            "ACLED or UCDP GED CSV, told apart by the header",
            SUFFIXES["csv"],
            _read_csv,
            resolve=_csv_kind,
        ),
        Format("acled", "ACLED CSV", SUFFIXES["acled"], _read_acled, acled.write_acled),
        Format("ucdp", "UCDP GED CSV", SUFFIXES["ucdp"], _read_ucdp, ucdp.write_ucdp),
        Format(
            "geojson",
            "GeoJSON points of the events",
            SUFFIXES["geojson"],
            write=_write_geojson,
        ),
        Format(
            "parquet",
            "a Parquet dataset directory, one sub-directory per table (extra arrow)",
            SUFFIXES["parquet"],
            read=_read_parquet,
            write=_write_parquet,
            directory=True,
            streams=True,
            lossless=True,
        ),
    )
}


def readable() -> tuple[str, ...]:
    """The names of the formats that can be read, in registry order."""
    return tuple(name for name, entry in FORMATS.items() if entry.read is not None)


def writable() -> tuple[str, ...]:
    """The names of the formats that can be written, in registry order."""
    return tuple(name for name, entry in FORMATS.items() if entry.write is not None)


def suffix_format(path: str | os.PathLike[str]) -> Format | None:
    """The format *path*'s suffix names, if any."""
    suffix = Path(path).suffix.casefold()
    return next((entry for entry in FORMATS.values() if suffix in entry.suffixes), None)


def directory_format() -> Format:
    """The format of a dataset directory (Parquet): what a directory without a known suffix is."""
    return next(entry for entry in FORMATS.values() if entry.directory)
