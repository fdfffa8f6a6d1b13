r"""
CSV cells: reading files as real exports come, and writing cells spreadsheets cannot run.

Reading. `read_table` accepts UTF-8 (with or without a byte order mark) and falls
back to Windows-1252, the encoding of older ACLED files (its five unassigned
bytes read as the Latin-1 control characters, so any byte decodes); a text
stream is taken as already decoded. The delimiter (comma, semicolon or tab) is
told from the header line alone: the one found most often outside quotes there.
Line ends may be CRLF or LF and quoted fields may hold newlines and doubled
quotes. It is bounded: no cell may hold more than `MAX_CELL` characters and no
record more than `MAX_RECORD`, and it never reads more than one record past
these bounds into memory; a larger one is a `ValidationError` at its line. A file is opened with
`conflict_events.formats.read_progress.open_input`, so a progress bar can follow
the read.

Tables already in memory read the same way: rows as dicts (what an API
client returns), or a pandas or polars DataFrame or a pyarrow Table (none of
them imported here: they are told by their methods). Their cells become the
texts a CSV file would hold (see `table_cells`), each row on "line" its
position + 2, as if line 1 were the header.

Escaping, one rule for every cell we write (headers, ids, kept columns, custom
columns, numbers alike):

* a cell that is a plain decimal number (``-?[0-9]+(\.[0-9]+)?``, ASCII) is
  written as it is: no spreadsheet runs ``-5.3``, and numeric columns stay
  numbers for every tool;
* any other cell that starts with a formula character (`FORMULA_STARTS`:
  ``= + - @``, tab, carriage return, line feed, and the full-width forms
  U+FF1D, U+FF0B, U+FF0D, U+FF20 of the first four), or that starts with
  the escape ``'`` followed by one of those or by another ``'``, gets one
  ``'`` in front;
* reading removes exactly one leading ``'`` when it is followed by a formula
  character or by ``'``, and nothing else.

So `unescape` undoes `escape` for every text (a cell that really is ``'=1``
comes back as ``'=1``, never as a live ``=1``), and no escaped cell starts with
a formula character unless it is a plain number. A foreign cell such as
``'tis`` passes through unchanged both ways.

Cell grammars. Numbers in the cells we read follow one strict grammar per
column kind, ASCII digits only (no ``_``, no exponent, no other scripts):
`parse_count` (``[0-9]+``, at most `MAX_COUNT`), `parse_code` (a count from a
fixed set) and `parse_coordinate` (``-?[0-9]{1,3}(\.[0-9]+)?``). Each failure
is a `ValidationError` whose path is the column, quoting the cell with
`describe`.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import numbers
import os
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Final, Protocol, TypeAlias

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats.read_progress import open_input
from conflict_events.model.fields import MAX_COUNT

__all__ = [
    "DELIMITERS",
    "FORMULA_STARTS",
    "MAX_CELL",
    "MAX_RECORD",
    "PLAIN_NUMBER",
    "TableSource",
    "delimiter",
    "escape",
    "is_blank",
    "iso_day",
    "neutralise",
    "parse_code",
    "parse_coordinate",
    "parse_count",
    "plain_decimal",
    "read_table",
    "record_fault",
    "restore",
    "table_cells",
    "unescape",
    "write_table",
]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS: Final = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
#: A cell that is only a decimal number; written as it is, since no spreadsheet runs it.
PLAIN_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
#: The most characters one cell may hold, in files we read and rows we write.
MAX_CELL: Final = 1 << 20
#: The most characters one record (one row, all its cells and quoting) may hold.
MAX_RECORD: Final = 8 << 20
_ESCAPE: Final = "'"
_COUNT: Final = re.compile(r"[0-9]+", re.ASCII)
_COORDINATE: Final = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]+)?", re.ASCII)
_COUNT_DIGITS: Final = len(str(MAX_COUNT))


class ArrowTable(Protocol):
    """A pyarrow ``Table`` (or ``RecordBatch``): columns of values by name."""

    def to_pydict(self) -> dict[str, list[Any]]:
        """Each column's values by its name."""


class DataFrame(Protocol):
    """A pandas or polars ``DataFrame``."""

    @property
    def columns(self) -> Any:
        """The column names, in order."""

    def to_dict(self, *args: Any, **kwargs: Any) -> Any:
        """The columns as plain values (pandas: ``orient="list"``; polars: ``as_series=False``)."""


#: What `read_table` reads: a path, an open text or binary stream, rows as dicts
#: of column name to value, a pandas or polars DataFrame, or a pyarrow Table.
TableSource: TypeAlias = (
    str
    | os.PathLike[str]
    | IO[str]
    | IO[bytes]
    | ArrowTable
    | DataFrame
    | Iterable[Mapping[str, object]]
)
#: A table as `read_table` gives it: the header, and each row's cells with its line.
Table: TypeAlias = tuple[list[str], list[tuple[int, list[str]]]]


# -- escaping ------------------------------------------------------------------------------


#: ``2023-02-16``, optionally with a time of day (``T`` or a space before it, seconds
#: optionally with a fraction) and a UTC offset (``Z`` or ``+00:00``): what APIs,
#: spreadsheets and data frames write.
_ISO_DATE: Final = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[T ](?P<H>[0-9]{2}):(?P<M>[0-9]{2}):(?P<S>[0-9]{2})(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-](?P<zH>[0-9]{2}):(?P<zM>[0-9]{2}))?)?",
    re.ASCII,
)
_HOURS, _MINUTES = 24, 60


def iso_day(text: str) -> date | None:
    """
    The day of an ISO 8601 date or timestamp, None for any other text.

    Reads ``2023-02-16``, ``2023-02-16T00:00:00``, ``2023-02-16 00:00:00.000``,
    ``2023-02-16T00:00:00Z`` and ``2023-02-16 00:00:00+00:00``: the day is the
    date as written (no time zone is applied), and a time of day is dropped.
    """
    found = _ISO_DATE.fullmatch(text.strip())
    if found is None:
        return None
    if found["H"] is not None and not (
        int(found["H"]) < _HOURS and int(found["M"]) < _MINUTES and int(found["S"]) < _MINUTES
    ):
        return None
    if found["zH"] is not None and not (int(found["zH"]) < _HOURS and int(found["zM"]) < _MINUTES):
        return None
    try:
        return date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return None


def neutralise(text: str) -> str:
    """*text* with an apostrophe in front when a spreadsheet would run it (or it looks escaped)."""
    if text[:1] in FORMULA_STARTS or _escaped(text):
        return _ESCAPE + text
    return text


def _escaped(text: str) -> bool:
    return text[:1] == _ESCAPE and (text[1:2] in FORMULA_STARTS or text[1:2] == _ESCAPE)


def restore(text: str) -> str:
    """Undo `neutralise`: drop the apostrophe it put in front of a formula-like cell."""
    return text[1:] if _escaped(text) else text


def escape(text: str) -> str:
    """The cell written for *text*: a plain number as it is, anything else `neutralise`-d."""
    if text[:1] in FORMULA_STARTS and PLAIN_NUMBER.fullmatch(text):
        return text
    return neutralise(text)


def unescape(cell: str) -> str:
    """The text a written cell stands for; ``unescape(escape(t)) == t`` for every text."""
    return restore(cell)


# -- cell grammars -------------------------------------------------------------------------


def _refuse(column: str, text: str, what: str) -> ValidationError:
    return ValidationError([ErrorDetail(column, f"{describe(text)} is not {what}")])


def parse_count(text: str, column: str, maximum: int = MAX_COUNT) -> int | None:
    """
    A whole number from 0 to *maximum* in ASCII digits; None for a blank cell.

    Raises:
        ValidationError: Anything else (a sign, a fraction, ``_``, other digits), at *column*.
    """
    text = text.strip()
    if not text:
        return None
    what = f"a whole number from 0 to {maximum} (ASCII digits only)"
    if _COUNT.fullmatch(text) is None or len(text.lstrip("0")) > _COUNT_DIGITS:
        raise _refuse(column, text, what)
    value = int(text)
    if value > maximum:
        raise _refuse(column, text, what)
    return value


def parse_code(text: str, column: str, codes: Collection[int]) -> int | None:
    """
    One of *codes*, written as a count; None for a blank cell.

    Raises:
        ValidationError: Anything else, at *column*.
    """
    text = text.strip()
    if not text:
        return None
    shown = ", ".join(str(code) for code in sorted(codes))
    what = f"one of the codes {shown}"
    if _COUNT.fullmatch(text) is None or len(text) > _COUNT_DIGITS:
        raise _refuse(column, text, what)
    value = int(text)
    if value not in codes:
        raise _refuse(column, text, what)
    return value


def parse_coordinate(text: str, column: str) -> float | None:
    """
    Decimal degrees, ``-?[0-9]{1,3}(.[0-9]+)?``; None for a blank cell (the range is the model's).

    Raises:
        ValidationError: Anything else (exponents, ``nan``, other digits), at *column*.
    """
    text = text.strip()
    if not text:
        return None
    if _COORDINATE.fullmatch(text) is None:
        raise _refuse(column, text, "a decimal number of degrees such as -5.3")
    return float(text)


def plain_decimal(value: float) -> str:
    """*value* in the fixed notation `parse_coordinate` reads, the shortest that round-trips."""
    text = repr(value)
    if "e" not in text and "E" not in text:
        return text
    from decimal import Decimal  # noqa: PLC0415 - rare: only tiny or huge values

    fixed = format(Decimal(text), "f")
    return fixed if "." in fixed else fixed + ".0"


# -- reading -------------------------------------------------------------------------------


def is_blank(cells: Iterable[str]) -> bool:
    """True when every cell is empty or white space: such a row is no record and is skipped."""
    return not any(cell.strip() for cell in cells)


class _TooLongError(Exception):
    """A record ran past `MAX_RECORD` characters."""


class _Budget:
    """Characters read for the current record."""

    def __init__(self) -> None:
        self.used = 0


def _lines(stream: IO[str], budget: _Budget) -> Iterator[str]:
    """The physical lines of *stream*, never more than the record's budget allows."""
    while True:
        line = stream.readline(MAX_RECORD - budget.used + 1)
        if not line:
            return
        budget.used += len(line)
        if budget.used > MAX_RECORD:
            raise _TooLongError
        yield line


#: The delimiters a header line is looked at for, the first preferred on a tie.
DELIMITERS: Final = (",", ";", "\t")


def delimiter(line: str) -> str:
    """
    The delimiter of a table whose header line is *line*: the one of `DELIMITERS` most often there.

    Only characters outside double quotes count, so a quoted name holding a
    semicolon does not make the file semicolon-separated; data rows are never
    looked at. A header of one column (no delimiter at all) is comma-separated.
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(DELIMITERS, key=lambda found: counts[found])


def _read_text(stream: IO[str]) -> Table:
    if csv.field_size_limit() < MAX_CELL:
        csv.field_size_limit(MAX_CELL)
    budget = _Budget()
    lines = _lines(stream, budget)
    try:
        first = next(lines, "")
    except _TooLongError:
        raise ValidationError(
            [ErrorDetail("$", f"the record is longer than {MAX_RECORD} characters", line=1)]
        ) from None
    if not first:
        raise ValidationError([ErrorDetail("$", "the file is empty", line=1)])
    separator = delimiter(first)
    reader = csv.reader(itertools.chain([first], lines), delimiter=separator, strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            raise ValidationError([ErrorDetail("$", "the file is empty", line=1)])
        _check_cells(1, header)
        budget.used = 0
        line = reader.line_num + 1
        for row in reader:
            budget.used = 0
            _check_cells(line, row)
            if not is_blank(row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        if "field limit" in str(error):
            raise ValidationError(
                [ErrorDetail("$", f"a cell of more than {MAX_CELL} characters", line=line)]
            ) from None
        raise ValidationError(
            [ErrorDetail("$", f"not CSV: {error}", line=reader.line_num)]
        ) from None
    except _TooLongError:
        raise ValidationError(
            [ErrorDetail("$", f"the record is longer than {MAX_RECORD} characters", line=line)]
        ) from None
    return header, rows


def _check_cells(line: int, cells: list[str]) -> None:
    for position, cell in enumerate(cells):
        if len(cell) > MAX_CELL:
            raise ValidationError(
                [
                    ErrorDetail(
                        f"column {position + 1}",
                        f"a cell of more than {MAX_CELL} characters",
                        line=line,
                        column=position + 1,
                    )
                ]
            )


_WINDOWS_1252: Final = "conflict_events.windows-1252"


def _unassigned(error: UnicodeError) -> tuple[str, int]:
    """Read the five bytes Windows-1252 leaves unassigned as those code points, as browsers do."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return "".join(chr(byte) for byte in chunk), error.end


codecs.register_error(_WINDOWS_1252, _unassigned)


def _read_binary(stream: IO[bytes]) -> Table:
    """UTF-8 (a byte order mark is dropped), else Windows-1252, which decodes any byte."""
    if not stream.seekable():
        stream = io.BytesIO(stream.read())
    start = stream.tell()
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        return _read_text(wrapper)
    except UnicodeDecodeError:
        stream.seek(start)
    finally:
        wrapper.detach()
    wrapper = io.TextIOWrapper(stream, encoding="cp1252", errors=_WINDOWS_1252, newline="")
    try:
        return _read_text(wrapper)
    finally:
        wrapper.detach()


def read_table(source: TableSource) -> Table:
    """
    The header and the rows of a table, each row with the line it starts on.

    Cells are returned as written (see `unescape`); rows of blank cells are skipped.
    A text stream should be opened with ``newline=""``; a binary stream or a path
    is decoded as UTF-8, else Windows-1252 (any byte decodes). Rows as dicts and data frames are
    made cells by `table_cells`.

    Raises:
        ValidationError: The file is empty, is not CSV, or holds a cell or record
            beyond the bounds (on ``line`` N, paths ``$`` or ``column K``); a
            table in memory holds a value no CSV cell could.
        OSError: The file cannot be read.
    """
    if isinstance(source, (str, os.PathLike)):
        with open_input(source) as stream:
            return _read_binary(stream)
    # Told by their methods, so that pandas, polars and pyarrow stay optional and unimported.
    given: Any = source
    if hasattr(given, "read"):  # an open stream: text or bytes, told by what it gives
        if isinstance(given.read(0), bytes):
            return _read_binary(given)
        return _read_text(given)
    if hasattr(given, "to_pydict"):  # a pyarrow Table or RecordBatch
        columns = given.to_pydict()
        return table_cells([str(name) for name in columns], list(columns.values()))
    if hasattr(given, "to_arrow") and hasattr(given, "to_dict"):  # a polars DataFrame
        return _frame(given, given.to_dict(as_series=False))
    if hasattr(given, "to_dict") and hasattr(given, "columns"):  # a pandas DataFrame
        return _frame(given, given.to_dict(orient="list"), pandas=True)
    return _dict_rows(given)


def _frame(frame: DataFrame, values: Mapping[Any, list[Any]], *, pandas: bool = False) -> Table:
    """The cells of a data frame's columns (*values*, by name)."""
    header = [str(name) for name in frame.columns]
    if len(values) != len(header) or len(set(header)) != len(header):
        raise ValidationError([ErrorDetail("$", "the data frame has a column name twice", line=1)])
    if pandas:
        # pandas names a column whose header cell is empty "Unnamed: N" (N its position).
        header = ["" if name == f"Unnamed: {i}" else name for i, name in enumerate(header)]
    return table_cells(header, list(values.values()))


def _dict_rows(rows: Iterable[Mapping[str, object]]) -> Table:
    """The cells of rows given as dicts: the header is the first row's keys."""
    header: list[str] | None = None
    columns: list[list[object]] = []
    errors: list[ErrorDetail] = []
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise ValidationError(
                [
                    ErrorDetail(
                        "$",
                        f"row {index + 1} is {describe(row)}, not a dict of cells",
                        line=index + 2,
                    )
                ]
            )
        if header is None:
            header = list(row)
            if not all(isinstance(name, str) for name in header):
                raise ValidationError(
                    [
                        ErrorDetail(
                            "$", "every key of the rows must be a column name (a str)", line=1
                        )
                    ]
                )
            columns = [[] for _ in header]
        if len(row) != len(header) or any(name not in row for name in header):
            missing = [name for name in header if name not in row]
            extra = [name for name in row if name not in header]
            said = "; ".join(
                part
                for part in (
                    f"lacks {describe(missing)}" if missing else "",
                    f"has {describe(extra)} besides" if extra else "",
                )
                if part
            )
            errors.append(
                ErrorDetail(
                    "$",
                    f"row {index + 1} {said}: every row must have the first row's keys",
                    line=index + 2,
                )
            )
            if len(errors) >= _MAX_ERRORS:
                break
            continue
        for column, name in zip(columns, header, strict=True):
            column.append(row[name])
    if errors:
        raise ValidationError(errors)
    if header is None:
        raise ValidationError([ErrorDetail("$", "there are no rows, so no header", line=1)])
    return table_cells(header, columns)


_MAX_ERRORS: Final = 100


def table_cells(header: Sequence[str], columns: Sequence[Sequence[object]]) -> Table:
    """
    The CSV cells of a table in memory, given column by column.

    Text stays as it is; None, NaN and pandas' NA and NaT are blank; an integer
    is its digits; a float `plain_decimal`, except that in a column whose every
    float is whole (pandas makes a column of counts float when one is missing)
    each is written as the integer it is (``12``, not ``12.0``); a date or
    timestamp is its ISO text. A boolean, or any other value, is refused: no
    dataset column holds one. Row *i* (from 0) is on line *i* + 2.

    Raises:
        ValidationError: A value no cell can hold (at its column, on its line).
    """
    names = list(header)
    errors: list[ErrorDetail] = []
    texts: list[list[str]] = []
    for position, (name, values) in enumerate(zip(names, columns, strict=True)):
        whole = _all_whole(values)
        column: list[str] = []
        for index, value in enumerate(values):
            try:
                column.append(_cell(value, whole=whole))
            except TypeError as error:
                if len(errors) < _MAX_ERRORS:
                    errors.append(
                        ErrorDetail(
                            name or f"column {position + 1}",
                            str(error),
                            line=index + 2,
                            column=position + 1,
                        )
                    )
                column.append("")
        texts.append(column)
    if errors:
        raise ValidationError(errors)
    _check_cells(1, names)
    count = max((len(column) for column in texts), default=0)
    rows: list[tuple[int, list[str]]] = []
    for index in range(count):
        cells = [column[index] for column in texts]
        _check_cells(index + 2, cells)
        if not is_blank(cells):
            rows.append((index + 2, cells))
    return names, rows


def _all_whole(values: Iterable[object]) -> bool:
    """True when every finite non-integer-typed number among *values* is whole (``12.0``)."""
    for value in values:
        if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
            number = float(value)
            if math.isfinite(number) and not number.is_integer():
                return False
    return True


def _cell(value: object, *, whole: bool) -> str:
    """
    The CSV text of one value of a table in memory.

    Raises:
        TypeError: No cell can hold it (a boolean, a list...).
    """
    if value is None or type(value).__name__ in {"NAType", "NaTType"}:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or type(value).__name__ in {"bool", "bool_"}:
        raise TypeError(f"{describe(value)} is a boolean; no dataset column holds one")
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, Decimal):
        return "" if value.is_nan() else format(value, "f")
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return ""
        if whole and number.is_integer():
            return str(int(number))
        return plain_decimal(number)
    if isinstance(value, date):
        return str(value)
    raise TypeError(
        f"{describe(value)} is a {type(value).__name__}; a cell holds text, a number or a date"
    )


# -- writing -------------------------------------------------------------------------------


def record_fault(cells: Sequence[str]) -> str | None:
    """Why `read_table` could not read these written cells back, or None when it can."""
    for cell in cells:
        if len(cell) > MAX_CELL:
            return f"a cell of {len(cell)} characters; at most {MAX_CELL} are read"
        if not cell.isascii():
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                return f"{describe(cell)} holds a lone surrogate, which UTF-8 cannot carry"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    if len(buffer.getvalue()) > MAX_RECORD:
        return f"the record is longer than {MAX_RECORD} characters"
    if is_blank(cells):
        return "every cell of its row is blank"
    return None


def write_table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    target: str | os.PathLike[str] | IO[str],
) -> int:
    """
    Write *header* and *rows* (texts, in header order) as UTF-8 CSV, every cell `escape`-d.

    Returns:
        The number of rows written.
    """
    if isinstance(target, (str, os.PathLike)):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            return write_table(header, rows, stream)
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow([escape(name) for name in header])
    count = 0
    for row in rows:
        writer.writerow([escape(cell) for cell in row])
        count += 1
    return count
