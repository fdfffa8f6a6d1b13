"""
A dataset table: a CSV file of one event per row (ACLED, UCDP GED), read and written by one loop.

Each dataset gives only its column mapping, as a subclass of `DatasetTable`:
how a row becomes an event (`DatasetTable.event`, building its actors, places
and sources with `builder`) and how an event becomes a row
(`DatasetTable.event_row`). The loop here does the rest, the same for every
dataset: reading rows with their line numbers, collecting each failed row's
faults at its line and column (every row is tried), keeping in the event's
``extensions`` the columns that would not be written back the same, and
writing only the rows that read back, with the loss report.

Reading checks the file before any row: a header lacking a column every row
needs is one fault, a row with more or fewer cells than the header is that
row's fault, and an event id on several rows is a fault of each (or, with
``duplicates="newest"``, the newest row stays). Every row then becomes an
event; only once the builder has seen them all (`RecordBuilder.finish`) is
each event's row derived and compared. `ReadOptions` says what to do with a
bad row (``on_error="skip"`` leaves it out, reported in `TableImport` and one
`SkippedRowsWarning`).
"""

from __future__ import annotations

import abc
import os
import warnings
from collections.abc import Mapping, Sequence
from typing import IO, ClassVar, Final, Literal

import attrs

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats import tables
from conflict_events.formats.csv_cells import TableSource, is_blank, read_table
from conflict_events.formats.tables import Columns, Lookup, LossReport, RecordBuilder
from conflict_events.model import Dataset, Event
from conflict_events.temporal import TemporalError

__all__ = [
    "DatasetTable",
    "ReadOptions",
    "Rows",
    "SkippedRowsWarning",
    "TableImport",
    "import_table",
    "named_rows",
    "read",
    "write",
]

#: The header, one row per event keyed by header name, and the events left out with why.
Rows = tuple[list[str], list[dict[str, str]], dict[int, str]]
_MAX_REASON = 200


@attrs.frozen
class ReadOptions:
    """How a dataset table is read: what to do with a bad row, a repeated id, a slash date."""

    #: ``raise``: any bad row fails the read (all are reported); ``skip``: bad rows are left out.
    on_error: Literal["raise", "skip"] = "raise"
    #: ``error``: an event id twice in a file is an error; ``newest``: the newest row is kept.
    duplicates: Literal["error", "newest"] = "error"
    #: Whether ``03/04/2020`` is day first; None decides from the dataset's convention.
    dayfirst: bool | None = None


class DatasetTable(abc.ABC):
    """
    The column mapping of one dataset, over the columns of one file's header.

    One instance reads one file (its `builder` de-duplicates actors, places and
    sources across rows) or writes one dataset.
    """

    #: The dataset's name in loss reports (``ACLED``).
    name: ClassVar[str]
    #: The key of its block in ``extensions``, and the prefix of its ids (``acled``).
    system: ClassVar[str]
    #: The columns written for a dataset that keeps no header of its own, in order.
    default_header: ClassVar[Sequence[str]]
    #: Old column names (case-folded) read as the current ones.
    renamed: ClassVar[Mapping[str, str] | None] = None
    #: Model fields whose faults belong to one column.
    field_columns: ClassVar[Mapping[str, str]] = {}
    #: Columns (keys) without which no row can be read: a header lacking one is refused.
    required_columns: ClassVar[Sequence[str]] = ()
    #: The column of the dataset's own event id.
    id_column: ClassVar[str]
    #: The column saying when a row was last revised (newer wins), if the dataset has one.
    timestamp_column: ClassVar[str | None] = None

    def __init__(self, columns: Columns, options: ReadOptions | None = None) -> None:
        self.columns = columns
        self.options = options or ReadOptions()
        self.builder = RecordBuilder(self.system)

    def reads_back(self, column: str, text: str, derived: Mapping[str, str]) -> bool:
        """
        Whether a kept original *text* of *column* reads back, as files are read, as *derived* says.

        A kept cell is written only then; otherwise the derived text is, so a
        written file never reads back other than the data (a month-first date
        kept from a file read with ``dayfirst=False``, say).
        """
        del column, text, derived
        return True

    def prepare(self, rows: Sequence[dict[str, str]]) -> None:
        """
        Decide what holds for the whole file before any row is read (a date form, say).

        Raises:
            ValidationError: The file as a whole cannot be read. A fault found
                in one row gives that row's position in *rows* (from 0) as its
                ``line``; the loop puts the row's own line there.
        """
        del rows

    @abc.abstractmethod
    def event(self, row: dict[str, str], line: int) -> Event:
        """
        The event of one row (text by column key), read at *line*.

        Raises:
            ValidationError: A cell cannot be read (path: its column).
        """

    @abc.abstractmethod
    def event_row(self, event: Event, lookup: Lookup) -> dict[str, str]:
        """
        The row that *event* is written as, by column key; *lookup* resolves its references.

        Raises:
            TemporalError: The dataset cannot hold the event's date.
            ValueError: The dataset cannot hold another of its values.
        """


_SHOWN_LINES: Final = 5


def _lines_text(lines: Sequence[int]) -> str:
    """``3``, ``3 and 7``, ``3, 7 and 9``, or the first few and how many more."""
    shown = [str(line) for line in lines[:_SHOWN_LINES]]
    if len(lines) > _SHOWN_LINES:
        return f"{', '.join(shown)} and {len(lines) - _SHOWN_LINES} more"
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _cell_count(columns: Columns, line: int, cells: Sequence[str]) -> ErrorDetail | None:
    """
    Why a row's cells do not fit the header, or None.

    A row may end early only where the header's own trailing columns have no
    name (their cells are blank, as spreadsheets leave them); a row with more
    cells than the header has columns is refused even when they are blank (a
    cell that is not is named by `Columns.row`).
    """
    width = len(columns.keys)
    if len(cells) > width and is_blank(cells[width:]):  # a filled one: `Columns.row` names it
        return ErrorDetail(
            f"column {width + 1}",
            f"the row has {len(cells)} cells but the header has {width} columns "
            "(those past it are blank)",
            line=line,
            column=width + 1,
        )
    for position in range(len(cells), width):
        key = columns.keys[position]
        if key is not None:
            return ErrorDetail(
                columns.label(key),
                f"the row has {len(cells)} cells but the header has {width} columns: "
                f"none for {columns.label(key)} (column {position + 1})",
                line=line,
                column=position + 1,
            )
    return None


def _timestamp(row: Mapping[str, str], key: str | None) -> int | None:
    """The row's revision time (a whole number), None when it has none or it is not one."""
    if key is None:
        return 0
    text = row.get(key, "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _repeated_ids(
    table: type[DatasetTable],
    columns: Columns,
    named: list[tuple[int, dict[str, str]]],
    duplicates: Literal["error", "newest"],
) -> tuple[list[tuple[int, dict[str, str]]], dict[int, list[ErrorDetail]], int]:
    """
    The rows left when each event id is on one row, the faults of the rest, and how many replaced.

    With ``error`` every row of an id given on several rows is a fault naming
    the others (so no order of the rows decides which one stays). With
    ``newest`` the row of the largest `DatasetTable.timestamp_column` stays
    (the later row on a tie, and always for a dataset without one); the others
    are dropped before any is read, so they make no actors or places.
    """
    key = table.id_column
    if key not in columns:
        return named, {}, 0
    groups: dict[str, list[int]] = {}
    for position, (_, row) in enumerate(named):
        ident = row.get(key, "").strip()
        if ident:
            groups.setdefault(ident, []).append(position)
    failed: dict[int, list[ErrorDetail]] = {}
    dropped: set[int] = set()
    label = columns.label(key)
    stamp_key = table.timestamp_column if table.timestamp_column in columns else None
    for ident, positions in groups.items():
        if len(positions) == 1:
            continue
        lines = [named[position][0] for position in positions]
        if duplicates == "error":
            for line in lines:
                message = (
                    f"the event id {describe(ident)} is on lines {_lines_text(lines)}; "
                    "each event must be on one row (duplicates='newest' keeps the newest)"
                )
                failed[line] = [ErrorDetail(label, message, line=line)]
            dropped.update(positions)
            continue
        stamps = [_timestamp(named[position][1], stamp_key) for position in positions]
        if any(stamp is None for stamp in stamps):
            bad = next(p for p, s in zip(positions, stamps, strict=True) if s is None)
            stamp_label = columns.label(stamp_key or "")
            text = named[bad][1].get(stamp_key or "", "")
            for line in lines:
                message = (
                    f"the event id {describe(ident)} is on lines {_lines_text(lines)}, and "
                    f"which is newest cannot be told: {stamp_label} {describe(text.strip())} "
                    f"on line {named[bad][0]} is not a whole number of seconds"
                )
                failed[line] = [ErrorDetail(stamp_label, message, line=line)]
            dropped.update(positions)
            continue
        keep = max(zip(stamps, lines, positions, strict=True))[2]
        dropped.update(position for position in positions if position != keep)
    replaced = len(dropped) - len(failed)
    kept = [item for position, item in enumerate(named) if position not in dropped]
    return kept, failed, replaced


@attrs.frozen
class _Read:
    """What reading rows gave: the dataset, each failed line's faults, rows replaced, notices."""

    dataset: Dataset
    failed: dict[int, list[ErrorDetail]]
    replaced: int = 0
    notices: tuple[ErrorDetail, ...] = ()


def _import_rows(
    table: type[DatasetTable],
    columns: Columns,
    rows: list[tuple[int, list[str]]],
    options: ReadOptions,
    *,
    strict: bool,
    file_faults: bool = True,
) -> _Read:
    """
    The dataset of *rows* (cells by line), and the faults of each line that failed.

    The rows are read in two passes: every row becomes an event, then, once the
    builder has decided its records from all rows, each event's row is derived
    and the cells it does not reproduce are kept (`tables.keep_differences`).

    Raises:
        ValidationError: With *strict*, every fault of every failed row; with
            *file_faults*, a fault of the file as a whole (`DatasetTable.prepare`).
    """
    reader = table(columns, options)
    failed: dict[int, list[ErrorDetail]] = {}
    named: list[tuple[int, dict[str, str]]] = []
    for line, cells in rows:
        fault = _cell_count(columns, line, cells)
        if fault is not None:
            failed[line] = [fault]
            continue
        try:
            named.append((line, columns.row(cells)))
        except ValidationError as error:
            failed[line] = tables.row_errors(line, error, columns, table.field_columns)
    named, repeated, replaced = _repeated_ids(table, columns, named, options.duplicates)
    failed.update(repeated)
    try:
        reader.prepare([row for _, row in named])
    except ValidationError as error:
        details = [
            detail.at(line=named[detail.line][0]) if detail.line is not None else detail
            for detail in error.errors
        ]
        if file_faults:
            raise ValidationError(details) from None
        for detail in details:  # reading back what we wrote: the row is left out instead
            failed.setdefault(detail.line or 1, []).append(detail)
        return _Read(Dataset(), failed)
    built: list[tuple[int, dict[str, str], Event]] = []
    for line, row in named:
        try:
            built.append((line, row, reader.event(row, line)))
        except (ValidationError, TemporalError, ValueError) as error:
            failed[line] = tables.row_errors(line, error, columns, table.field_columns)
    lookup = reader.builder.finish()
    events: list[Event] = []
    for line, row, event in built:
        try:
            derived = reader.event_row(event, lookup)
        except (ValidationError, TemporalError, ValueError) as error:
            failed[line] = tables.row_errors(line, error, columns, table.field_columns)
            continue
        events.append(tables.keep_differences(event, table.system, row, derived))
    failed = dict(sorted(failed.items()))
    if failed and strict:
        raise ValidationError([detail for details in failed.values() for detail in details])
    dataset = reader.builder.dataset(events, {table.system: {"header": columns.header}})
    return _Read(dataset, failed, replaced, tuple(reader.builder.notices))


def _read_rows(
    table: type[DatasetTable],
    columns: Columns,
    rows: list[tuple[int, list[str]]],
) -> tuple[Dataset, dict[int, list[ErrorDetail]]]:
    """
    What rows we wrote read back as, and the faults of each line that does not read back.

    Slash dates are read day first, forced: by default a file whose slash date
    can only be month first is refused whole, so forcing makes each such row
    its own fault, left out in one pass, and the rows that remain read the same
    by default.
    """
    options = ReadOptions(dayfirst=True)
    result = _import_rows(table, columns, rows, options, strict=False, file_faults=False)
    return result.dataset, result.failed


#: How many skipped rows' faults a `SkippedRowsWarning` message lists.
_LISTED: Final = 20


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


class SkippedRowsWarning(UserWarning):
    """
    A table read with ``on_error="skip"`` left rows out; `skipped` holds every fault.

    The message lists the first 20 faults; `skipped` has them all, and
    `imported` says how many events were read.
    """

    def __init__(self, skipped: Sequence[ErrorDetail], imported: int) -> None:
        self.skipped = tuple(skipped)
        self.imported = imported
        rows = len({detail.line for detail in self.skipped})
        lines = [f"  {detail}" for detail in self.skipped[:_LISTED]]
        if len(self.skipped) > _LISTED:
            lines.append(f"  and {len(self.skipped) - _LISTED} more")
        head = (
            f"{_plural(rows, 'row')} skipped (on_error='skip'), "
            f"{_plural(imported, 'event')} imported:"
        )
        super().__init__("\n".join([head, *lines]))


@attrs.frozen
class TableImport:
    """What importing a table gave: the dataset, and what was left out or replaced on the way."""

    #: The events read, with their actors, places and sources.
    dataset: Dataset
    #: The faults of every row left out (``on_error="skip"``), each on its line.
    skipped: tuple[ErrorDetail, ...] = ()
    #: How many rows were replaced by a newer row of the same event id (``duplicates="newest"``).
    replaced: int = 0
    #: What the reader found worth telling that is no fault (rows disagreeing on an actor's kind).
    notices: tuple[ErrorDetail, ...] = ()

    def __str__(self) -> str:
        rows = len({detail.line for detail in self.skipped})
        parts = [_plural(len(self.dataset.events), "event") + " imported"]
        if self.skipped:
            parts.append(f"{_plural(rows, 'row')} skipped")
        if self.replaced:
            parts.append(f"{_plural(self.replaced, 'row')} replaced by a newer one")
        if self.notices:
            parts.append(_plural(len(self.notices), "notice"))
        lines = [", ".join(parts)]
        lines.extend(f"  skipped: {detail}" for detail in self.skipped)
        lines.extend(f"  notice: {detail}" for detail in self.notices)
        return "\n".join(lines)


def _header_columns(table: type[DatasetTable], header: list[str]) -> Columns:
    """
    The columns of a header being read.

    Raises:
        ValidationError: A name twice, or a column every row needs missing (once
            each, on line 1, path the missing column).
    """
    columns = Columns(header, table.renamed)
    missing = [
        ErrorDetail(
            key,
            f"the header has no column {key}, which every {table.name} row needs",
            line=1,
        )
        for key in table.required_columns
        if key not in columns
    ]
    if missing:
        raise ValidationError(missing)
    return columns


def import_table(
    table: type[DatasetTable], source: TableSource, options: ReadOptions | None = None
) -> TableImport:
    """
    Read *table*'s dataset from *source*: what `read` does, with what was skipped or replaced.

    *source* is anything `read_table` reads: a path, a stream, rows as dicts, or
    a data frame.

    Raises:
        ValidationError: The header is refused (a name twice, a needed column
            missing), the file as a whole cannot be read (its slash dates), or
            with ``on_error="raise"`` every fault of every row that cannot be read.
    """
    options = options or ReadOptions()
    header, rows = read_table(source)
    columns = _header_columns(table, header)
    result = _import_rows(table, columns, rows, options, strict=options.on_error == "raise")
    skipped = tuple(detail for details in result.failed.values() for detail in details)
    return TableImport(result.dataset, skipped, result.replaced, result.notices)


def read(
    table: type[DatasetTable], source: TableSource, options: ReadOptions | None = None
) -> Dataset:
    """
    Read a file of *table*'s dataset (a path, a stream, rows or a data frame) into a `Dataset`.

    With ``on_error="skip"`` rows that cannot be read are left out, and one
    `SkippedRowsWarning` lists them (`import_table` returns them instead).

    Raises:
        ValidationError: As `import_table`.
    """
    result = import_table(table, source, options)
    if result.skipped:
        warnings.warn(SkippedRowsWarning(result.skipped, len(result.dataset.events)), stacklevel=3)
    return result.dataset


def _rows(
    table: type[DatasetTable], dataset: Dataset
) -> tuple[Columns, list[tuple[int, dict[str, str]]], dict[int, str]]:
    """The columns to write, each event's row by its index, and the events left out with why."""
    header = tables.header_of(dataset, table.system, table.default_header)
    columns = tables.writer_columns(header, table.system, table.renamed)
    writer = table(columns)
    lookup = Lookup.of(dataset)
    rows: list[tuple[int, dict[str, str]]] = []
    skipped: dict[int, str] = {}
    for index, event in enumerate(dataset.events):
        try:
            derived = writer.event_row(event, lookup)
        except TemporalError as error:
            skipped[index] = f"{describe(error.text)}: {error.reason}"
            continue
        except ValueError as error:
            skipped[index] = str(error)[:_MAX_REASON]
            continue
        kept = tables.kept_cells(event, table.system, derived)
        derived.update(
            {
                column: text
                for column, text in kept.items()
                if writer.reads_back(column, text, derived)
            }
        )
        rows.append((index, derived))
    return columns, rows, skipped


def named_rows(table: type[DatasetTable], dataset: Dataset) -> Rows:
    """
    The header, one row per event (keyed by header name), and the events left out with why.

    Columns an imported event kept in ``extensions[table.system]`` win over derived values
    where the typed value has not changed since import (`tables.kept_cells`).

    Raises:
        ValidationError: The header kept in ``extensions`` cannot be written.
    """
    columns, rows, skipped = _rows(table, dataset)
    named = [dict(zip(columns.header, columns.cells(derived), strict=True)) for _, derived in rows]
    return columns.header, named, skipped


def write(
    table: type[DatasetTable], dataset: Dataset, target: str | os.PathLike[str] | IO[str]
) -> LossReport:
    """
    Write *dataset* as *table*'s CSV; return what the table cannot hold.

    An event whose row would not read back is not written, and the report says
    why: every file written reads back.

    Raises:
        ValidationError: The header kept in ``extensions`` cannot be written
            (nothing is written then).
    """
    columns, rows, skipped = _rows(table, dataset)

    def read_back(
        lines: list[tuple[int, list[str]]],
    ) -> tuple[Dataset, dict[int, list[ErrorDetail]]]:
        return _read_rows(table, columns, lines)

    cells = [(index, columns.cells(derived)) for index, derived in rows]
    return tables.write_rows(
        table.name, table.system, dataset, columns, cells, skipped, read_back, target
    )
