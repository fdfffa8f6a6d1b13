"""
Coverage-guided fuzzing of the Parquet reader with atheris, on crafted tables.

A small valid dataset is written once as a Parquet directory. Each input
then breaks one table of it, and `read_parquet` must return a dataset or
raise `ValidationError`; anything else is a crash that atheris reports with
its input. The first byte picks what the rest of the bytes do:

- raw: they are written as the table's part file (or as a second part file,
  or as a stray file beside it), or overwrite a few byte ranges of its valid
  part file;
- mutations (most inputs): they drive one to four changes of the valid
  table, written with pyarrow: a column dropped, renamed, added or given
  another type; a value deep in a column replaced (out-of-range numbers,
  arbitrary text where EDTF, JSON or an enum name belongs, nulls, repeated
  map keys, items added or removed); the ``conflict_events`` metadata
  replaced or removed. The mutated table is also given to `from_arrow`
  directly, which must behave alike.

    pip install atheris '.[arrow]'
    python fuzz/fuzz_parquet.py -atheris_runs=100000 fuzz/corpus-parquet

``-atheris_runs=N`` bounds the run. The run ends with how many inputs were
read, refused, and refused already when writing them (pyarrow could not
build or write the table; not a finding).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import atheris
import pyarrow as pa
import pyarrow.parquet as pq

# Coverage of the library only: pyarrow's Python code (and pandas, which it
# may import) would slow every input and guide the fuzzer nowhere useful.
with atheris.instrument_imports(include=["conflict_events"]):
    import conflict_events
    from conflict_events import ValidationError
    from conflict_events.formats import arrow
    from conflict_events.model import (
        Actor,
        ActorKind,
        ActorRelation,
        Attribution,
        ControlChange,
        Dataset,
        Estimate,
        Location,
        LocationKind,
        Participant,
        RelationKind,
        Siege,
        Source,
        StatementStatus,
    )
    from conflict_events.temporal import FuzzyDate, Span

COUNTS: Counter[str] = Counter()
PART = "part-0.parquet"
#: Texts that reach deeper than random ones: EDTF, JSON, enum values, versions.
TEXTS = (
    "2016",
    "2016-03",
    "2016-03-01",
    "2016/..",
    "../2017",
    "2016-21",
    "0000",
    "9999-12-31",
    "10000",
    "2016-02-30",
    "2016~",
    "1",
    "null",
    "{}",
    "[]",
    '{"a":',
    "1e999",
    "NaN",
    '"\\ud800"',
    "9" * 30,
    "control_change",
    "siege",
    "riot",
    "interval",
    "day",
    "reported",
    "claimed",
    "1.0.0",
    "0.9.0",
    "1.1.0",
    "999.0.0",
    "a",
    "l",
    "s",
    "e",
    "",
)
INTS = (0, 1, -1, 2**31 - 1, -(2**31), 2**53, 2**62, -(2**63), 2**63 - 1, 86_400_000_000)


def base() -> Dataset:
    """A small valid dataset whose columns hold every kind of value at least once."""
    plus3 = timezone(timedelta(hours=3))
    return Dataset(
        actors=(
            Actor(
                id="a",
                name="Army",
                kind=ActorKind.STATE_FORCES,
                external_ids={"wikidata": "Q1"},
                extensions={"k": [1, {"x": None}]},
            ),
            Actor(
                id="b",
                name="Band",
                kind=ActorKind.REBEL_GROUP,
                relations=(
                    ActorRelation(
                        RelationKind.MEMBER_OF,
                        "a",
                        during=Span.parse("2015/.."),
                        attributions=(Attribution(source="s", stated=FuzzyDate.parse("2016")),),
                    ),
                ),
            ),
        ),
        locations=(
            Location(id="c", name="Country", kind=LocationKind.COUNTRY, country="SYR"),
            Location(
                id="l",
                name="Town",
                kind=LocationKind.SETTLEMENT,
                latitude=34.5,
                longitude=38.3,
                parent="c",
                aliases=("Tadmur",),
            ),
        ),
        sources=(
            Source(
                id="s",
                publisher="Agency",
                published=FuzzyDate.parse("2017-02-04"),
                published_at=datetime(2017, 2, 4, 12, tzinfo=plus3),
            ),
        ),
        events=(
            ControlChange(
                id="e",
                when=FuzzyDate.parse("2016-03"),
                location="l",
                new_holder="a",
                previous_holders=("b",),
                participants=(Participant("a"),),
                attributions=(
                    Attribution(
                        source="s",
                        status=StatementStatus.CLAIMED,
                        claimant="a",
                        stated=FuzzyDate.parse("2016-03-27"),
                    ),
                    Attribution(source="s"),
                ),
                fatalities=Estimate(low=1, best=2, high=5),
                tags=("t",),
                extensions={"n": 1},
            ),
            Siege(
                id="g",
                when=Span.parse("2016-01/2016-05"),
                location="l",
                besiegers=("b",),
                besieged=("a",),
                civilian_population=Estimate(best=1000),
            ),
        ),
    )


_DATASET = base()
_TABLES = conflict_events.to_arrow(_DATASET)
_NAMES = tuple(arrow.TABLES)
# Memory rather than disk where the machine has it.
_ROOT = Path(tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
_DIRECTORY = _ROOT / "dataset"
conflict_events.write_parquet(_DATASET, _DIRECTORY)
_ORIGINAL = {name: (_DIRECTORY / name / PART).read_bytes() for name in _NAMES}


# -- mutations ------------------------------------------------------------------------------


def _text(fdp: Any) -> str:
    if fdp.ConsumeBool():
        return TEXTS[fdp.ConsumeIntInRange(0, len(TEXTS) - 1)]
    return str(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 24)))


def _int(fdp: Any, kind: Any) -> int:
    if fdp.ConsumeBool():
        value = INTS[fdp.ConsumeIntInRange(0, len(INTS) - 1)]
    else:
        value = fdp.ConsumeIntInRange(-(2**63), 2**63 - 1)
    if pa.types.is_int32(kind):
        return max(-(2**31), min(2**31 - 1, value))
    return int(value)


def _leaf(fdp: Any, kind: Any) -> Any:
    """A value of the plain type *kind*, or None."""
    if fdp.ConsumeIntInRange(0, 7) == 0:
        return None
    if pa.types.is_string(kind):
        return _text(fdp)
    if pa.types.is_integer(kind):
        return _int(fdp, kind)
    if pa.types.is_floating(kind):
        return fdp.ConsumeRegularFloat() if fdp.ConsumeBool() else fdp.ConsumeFloat()
    if pa.types.is_boolean(kind):
        return fdp.ConsumeBool()
    return None


def _changed(fdp: Any, value: Any, kind: Any, depth: int = 0) -> Any:
    """*value* (plain data of the plain type *kind*) with one place in it replaced."""
    if depth > 6 or fdp.ConsumeIntInRange(0, 5) == 0:
        return _fresh(fdp, kind, depth)
    if pa.types.is_struct(kind):
        if value is None or not kind.num_fields:
            return _fresh(fdp, kind, depth)
        field = kind.field(fdp.ConsumeIntInRange(0, kind.num_fields - 1))
        return {**value, field.name: _changed(fdp, value.get(field.name), field.type, depth + 1)}
    if pa.types.is_map(kind):
        entries = list(value or ())
        choice = fdp.ConsumeIntInRange(0, 2)
        if choice == 0 and entries:
            entries.append(entries[fdp.ConsumeIntInRange(0, len(entries) - 1)])
        elif choice == 1 and entries:
            index = fdp.ConsumeIntInRange(0, len(entries) - 1)
            key, item = entries[index]
            entries[index] = (key, _changed(fdp, item, kind.item_type, depth + 1))
        else:
            entries.append((_text(fdp), _fresh(fdp, kind.item_type, depth + 1)))
        return entries
    if pa.types.is_list(kind):
        items = list(value or ())
        choice = fdp.ConsumeIntInRange(0, 2)
        if choice == 0 and items:
            index = fdp.ConsumeIntInRange(0, len(items) - 1)
            items[index] = _changed(fdp, items[index], kind.value_type, depth + 1)
        elif choice == 1 and items:
            del items[fdp.ConsumeIntInRange(0, len(items) - 1)]
        else:
            items.append(_fresh(fdp, kind.value_type, depth + 1))
        return items
    return _leaf(fdp, kind)


def _fresh(fdp: Any, kind: Any, depth: int) -> Any:
    """A new value of the plain type *kind*."""
    if fdp.ConsumeIntInRange(0, 5) == 0:
        return None
    if pa.types.is_struct(kind):
        return {field.name: _fresh(fdp, field.type, depth + 1) for field in kind}
    if pa.types.is_map(kind):
        count = fdp.ConsumeIntInRange(0, 2) if depth < 6 else 0
        return [(_text(fdp), _fresh(fdp, kind.item_type, depth + 1)) for _ in range(count)]
    if pa.types.is_list(kind):
        count = fdp.ConsumeIntInRange(0, 2) if depth < 6 else 0
        return [_fresh(fdp, kind.value_type, depth + 1) for _ in range(count)]
    return _leaf(fdp, kind)


def _change_value(fdp: Any, table: Any) -> Any:
    """One cell of one column replaced, through the column's plain values."""
    if not table.num_columns or not table.num_rows:
        return table
    index = fdp.ConsumeIntInRange(0, table.num_columns - 1)
    field = table.schema.field(index)
    plain_type = arrow.storage_type(field.type)
    values = table.column(index).cast(plain_type).to_pylist()
    row = fdp.ConsumeIntInRange(0, table.num_rows - 1)
    values[row] = _changed(fdp, values[row], plain_type)
    column = pa.array(values, plain_type).cast(field.type)
    return table.set_column(index, field.name, column)


_TYPES = (
    pa.string(),
    pa.large_string(),
    pa.int64(),
    pa.int32(),
    pa.uint64(),
    pa.float64(),
    pa.bool_(),
    pa.date32(),
    pa.timestamp("us"),
    pa.timestamp("ns", tz="UTC"),
    pa.duration("s"),
    pa.list_(pa.string()),
    pa.map_(pa.string(), pa.string()),
    pa.struct([("edtf", pa.string())]),
    pa.dictionary(pa.int8(), pa.string()),
    pa.binary(),
    pa.null(),
)


def _retype(fdp: Any, table: Any) -> Any:
    """One column given another type: cast when pyarrow can, else a column of new values."""
    if not table.num_columns:
        return table
    index = fdp.ConsumeIntInRange(0, table.num_columns - 1)
    kind = _TYPES[fdp.ConsumeIntInRange(0, len(_TYPES) - 1)]
    try:
        column = table.column(index).cast(kind)
    except (pa.ArrowException, ValueError, TypeError):
        plain = arrow.storage_type(kind)
        column = pa.array([_fresh(fdp, plain, 0) for _ in range(table.num_rows)], plain)
        column = column.cast(kind)
    return table.set_column(index, table.schema.field(index).name, column)


def _drop(fdp: Any, table: Any) -> Any:
    if not table.num_columns:
        return table
    return table.remove_column(fdp.ConsumeIntInRange(0, table.num_columns - 1))


def _rename(fdp: Any, table: Any) -> Any:
    if not table.num_columns:
        return table
    names = list(table.column_names)
    index = fdp.ConsumeIntInRange(0, len(names) - 1)
    if fdp.ConsumeBool():
        names[index] = names[fdp.ConsumeIntInRange(0, len(names) - 1)]
    else:
        names[index] = _text(fdp) or "x"
    return table.rename_columns(names)


def _add(fdp: Any, table: Any) -> Any:
    kind = _TYPES[fdp.ConsumeIntInRange(0, len(_TYPES) - 1)]
    plain = arrow.storage_type(kind)
    column = pa.array([_fresh(fdp, plain, 0) for _ in range(table.num_rows)], plain).cast(kind)
    return table.append_column(_text(fdp) or "position", column)


def _metadata(fdp: Any, table: Any) -> Any:
    choice = fdp.ConsumeIntInRange(0, 3)
    if choice == 0:
        return table.replace_schema_metadata(None)
    if choice == 1:
        text = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64))
    elif choice == 2:
        version = TEXTS[fdp.ConsumeIntInRange(0, len(TEXTS) - 1)]
        text = f'{{"schema_version":"{version}"}}'.encode()
    else:
        text = f'{{"schema_version":"1.0.0","extensions":{_text(fdp)}}}'.encode()
    return table.replace_schema_metadata({arrow.METADATA_KEY: text})


def _rows(fdp: Any, table: Any) -> Any:
    """Rows dropped, repeated or reordered."""
    if not table.num_rows:
        return table
    count = fdp.ConsumeIntInRange(0, 4)
    order = [fdp.ConsumeIntInRange(0, table.num_rows - 1) for _ in range(count)]
    return table.take(pa.array(order, pa.int64()))


MUTATIONS: tuple[Callable[[Any, Any], Any], ...] = (
    _change_value,
    _change_value,
    _change_value,
    _retype,
    _drop,
    _rename,
    _add,
    _metadata,
    _rows,
)


# -- one input ------------------------------------------------------------------------------


def _restore(name: str) -> None:
    """The broken table's folder as it was; an input only ever writes into that one."""
    folder = _DIRECTORY / name
    if len(list(folder.iterdir())) != 1:
        shutil.rmtree(folder)
        folder.mkdir()
    (folder / PART).write_bytes(_ORIGINAL[name])
    for entry in _DIRECTORY.iterdir():
        if entry.name not in _NAMES:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def _read() -> None:
    try:
        conflict_events.read_parquet(_DIRECTORY)
    except ValidationError:
        COUNTS["refused"] += 1
    else:
        COUNTS["read"] += 1


def _raw(fdp: Any, name: str) -> None:
    """The bytes as a file of the table: the part file, a second part file or a stray file."""
    where = fdp.ConsumeIntInRange(0, 2)
    target = [PART, "part-1.parquet", "notes.txt"][where]
    (_DIRECTORY / name / target).write_bytes(fdp.ConsumeBytes(fdp.remaining_bytes()))
    _read()


def _spliced(fdp: Any, name: str) -> None:
    """The valid part file with a few byte ranges overwritten, cut short or grown."""
    data = bytearray(_ORIGINAL[name])
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        at = fdp.ConsumeIntInRange(0, len(data))
        data[at : at + fdp.ConsumeIntInRange(0, 16)] = fdp.ConsumeBytes(
            fdp.ConsumeIntInRange(0, 16)
        )
    (_DIRECTORY / name / PART).write_bytes(bytes(data))
    _read()


def _mutated(fdp: Any, name: str) -> None:
    table = _TABLES[name]
    try:
        for _ in range(fdp.ConsumeIntInRange(1, 4)):
            table = MUTATIONS[fdp.ConsumeIntInRange(0, len(MUTATIONS) - 1)](fdp, table)
        pq.write_table(table, _DIRECTORY / name / PART)
    except (pa.ArrowException, ValueError, TypeError, OverflowError):
        COUNTS["not written"] += 1
        return
    _read()
    try:
        conflict_events.from_arrow({**_TABLES, name: table})
    except ValidationError:
        COUNTS["refused in memory"] += 1
    else:
        COUNTS["read in memory"] += 1


def test_one_input(raw: bytes) -> None:
    """Break one table as the input says, then read the directory."""
    if len(raw) < 2:
        return
    fdp = atheris.FuzzedDataProvider(raw)
    mode = fdp.ConsumeIntInRange(0, 7)
    name = _NAMES[fdp.ConsumeIntInRange(0, len(_NAMES) - 1)]
    try:
        if mode == 0:
            _raw(fdp, name)
        elif mode == 1:
            _spliced(fdp, name)
        else:
            _mutated(fdp, name)
    finally:
        _restore(name)


def _report() -> None:
    total = COUNTS["read"] + COUNTS["refused"] + COUNTS["not written"]
    details = ", ".join(f"{count} {key}" for key, count in sorted(COUNTS.items()))
    print(f"fuzz_parquet: {total} inputs: {details}", file=sys.stderr)
    shutil.rmtree(_ROOT, ignore_errors=True)


if __name__ == "__main__":
    atexit.register(_report)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
