"""
Write the bad Parquet corpus: one small dataset directory per kind of fault.

Run ``python tests/data/bad/parquet/make.py [OUT]`` (default: this file's
directory) to regenerate it. Each case starts from the same valid dataset of
one actor, location, source and event, written by `write_parquet`, and then
breaks one thing with pyarrow. ``expected.json`` beside this file gives, per
case, the path of the first error `read_parquet` reports and a fragment of its
message. The output is the same on every run with one pyarrow version.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import conflict_events
from conflict_events.formats import arrow
from conflict_events.model import (
    Actor,
    ActorKind,
    ControlChange,
    Dataset,
    Location,
    LocationKind,
    Source,
)
from conflict_events.temporal import FuzzyDate

HERE = Path(__file__).parent
PART = "part-0.parquet"


def base() -> Dataset:
    """The valid dataset every case breaks."""
    return Dataset(
        actors=(Actor(id="a", name="Army", kind=ActorKind.STATE_FORCES, extensions={"k": 1}),),
        locations=(Location(id="l", name="Town", kind=LocationKind.SETTLEMENT),),
        sources=(
            Source(
                id="s",
                publisher="Agency",
                published_at=datetime(2017, 2, 4, 12, tzinfo=timezone(timedelta(hours=3))),
            ),
        ),
        events=(
            ControlChange(
                id="e",
                when=FuzzyDate.parse("2016-03"),
                location="l",
                new_holder="a",
            ),
        ),
    )


def _read(directory: Path, table: str) -> pa.Table:
    return pq.read_table(directory / table / PART)


def _write(directory: Path, table: str, data: pa.Table) -> None:
    pq.write_table(data, directory / table / PART)


def _set(directory: Path, table: str, name: str, column: pa.Array) -> None:
    data = _read(directory, table)
    index = data.schema.get_field_index(name)
    changed = (
        data.append_column(name, column) if index < 0 else data.set_column(index, name, column)
    )
    _write(directory, table, changed)


def _slim(directory: Path) -> None:
    """
    Keep only the columns holding a value, so that each file is a few KB.

    A missing column reads as empty (null, no items, no entries), so the
    dataset stays the same.
    """
    for table in arrow.RECORD_TABLES:
        data = _read(directory, table)
        empty = [
            name
            for name in data.column_names
            if name not in {"id", "type"}
            and not any(_holds(value) for value in data.column(name).to_pylist())
        ]
        _write(directory, table, data.drop_columns(empty))


def _metadata(directory: Path, table: str, text: bytes) -> None:
    data = _read(directory, table)
    _write(directory, table, data.replace_schema_metadata({arrow.METADATA_KEY: text}))


def _holds(value: object) -> bool:
    return value is not None and value != []


def corrupt_bytes(directory: Path) -> None:
    (directory / "events" / PART).write_bytes(b"PAR1" + bytes(range(64)) + b"PAR1")


def truncated(directory: Path) -> None:
    path = directory / "actors" / PART
    path.write_bytes(path.read_bytes()[:-100])


def stray_file(directory: Path) -> None:
    (directory / "events" / "notes.txt").write_text("not a part file\n", encoding="utf-8")


def unknown_directory(directory: Path) -> None:
    (directory / "events").rename(directory / "evnts")


def list_for_map(directory: Path) -> None:
    _set(directory, "actors", "external_ids", pa.array([["ab", "cd"]]))


def unknown_column(directory: Path) -> None:
    data = _read(directory, "actors")
    _write(directory, "actors", data.append_column("colour", pa.array(["red"])))


def wrong_type(directory: Path) -> None:
    _set(directory, "events", "when_earliest", pa.array(["2016-03-01"]))


def newer_major_metadata(directory: Path) -> None:
    _metadata(directory, "events", b'{"schema_version":"999.0.0"}')


def bad_json_metadata(directory: Path) -> None:
    _metadata(directory, "actors", b'{"schema_version":')


def metadata_disagrees(directory: Path) -> None:
    _metadata(directory, "actors", b'{"schema_version":"1.0.0","extensions":{"x":1}}')
    _metadata(directory, "sources", b'{"schema_version":"1.0.0","extensions":{"x":2}}')


def unknown_metadata_key(directory: Path) -> None:
    _metadata(directory, "actors", b'{"schema_version":"1.0.0","events":[]}')


def _json_map(pairs: list[tuple[str, Any]]) -> pa.Array:
    plain = pa.array([pairs], pa.map_(pa.string(), pa.string()))
    return plain.cast(pa.map_(pa.string(), pa.json_()))


def bad_extension_json(directory: Path) -> None:
    _set(directory, "actors", "extensions", _json_map([("k", "{1:")]))


def null_extension_value(directory: Path) -> None:
    _set(directory, "actors", "extensions", _json_map([("k", None)]))


def duplicate_map_key(directory: Path) -> None:
    pairs = [("wikidata", "Q1"), ("wikidata", "Q2")]
    _set(directory, "actors", "external_ids", pa.array([pairs], pa.map_(pa.string(), pa.string())))


def date_out_of_range(directory: Path) -> None:
    _set(directory, "events", "when_earliest", pa.array([2**31 - 1], pa.int32()).cast(pa.date32()))


def derived_date_differs(directory: Path) -> None:
    _set(directory, "events", "when_latest", pa.array([0], pa.int32()).cast(pa.date32()))


def bad_edtf(directory: Path) -> None:
    _set(directory, "events", "when_edtf", pa.array(["2016-13"]))


def offset_of_a_day(directory: Path) -> None:
    _set(directory, "sources", "published_at_offset", pa.array([86_400_000_000], pa.duration("us")))


def time_beyond_9999(directory: Path) -> None:
    utc = pa.array([2**62], pa.int64()).cast(pa.timestamp("us", tz="UTC"))
    _set(directory, "sources", "published_at_utc", utc)


def column_of_another_type(directory: Path) -> None:
    _set(directory, "events", "weapon", pa.array(["rifle"]))


def unknown_event_type(directory: Path) -> None:
    tags = pa.array(["riot"], pa.string()).cast(pa.dictionary(pa.int32(), pa.string()))
    _set(directory, "events", "type", tags)


def huge_integer(directory: Path) -> None:
    _set(directory, "events", "fatalities_best", pa.array([2**62]))


CASES: dict[str, Callable[[Path], None]] = {
    name.replace("_", "-"): function
    for name, function in list(globals().items())
    if callable(function)
    and getattr(function, "__module__", None) == __name__
    and name not in {"base", "main", "make"}
    and not name.startswith("_")
}


def make(out: Path) -> list[str]:
    """Write every case under *out* (each directory replaced); return the case names."""
    dataset = base()
    for name, breaks in CASES.items():
        target = out / name
        if target.exists():
            shutil.rmtree(target)
        conflict_events.write_parquet(dataset, target)
        shutil.rmtree(target / "event_actors")
        _slim(target)
        breaks(target)
    return list(CASES)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    for name in make(out):
        sys.stdout.write(f"{out / name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
