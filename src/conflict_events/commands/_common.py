"""
What every subcommand shares: ``-q``/``-v``, the exit codes in its help, and its messages.

`finish` is applied by `conflict_events.cli` to every registered subcommand,
so a new command gets them without asking. Messages (`note`) go to standard
error and are silenced by ``--quiet``; errors never are. Help text is plain
text: the reST quoting of docstrings is taken out (`plain`). A command that
reads a dataset takes the CSV options of `add_read_options` (``--skip-invalid``,
``--dayfirst``/``--monthfirst``) and reads under `skipped_rows`, which prints
each row left out. The module imports no format at module level: every
command's parser is finished with it, also when only its line of help is listed.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from conflict_events.formats.dataset_table import ReadOptions, SkippedRowsWarning
    from conflict_events.formats.tables import LossReport

__all__ = [
    "EXIT_CODES",
    "Skipped",
    "add_read_options",
    "finish",
    "loss_summary",
    "note",
    "plain",
    "read_options",
    "report_losses",
    "skipped_rows",
]

#: The exit codes of every command, as its ``--help`` ends.
EXIT_CODES: Final = """\
exit status:
  0    success
  1    invalid data (every error is printed)
  2    usage error, or an input that cannot be read (missing, unreadable,
       or - without its format)
  130  interrupted (Ctrl-C); 128+N on signal N

PATH, IN or OUT may be - for standard input or output; its format is then
given by --from, --to or --format."""

_QUOTES = re.compile(r"``?([^`]*)``?")
_INDEX = re.compile(r"\[\d+\]")


def plain(text: str | None) -> str | None:
    """*text* without reST quoting (``code`` and `role` become code and role)."""
    return None if text is None else _QUOTES.sub(r"\1", text)


def finish(parser: argparse.ArgumentParser) -> None:
    """Give a subcommand's *parser* ``-q``/``-v``, the exit codes, and plain help text."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "-q",
        "--quiet",
        dest="verbosity",
        action="store_const",
        const=-1,
        default=0,
        help="print nothing but errors (and the output asked for)",
    )
    group.add_argument(
        "-v",
        "--verbose",
        dest="verbosity",
        action="store_const",
        const=1,
        help="say more: every value a table cannot hold, each file checked",
    )
    parser.description = plain(parser.description)
    for action in parser._actions:  # noqa: SLF001 - argparse has no public list of them
        action.help = plain(action.help)
    parser.epilog = EXIT_CODES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """
    Give a command that prints one output ``-o/--output FILE``: write it to FILE instead.

    The command line (`conflict_events.cli`) writes FILE whole once the
    command has finished, through the atomic writer, so a failed run leaves
    FILE as it was; errors and notes still go to standard error.
    """
    parser.add_argument(
        "-o",
        "--output",
        dest="output_file",
        metavar="FILE",
        action=_OutputFile,
        help="write the output to FILE (replaced whole when the command ends) instead of "
        "standard output",
    )


class _OutputFile(argparse.Action):
    """``-o FILE``; for ``validate``, ``--output text|json`` is the old spelling of a format."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        del parser, option_string
        if hasattr(namespace, "old_error_format") and values in ("text", "json"):
            namespace.old_error_format = values
            return
        setattr(namespace, self.dest, values)


def note(
    arguments: argparse.Namespace, text: str, *, verbose: bool = False, stdout: bool = False
) -> None:
    """
    Print a message on standard error (*stdout*: output), unless ``--quiet``.

    With *verbose* only under ``--verbose``.
    """
    level = getattr(arguments, "verbosity", 0)
    if level >= (1 if verbose else 0):
        print(text, file=sys.stdout if stdout else sys.stderr)


def loss_summary(report: LossReport) -> str:
    """One line per field a table cannot hold, with how many values: the default loss report."""
    fields = Counter(_INDEX.sub("[]", loss.path) for loss in report.losses)
    head = (
        f"{len(report)} value(s) {report.format} cannot hold "
        "(--verbose lists each, --loss-report FILE writes them):"
    )
    return "\n".join([head, *(f"  {field}: {count} value(s)" for field, count in fields.items())])


def report_losses(arguments: argparse.Namespace, report: LossReport | None) -> None:
    """Say what a table could not hold: a summary, the full list with ``--verbose``."""
    if not report:
        return
    if getattr(arguments, "verbosity", 0) > 0:
        note(arguments, str(report))
    else:
        note(arguments, loss_summary(report))


def add_read_options(parser: argparse.ArgumentParser) -> None:
    """Give a command that reads datasets ``--skip-invalid`` and ``--dayfirst``/``--monthfirst``."""
    parser.add_argument(
        "--skip-invalid",
        dest="skip_invalid",
        action="store_true",
        help="ACLED/UCDP GED CSV: import the valid rows, print each row left out "
        "on standard error as PATH:LINE: column: message (exit 0 if any row is imported)",
    )
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst",
        dest="dayfirst",
        action="store_const",
        const=True,
        default=None,
        help="ACLED CSV: read every slash date as dd/mm/yyyy (a file's dates are "
        "read so by default, and refused when one can only be month first)",
    )
    order.add_argument(
        "--monthfirst",
        dest="dayfirst",
        action="store_const",
        const=False,
        help="ACLED CSV: read every slash date as mm/dd/yyyy",
    )


def read_options(arguments: argparse.Namespace) -> ReadOptions:
    """The `ReadOptions` the command line asks for (`add_read_options`)."""
    from conflict_events.formats.dataset_table import ReadOptions  # noqa: PLC0415 - loaded when used

    skip = bool(getattr(arguments, "skip_invalid", False))
    dayfirst = getattr(arguments, "dayfirst", None)
    return ReadOptions(on_error="skip" if skip else "raise", dayfirst=dayfirst)


class Skipped:
    """The rows a read left out (``--skip-invalid``), as `skipped_rows` found them."""

    def __init__(self) -> None:
        self.reports: list[SkippedRowsWarning] = []

    @property
    def nothing_imported(self) -> bool:
        """True when rows were left out and not one event was read."""
        return any(report.imported == 0 for report in self.reports)


@contextlib.contextmanager
def skipped_rows(arguments: argparse.Namespace, path: str) -> Iterator[Skipped]:
    """
    Read inside: print each row left out as ``PATH:LINE: column: message`` on standard error.

    The lines are printed even with ``--quiet`` (they say what was not
    imported); the count of rows and events is a note. Other warnings pass
    through as they are.
    """
    from conflict_events.formats.dataset_table import SkippedRowsWarning  # noqa: PLC0415

    found = Skipped()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SkippedRowsWarning)
        yield found
    for warning in caught:
        message = warning.message
        if not isinstance(message, SkippedRowsWarning):
            warnings.warn_explicit(message, warning.category, warning.filename, warning.lineno)
            continue
        found.reports.append(message)
        for detail in message.skipped:
            print(f"{path}:{detail.line or 1}: {detail.path}: {detail.message}", file=sys.stderr)
        rows = len({detail.line for detail in message.skipped})
        note(
            arguments,
            f"{path}: {rows} row(s) skipped (--skip-invalid), {message.imported:,} event(s) read",
        )
