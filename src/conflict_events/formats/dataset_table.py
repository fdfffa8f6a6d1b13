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
"""

from __future__ import annotations

import abc
import os
from collections.abc import Mapping, Sequence
from typing import IO, ClassVar, Literal

import attrs

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats import tables
from conflict_events.formats.csv_cells import TableSource, read_table
from conflict_events.formats.tables import Columns, Lookup, LossReport, RecordBuilder
from conflict_events.model import Dataset, Event
from conflict_events.temporal import TemporalError

__all__ = ["DatasetTable", "ReadOptions", "Rows", "named_rows", "read", "write"]

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

    def prepare(self, rows: Sequence[dict[str, str]]) -> None:
        """
        Decide what holds for the whole file before any row is read (a date form, say).

        Raises:
            ValidationError: The file as a whole cannot be read.
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


def _read_rows(
    table: type[DatasetTable],
    columns: Columns,
    rows: list[tuple[int, list[str]]],
    *,
    strict: bool = True,
    options: ReadOptions | None = None,
) -> tuple[Dataset, dict[int, list[ErrorDetail]]]:
    """
    The dataset of *rows* (cells by line), and the faults of each line that failed.

    Raises:
        ValidationError: With *strict*, every fault of every failed row.
    """
    reader = table(columns, options)
    events: list[Event] = []
    failed: dict[int, list[ErrorDetail]] = {}
    named: list[tuple[int, dict[str, str]]] = []
    for line, cells in rows:
        try:
            named.append((line, columns.row(cells)))
        except ValidationError as error:
            failed[line] = tables.row_errors(line, error, columns, table.field_columns)
    reader.prepare([row for _, row in named])
    for line, row in named:
        try:
            event = reader.event(row, line)
            derived = reader.event_row(event, reader.builder.lookup)
        except (ValidationError, TemporalError, ValueError) as error:
            failed[line] = tables.row_errors(line, error, columns, table.field_columns)
            continue
        kept = {key: text for key, text in row.items() if text != derived.get(key, "")}
        events.append(tables.keep_differences(event, table.system, kept, {}))
    if failed and strict:
        raise ValidationError([detail for details in failed.values() for detail in details])
    return reader.builder.dataset(events, {table.system: {"header": columns.header}}), failed


def read(
    table: type[DatasetTable], source: TableSource, options: ReadOptions | None = None
) -> Dataset:
    """
    Read a file of *table*'s dataset (a path, or an open stream) into a `Dataset`.

    Raises:
        ValidationError: The header has a name twice, or every row that cannot
            be read, as ``line N: column``.
    """
    header, rows = read_table(source)
    dataset, _ = _read_rows(table, Columns(header, table.renamed), rows, options=options)
    return dataset


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
        derived.update(tables.kept_columns(event, table.system))
        rows.append((index, derived))
    return columns, rows, skipped


def named_rows(table: type[DatasetTable], dataset: Dataset) -> Rows:
    """
    The header, one row per event (keyed by header name), and the events left out with why.

    Columns an imported event kept in ``extensions[table.system]`` win over derived values.

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
        return _read_rows(table, columns, lines, strict=False)

    cells = [(index, columns.cells(derived)) for index, derived in rows]
    return tables.write_rows(
        table.name, table.system, dataset, columns, cells, skipped, read_back, target
    )
