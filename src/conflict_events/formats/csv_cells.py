"""
CSV cells: reading files as real exports come, and writing cells spreadsheets cannot run.

`read_table` accepts UTF-8 (with or without a byte order mark) and falls back to
Windows-1252, the encoding of older ACLED files; line ends may be CRLF or LF
and quoted fields may hold newlines and doubled quotes. `neutralise` prefixes a
text cell that a spreadsheet would read as a formula (one starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) with an apostrophe, and
`restore` removes it again, so that ``restore(neutralise(text)) == text`` for
every text.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Final

from conflict_events.errors import ErrorDetail, ValidationError

__all__ = ["FORMULA_STARTS", "neutralise", "read_table", "restore", "write_table"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS: Final = frozenset("=+-@\t\r")
_ESCAPE: Final = "'"


def neutralise(text: str) -> str:
    """*text* with an apostrophe in front when a spreadsheet would run it (or it looks escaped)."""
    if text[:1] in FORMULA_STARTS or (text[:1] == _ESCAPE and _escaped(text)):
        return _ESCAPE + text
    return text


def _escaped(text: str) -> bool:
    return text[:1] == _ESCAPE and (text[1:2] in FORMULA_STARTS or text[1:2] == _ESCAPE)


def restore(text: str) -> str:
    """Undo `neutralise`: drop the apostrophe it put in front of a formula-like cell."""
    return text[1:] if _escaped(text) else text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_table(path: str | os.PathLike[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """
    The header and the rows of a CSV file, each row with the line it starts on.

    Raises:
        ValidationError: The file is empty or is not CSV (paths ``line N: $``).
        OSError: The file cannot be read.
    """
    text = _decode(Path(path).read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise ValidationError([ErrorDetail("line 1: $", "the file is empty")])
        line = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise ValidationError(
            [ErrorDetail(f"line {reader.line_num}: $", f"not CSV: {error}")]
        ) from None
    return header, rows


def write_table(
    header: Sequence[str],
    rows: Iterable[Mapping[str, str]],
    target: str | os.PathLike[str] | IO[str],
    *,
    text_columns: frozenset[str],
) -> int:
    """
    Write rows under *header* as UTF-8 CSV; cells of *text_columns* are neutralised.

    Returns:
        The number of rows written.
    """
    if isinstance(target, (str, os.PathLike)):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            return write_table(header, rows, stream, text_columns=text_columns)
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(
            [
                neutralise(row.get(name, "")) if name in text_columns else row.get(name, "")
                for name in header
            ]
        )
        count += 1
    return count
