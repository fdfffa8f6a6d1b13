"""``conflict-events resolve TEXT --reference DATE``: a report's time expression as bounds."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from conflict_events.commands import COMMANDS, _common
from conflict_events.errors import ConflictEventsError

if TYPE_CHECKING:
    from conflict_events.temporal import FuzzyDate

__all__ = ["register", "run"]


def iso_date(text: str) -> date:
    """An ISO calendar date (YYYY-MM-DD) from the command line; a usage error otherwise."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date of the form YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def register(subparsers: Any) -> None:
    """Add the ``resolve`` subcommand."""
    parser = subparsers.add_parser(
        "resolve",
        help=COMMANDS["resolve"].help,
        description="Resolve a report's time expression ('last June', 'mid-December', "
        "'for over two years now') against the report's date: bounds, EDTF and the rule.",
    )
    parser.add_argument("text", metavar="TEXT", help="the expression, e.g. 'mid-December'")
    parser.add_argument(
        "--reference",
        metavar="DATE",
        type=iso_date,
        required=True,
        help="the report's date, YYYY-MM-DD",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _common.add_output_option(parser)
    parser.set_defaults(run=run)


def _bound(day: date) -> str | None:
    from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START  # noqa: PLC0415

    return None if day in {UNBOUNDED_START, UNBOUNDED_END} else day.isoformat()


def _date_fields(value: FuzzyDate) -> dict[str, Any]:
    return {
        "earliest": _bound(value.earliest),
        "latest": _bound(value.latest),
        "edtf": value.to_edtf(),
    }


def run(arguments: argparse.Namespace) -> int:
    """Print the resolution of ``arguments.text``; exit 1 on text no rule reads."""
    from conflict_events.temporal import RULES, Span, TemporalError, explain  # noqa: PLC0415

    try:
        resolution = explain(arguments.text, arguments.reference)
    except TemporalError as error:
        raise ConflictEventsError(f"cannot resolve {error}") from None
    value = resolution.value
    answer: dict[str, Any] = {
        "text": arguments.text,
        "reference": arguments.reference.isoformat(),
        "edtf": value.to_edtf(),
        "rules": list(resolution.rules),
        "meaning": {rule.name: rule.meaning for rule in RULES}.get(resolution.rule),
    }
    if isinstance(value, Span):
        answer["kind"] = "span"
        answer["start"] = _date_fields(value.start)
        answer["end"] = None if value.end is None else _date_fields(value.end)
    else:
        answer["kind"] = "date"
        answer.update(_date_fields(value))
    if arguments.format == "json":
        print(json.dumps(answer, indent=2))
        return 0
    print(f"text:      {arguments.text}")
    print(f"reference: {answer['reference']}")
    if isinstance(value, Span):
        start = answer["start"]
        print(f"start:     earliest {start['earliest'] or 'unbounded'}, latest {start['latest']}")
        if value.end is None:
            print("end:       open (still going on at the reference date)")
        else:
            print(
                f"end:       earliest {answer['end']['earliest']}, latest {answer['end']['latest']}"
            )
        shortest = value.shortest(arguments.reference).days
        longest = value.longest(arguments.reference)
        print(
            f"lasted:    at least {shortest} days, "
            + ("no upper bound" if longest is None else f"at most {longest.days} days")
            + f" by {answer['reference']}"
        )
    else:
        print(f"earliest:  {answer['earliest'] or 'unbounded'}")
        print(f"latest:    {answer['latest'] or 'unbounded'}")
    print(f"edtf:      {answer['edtf']}")
    print(f"rule:      {' > '.join(resolution.rules)}: {answer['meaning']}")
    return 0
