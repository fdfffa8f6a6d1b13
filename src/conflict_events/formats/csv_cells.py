r"""
CSV cells: reading files as real exports come, and writing cells spreadsheets cannot run.

Reading. `read_table` accepts UTF-8 (with or without a byte order mark) and falls
back to Windows-1252, the encoding of older ACLED files (then Latin-1, which
decodes any byte); line ends may be CRLF or LF and quoted fields may hold
newlines and doubled quotes. It is bounded: no cell may hold more than
`MAX_CELL` characters and no record more than `MAX_RECORD`, and it never reads
more than one record past these bounds into memory; a larger one is a
`ValidationError` at its line.

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

import csv
import io
import os
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Final

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.model.fields import MAX_COUNT

__all__ = [
    "FORMULA_STARTS",
    "MAX_CELL",
    "MAX_RECORD",
    "PLAIN_NUMBER",
    "TableSource",
    "escape",
    "is_blank",
    "neutralise",
    "parse_code",
    "parse_coordinate",
    "parse_count",
    "plain_decimal",
    "read_table",
    "record_fault",
    "restore",
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

#: What `read_table` reads: a path, or an open text or binary stream.
TableSource = str | os.PathLike[str] | IO[str] | IO[bytes]


# -- escaping ------------------------------------------------------------------------------


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


def _read_text(stream: IO[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if csv.field_size_limit() < MAX_CELL:
        csv.field_size_limit(MAX_CELL)
    budget = _Budget()
    reader = csv.reader(_lines(stream, budget), strict=True)
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


_ENCODINGS: Final = ("utf-8-sig", "cp1252", "latin-1")


def _read_binary(stream: IO[bytes]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    if not stream.seekable():
        stream = io.BytesIO(stream.read())
    start = stream.tell()
    for encoding in _ENCODINGS[:-1]:
        wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
        try:
            return _read_text(wrapper)
        except UnicodeDecodeError:
            stream.seek(start)
        finally:
            wrapper.detach()
    wrapper = io.TextIOWrapper(stream, encoding=_ENCODINGS[-1], newline="")
    try:
        return _read_text(wrapper)
    finally:
        wrapper.detach()


def read_table(source: TableSource) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """
    The header and the rows of a CSV file, each row with the line it starts on.

    Cells are returned as written (see `unescape`); rows of blank cells are skipped.
    A text stream should be opened with ``newline=""``; a binary stream or a path
    is decoded as UTF-8, else Windows-1252, else Latin-1.

    Raises:
        ValidationError: The file is empty, is not CSV, or holds a cell or record
            beyond the bounds (on ``line`` N, paths ``$`` or ``column K``).
        OSError: The file cannot be read.
    """
    if isinstance(source, (str, os.PathLike)):
        with Path(source).open("rb") as stream:
            return _read_binary(stream)
    if isinstance(source.read(0), bytes):
        return _read_binary(source)  # type: ignore[arg-type]
    return _read_text(source)  # type: ignore[arg-type]


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
