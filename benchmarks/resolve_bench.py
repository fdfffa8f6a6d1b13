"""Relative dates: `resolve` on a mixed list of 1,000 report phrases (a script, not a test).

The list mixes every family docs/temporal.md documents (written days in each
style, months, seasons, ranges, weekdays, parts of periods, counted offsets,
decades, ordinals) with a share of texts that must be refused, drawn with a
fixed seed against varied reference dates. Each round resolves the whole list
once (refusals count as calls: they cost as much to decide); the report gives
the median and range of calls per second over the rounds, with the cyclic
garbage collector on, as a caller has it. The goal is at least 20,000 calls/s.

    python benchmarks/resolve_bench.py [--phrases 1000] [--rounds 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta

from conflict_events.temporal import TemporalError, resolve

#: Phrases of every family, each read against any reference date.
FAMILIES = (
    "last June", "mid-December", "early 2016", "late last year", "the summer of 2014",
    "last winter", "early spring", "for over two years now", "two weeks ago",
    "about a year ago", "a fortnight ago", "the day before yesterday", "in recent weeks",
    "the past two weeks", "in the last 48 hours", "on Tuesday", "last Tuesday",
    "Tuesday night", "this weekend", "last weekend", "the end of the month",
    "the beginning of the year", "the middle of the week", "the first half of 2016",
    "H1 2016", "Q3 2016", "the third quarter", "earlier this year", "the turn of the year",
    "13-15 July", "July 13-15", "13 to 15 July", "between 3 and 5 June",
    "from March to May 2016", "March-April 2016", "mid- to late December", "the 1990s",
    "the early 1990s", "the late nineties", "last decade", "the first Tuesday of October",
    "the second of December", "the 3rd", "since June 2014", "before 2015", "yesterday",
    "2016-11", "2015-05/2016-03",
)  # fmt: skip
#: Texts that must be refused: a wrong date is worse than a refusal.
REFUSED = ("3 30", "at 1030", "20170204", "the day after never", "Monday, Feb 18 2017")
#: How each written day is spelled.
STYLES = (
    "{d} {month} {y}", "{month} {d}, {y}", "{y}-{m:02}-{d:02}", "{d} {mon} {yy:02}",
    "{weekday}, {d} {month} {y}",
)  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def phrases(count: int, seed: int) -> list[tuple[str, date]]:
    """*count* (text, reference) pairs: a third written days, most of the rest the families."""
    rng = random.Random(seed)
    found: list[tuple[str, date]] = []
    for _ in range(count):
        reference = date(2005, 1, 1) + timedelta(days=rng.randrange(6000))
        kind = rng.random()
        if kind < 0.33:
            day = reference - timedelta(days=rng.randrange(1, 900))
            text = rng.choice(STYLES).format(
                d=day.day,
                m=day.month,
                y=day.year,
                yy=day.year % 100,
                month=MONTHS[day.month - 1],
                mon=MONTHS[day.month - 1][:3],
                weekday=WEEKDAYS[day.weekday()],
            )
        elif kind < 0.95:
            text = rng.choice(FAMILIES)
        else:
            text = rng.choice(REFUSED)
        found.append((text, reference))
    return found


def one_round(work: list[tuple[str, date]]) -> tuple[float, int]:
    """Seconds to resolve every phrase once, and how many were refused."""
    refused = 0
    started = time.perf_counter()
    for text, reference in work:
        try:
            resolve(text, reference)
        except TemporalError:
            refused += 1
    return time.perf_counter() - started, refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--phrases", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args(argv)
    work = phrases(arguments.phrases, arguments.seed)
    one_round(work)  # warm the caches the rules keep, as a long-running caller has them
    rates = []
    refused = 0
    for _ in range(arguments.rounds):
        seconds, refused = one_round(work)
        rates.append(len(work) / seconds)
    report = {
        "phrases": len(work),
        "refused": refused,
        "rounds": arguments.rounds,
        "calls_per_second_median": round(statistics.median(rates)),
        "calls_per_second_range": [round(min(rates)), round(max(rates))],
        "goal_calls_per_second": 20_000,
        "python": platform.python_version(),
    }
    if arguments.json:
        print(json.dumps(report, indent=2))
    else:
        low, high = report["calls_per_second_range"]
        print(
            f"resolve: {report['calls_per_second_median']:,} calls/s (range {low:,}-{high:,}) "
            f"on {len(work):,} phrases, {refused} refused; goal 20,000"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
