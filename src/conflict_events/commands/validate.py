"""
``conflict-events validate PATH...``: check files, printing every error.

Each error is one line on standard output, ``PATH:LINE: path: message``, or
``PATH:LINE:COLUMN: path: message`` for a JSON document, whose faults are
placed at their member (the key of an unknown field, else the value), so that
editors can jump to them; a Parquet directory's are located by the path.
Each file's format is told from its suffix (a directory is Parquet) unless
``--format`` gives it; every readable format is checked. PATH ``-`` is
standard input, its format given by ``--format``.
``--error-format json`` prints one JSON array of ``{"file", "line", "column",
"path", "message"}`` objects instead (``--output json`` is its deprecated
spelling). ``--skip-invalid`` checks an ACLED or UCDP GED file as
``convert --skip-invalid`` reads it: each row that cannot be read is printed on
standard error (``PATH:LINE: column: message``) and the file counts as valid
when any row reads. Exit 0 when every file is valid, 1 when one is not, 2 on a
usage error or a file that cannot be read (it is reported as an error on line 1).
A file of a few MB or more shows a progress bar on standard error when it
is a terminal (extra ``progress``), never with ``--quiet``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from conflict_events._format_names import READABLE
from conflict_events.commands import COMMANDS, _common, _progress, _workers
from conflict_events.errors import ConflictEventsError, ErrorDetail

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``validate`` command."""
    parser = subparsers.add_parser(
        "validate",
        help=COMMANDS["validate"].help,
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--format", choices=READABLE, help="default: from the extension")
    parser.add_argument(
        "--error-format",
        dest="error_format",
        choices=("text", "json"),
        default=None,
        help="text: one PATH:LINE: path: message line per error (default); json: one array",
    )
    parser.set_defaults(old_error_format=None)
    # ``--output text`` / ``--output json`` still mean --error-format (deprecated); any
    # other value is the file to write the report to.
    _common.add_output_option(parser)
    parser.add_argument(
        "--workers",
        type=_workers.workers,
        metavar="N",
        help="check partitions (JSON Lines files, Parquet directories) on N Dask processes",
    )
    _common.add_read_options(parser)
    parser.set_defaults(run=run)


def _rows(path: str, errors: list[ErrorDetail]) -> list[dict[str, Any]]:
    """One row per error: its line (1 for a fault of the whole document), column and path."""
    return [
        {
            "file": path,
            "line": error.line or 1,
            "column": error.column,
            "path": error.path,
            "message": error.message,
        }
        for error in errors
    ]


def _in_characters(path: str, given: str | None) -> bool:
    """True when *path*'s columns count characters (a JSON document), not CSV cells."""
    from conflict_events.formats.files import detect_format  # noqa: PLC0415 - loaded when used

    try:
        return detect_format(path, given) == "json"
    except ConflictEventsError:
        return False


def _line(row: dict[str, Any], characters: bool) -> str:
    """``PATH:LINE: path: message``, with ``COLUMN:`` after LINE where it counts characters."""
    where = f"{row['file']}:{row['line']}:"
    if characters and row["column"] is not None:
        where += f"{row['column']}:"
    return f"{where} {row['path']}: {row['message']}"


def run(arguments: argparse.Namespace) -> int:
    """Check every path: exit 0 when all are valid, 1 when one is not, 2 if one is unreadable."""
    from conflict_events.formats.files import InputError, check_path  # noqa: PLC0415

    if arguments.old_error_format is not None:
        print(
            "warning: validate --output text|json is deprecated; use --error-format "
            "(-o/--output FILE writes the report to FILE; for a file called text or json, "
            "give ./text or ./json)",
            file=sys.stderr,
        )
    arguments.error_format = arguments.error_format or arguments.old_error_format or "text"
    if arguments.workers is not None:
        return _workers.validate(arguments)
    found: list[tuple[dict[str, Any], bool]] = []
    unreadable = False
    options = _common.read_options(arguments)
    for path in arguments.paths:
        try:
            with (
                _common.skipped_rows(arguments, path) as skipped,
                _progress.file_bar(arguments, path) as progress,
            ):
                errors = check_path(path, arguments.format, progress=progress, options=options)
        except ConflictEventsError as error:
            unreadable = unreadable or isinstance(error, InputError)
            errors = [ErrorDetail("$", str(error).removeprefix(f"{path}: "))]
        else:
            if skipped.nothing_imported:
                errors = [ErrorDetail("$", "no row can be read (--skip-invalid skipped them all)")]
        _common.note(arguments, f"{path}: {len(errors)} error(s)", verbose=True)
        characters = _in_characters(path, arguments.format)
        found.extend((row, characters) for row in _rows(path, errors))
    if arguments.error_format == "json":
        print(json.dumps([row for row, _ in found], ensure_ascii=False, indent=2))
    else:
        for row, characters in found:
            print(_line(row, characters))
    return 2 if unreadable else 1 if found else 0
