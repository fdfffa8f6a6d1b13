"""
``conflict-events timeline``: who controlled what, when, with the uncertainty shown.

Runs on the built-in example (`conflict_events.examples.dataset`) when no PATH
is given. ``--at`` answers for one day; ``--format json`` with ``--at`` prints the
single object DESIGN.md specifies; ``--plot`` draws the timelines (extra ``plot``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import textwrap
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from conflict_events.commands.resolve import iso_date
from conflict_events.errors import ConflictEventsError
from conflict_events.formats import from_json
from conflict_events.formats.atomic import atomic_path, output_kind
from conflict_events.formats.files import check_in_and_out, read_bytes
from conflict_events.model import (
    ControlChange,
    ControlStatus,
    Dataset,
    Estimate,
    EstimateQualifier,
    Location,
    Siege,
)
from conflict_events.reasoning import (
    DEFAULT_HORIZON_DAYS,
    ControlAnswer,
    ControlTimeline,
    Holding,
    SiegePhase,
    Timelines,
    siege_duration,
    siege_status,
)
from conflict_events.reasoning.evidence import status_span
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate

__all__ = ["answer_object", "draw", "find_location", "load", "register", "run"]

PLOT_HINT = "pip install 'conflict-events[plot]'"


def register(subparsers: Any) -> None:
    """Add the ``timeline`` subcommand."""
    parser = subparsers.add_parser(
        "timeline",
        help="who controlled what, when (the built-in example without PATH)",
        description="Control timelines: who held each place, from when to when, with the "
        "uncertainty of every change. Without PATH, runs on the built-in example (the "
        "report of 4 February 2017 on Iraq and Syria).",
    )
    parser.add_argument("path", metavar="PATH", nargs="?", help="a JSON dataset file")
    parser.add_argument("--location", metavar="NAME", help="a place's name, alias or id (any case)")
    parser.add_argument("--at", metavar="DATE", type=iso_date, help="the day to ask about")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--horizon",
        metavar="DAYS",
        type=_days,
        default=DEFAULT_HORIZON_DAYS,
        help=f"how far evidence reaches before and after itself (default {DEFAULT_HORIZON_DAYS})",
    )
    parser.add_argument(
        "--plot", metavar="FILE", help="draw the timelines to FILE.svg or FILE.png (matplotlib)"
    )
    parser.set_defaults(run=run)


def _days(text: str) -> int:
    """A horizon given on the command line: a whole number of days, 1 or more."""
    if not text.isascii() or not text.isdigit() or int(text) < 1 or len(text) > 6:  # noqa: PLR2004
        msg = f"{text[:20]!r} is not a number of days from 1 to 999999"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def load(path: str | None) -> Dataset:
    """The dataset in the JSON file at *path*, or the built-in example when None."""
    if path is None:
        from conflict_events.examples import dataset  # noqa: PLC0415 - only when asked for

        return dataset()
    try:
        data = read_bytes(path)
    except ConflictEventsError as error:
        raise ConflictEventsError(f"cannot read {error}") from None
    return from_json(data, Dataset)


def find_location(data: Dataset, name: str) -> Location:
    """
    The one location called *name* (name, alias or id, any case).

    Raises:
        ConflictEventsError: no location or several have that name; close names
            are suggested.
    """
    found = data.find_locations(name)
    if not found:
        found = [loc for loc in data.locations if loc.id.casefold() == name.casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        ids = ", ".join(loc.id for loc in found)
        raise ConflictEventsError(f"{name!r} names several locations ({ids}); give the id")
    names = {n.casefold(): n for loc in data.locations for n in (loc.id, *loc.names)}
    close = difflib.get_close_matches(name.casefold(), list(names), n=5, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(names[c]) for c in close)}?" if close else ""
    raise ConflictEventsError(f"no location named {name!r}{hint}")


def _ref(data: Dataset, ident: str) -> dict[str, str]:
    try:
        return {"id": ident, "name": data.actor(ident).name}
    except KeyError:
        return {"id": ident, "name": ident}


def answer_object(data: Dataset, answer: ControlAnswer) -> dict[str, Any]:
    """
    The JSON object DESIGN.md specifies for one ``--at`` answer, and how strong it is.

    Beside the specified keys: each holder's probability (``id`` null for
    unknown), the last known holder with the date of that evidence and its
    distance in days, and the horizon beyond which nothing is known.
    """
    location = data.location(answer.location)
    return {
        "location": {"id": location.id, "name": location.name},
        "at": answer.at.isoformat(),
        "controller": None if answer.controller is None else _ref(data, answer.controller),
        "candidates": [_ref(data, ident) for ident in answer.candidates],
        "certain": answer.certain,
        "probabilities": [
            {
                **(_ref(data, ident) if ident is not None else {"id": None, "name": "unknown"}),
                "probability": round(probability, 6),
            }
            for ident, probability in answer.probabilities.items()
        ],
        "last_known": None if answer.last_known is None else _ref(data, answer.last_known),
        "evidence_date": None if answer.evidence_date is None else answer.evidence_date.isoformat(),
        "distance_days": answer.distance_days,
        "horizon_days": answer.horizon_days,
    }


def _shown(data: Dataset, timelines: Timelines, location: Location | None) -> list[Location]:
    """The locations to show: the one asked for, or each with its own change, status or siege."""
    if location is not None:
        return [location]
    besieged = {event.location for event in data.events if isinstance(event, Siege)}
    return [
        loc
        for loc in data.locations
        if (timelines.timeline(loc.id).own and loc.id in timelines.timelines)
        or timelines.timeline(loc.id).statuses
        or loc.id in besieged
    ]


def _sieges(data: Dataset, location: str) -> list[Siege]:
    return [
        event
        for event in data.events
        if isinstance(event, Siege) and location in {event.location, *event.other_locations}
    ]


def _last_report(data: Dataset, siege: Siege) -> date | None:
    """The latest day a source of *siege* speaks of it: when it was last known to go on."""
    days = []
    for attribution in siege.attributions:
        if attribution.stated is not None:
            days.append(attribution.stated.latest)
        elif attribution.source is not None:
            published = data.source(attribution.source).published
            if published is not None:
                days.append(published.latest)
    return max(days, default=None)


def _estimate(value: Estimate | None) -> str:
    if value is None:
        return "unknown"
    words = {
        EstimateQualifier.APPROXIMATELY: "about",
        EstimateQualifier.AT_LEAST: "at least",
        EstimateQualifier.MORE_THAN: "more than",
        EstimateQualifier.AT_MOST: "at most",
        EstimateQualifier.FEWER_THAN: "fewer than",
    }
    figure = f"{value.point:,}"
    if value.low is not None and value.high is not None and value.low != value.high:
        figure = f"{value.low:,}-{value.high:,}"
    word = words.get(value.qualifier)
    return f"{word} {figure}" if word else figure


def _years(days: int) -> str:
    whole = int(days // 365.25)
    return f" (over {whole} year{'s' if whole > 1 else ''})" if whole else ""


def _siege_object(data: Dataset, siege: Siege) -> dict[str, Any]:
    last = _last_report(data, siege)
    lasted = siege_duration(siege, last) if last is not None else None
    return {
        "id": siege.id,
        "besiegers": [_ref(data, ident) for ident in siege.besiegers],
        "besieged": [_ref(data, ident) for ident in siege.besieged],
        "when": siege.when.to_edtf(),
        "last_reported": None if last is None else last.isoformat(),
        "shortest_days": None if lasted is None else lasted.shortest.days,
        "longest_days": None if lasted is None or lasted.longest is None else lasted.longest.days,
    }


def _siege_lines(data: Dataset, location: str, at: date | None) -> list[str]:
    """One line per siege of *location*: who, since when, how long at least, civilians inside."""
    lines = []
    for siege in _sieges(data, location):
        besiegers = _names(data, siege.besiegers).replace(" or ", " and ")
        besieged = _names(data, siege.besieged).replace(" or ", " and ") if siege.besieged else ""
        text = f"  siege ({siege.id}): {besiegers} besieging"
        text += f" {besieged}" if besieged else f" {data.location(siege.location or location).name}"
        start = siege.start
        since = (
            f"on or before {start.latest.isoformat()}"
            if start.earliest == UNBOUNDED_START
            else _window(start, "?")
        )
        text += f", since {since}"
        last = _last_report(data, siege)
        if siege.end is not None:
            text += f", until {_window(siege.end, '?')}"
        elif last is not None:
            text += f", still going on when last reported ({last.isoformat()})"
        reference = at if at is not None else last
        if at is not None:
            phase = siege_status(siege, at, last)
            text += f"; on {at.isoformat()}: {phase.value.replace('_', ' ')}"
            if last is not None and siege.end is None:
                reference = min(at, last)
        if (
            reference is not None
            and siege_status(siege, reference, last) is not SiegePhase.NOT_STARTED
        ):
            lasted = siege_duration(siege, reference)
            text += (
                f"; by {reference.isoformat()} it had lasted at least {lasted.shortest.days} days"
                f"{_years(lasted.shortest.days)}"
            )
            if lasted.longest is not None:
                text += f", at most {lasted.longest.days} days"
        if siege.civilian_population is not None:
            text += f"; civilians inside: {_estimate(siege.civilian_population)}"
        lines.append(text)
    return lines


def _status_text(data: Dataset, status: ControlStatus) -> str:
    """One reported status as a line: who holds it, when, and who contests it."""
    text = f"reported: held by {_names(data, (status.holder,))} during {status.when.to_edtf()}"
    if status.contested_by:
        text += f", contested by {_names(data, status.contested_by)}"
    return f"{text} ({status.id})"


def _names(data: Dataset, holders: tuple[str, ...]) -> str:
    if not holders:
        return "unknown"
    return " or ".join(_ref(data, ident)["name"] for ident in holders)


def _window(value: FuzzyDate | None, open_text: str) -> str:
    if value is None:
        return open_text
    if value.is_exact:
        return value.earliest.isoformat()
    low = "..." if value.earliest == UNBOUNDED_START else value.earliest.isoformat()
    high = "..." if value.latest == UNBOUNDED_END else value.latest.isoformat()
    return f"{low}..{high} ({value.days} days)"


def _holding_row(data: Dataset, holding: Holding) -> tuple[str, str, str, str]:
    notes = []
    if not holding.certain:
        notes.append("holder uncertain")
    if not holding.ordered:
        notes.append("order of changes undecided")
    if holding.inherited and holding.started_by is not None and holding.started_by.location:
        notes.append(f"as part of {data.location(holding.started_by.location).name}")
    if holding.started_by is not None:
        notes.append(holding.started_by.id)
    return (
        _names(data, holding.holders),
        _window(holding.start, "(before the record)"),
        _window(holding.end, "(still held at last record)"),
        "; ".join(notes),
    )


def _table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    header = ("holder", "from (window of the change)", "to (window of the next change)", "notes")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        cells = [row[i].ljust(widths[i]) for i in range(3)]
        lines.append(("  " + "  ".join(cells) + "  " + row[3]).rstrip())
    return lines


def _share(answer: ControlAnswer, ident: str | None) -> str:
    return f"p={answer.probabilities.get(ident, 0.0):.2f}"


def _answer_text(data: Dataset, answer: ControlAnswer) -> str:
    name = data.location(answer.location).name
    day = answer.at.isoformat()
    if answer.certain:
        text = f"{name} on {day}: {_names(data, answer.candidates)} (certain)"
    elif answer.last_known is not None and answer.evidence_date is not None:
        holder = _names(data, (answer.last_known,))
        when = f"evidence of {answer.evidence_date.isoformat()}, {answer.distance_days} days away"
        if answer.known:
            share = _share(answer, answer.last_known)
            text = f"{name} on {day}: last known {holder} ({when}; {share}, not certain)"
        else:
            text = (
                f"{name} on {day}: unknown (last known {holder}, {when}: "
                f"beyond the horizon of {answer.horizon_days} days)"
            )
    elif not answer.known:
        return f"{name} on {day}: no record"
    else:
        each = ", ".join(
            f"{_names(data, (candidate,))} ({_share(answer, candidate)})"
            for candidate in answer.candidates
        )
        if answer.probabilities.get(None):
            each += f", unknown ({_share(answer, None)})"
        text = f"{name} on {day}: uncertain, one of {each}"
    if answer.answered_by and answer.answered_by != answer.location:
        text += f" [as part of {data.location(answer.answered_by).name}]"
    if answer.events:
        text += f"\n  based on: {', '.join(answer.event_ids)}"
    return text


def run(arguments: argparse.Namespace) -> int:
    """Print the control timelines, or the answer for one day."""
    if arguments.plot and arguments.path:
        check_in_and_out(Path(arguments.path), Path(arguments.plot))
    elif arguments.plot:
        output_kind(arguments.plot)
    data = load(arguments.path)
    timelines = Timelines.build(data, horizon=arguments.horizon)
    location = find_location(data, arguments.location) if arguments.location else None
    shown = _shown(data, timelines, location)
    if arguments.plot:
        draw(data, timelines, shown, arguments.plot, at=arguments.at)
    if arguments.at is not None:
        answers = [timelines.controller_at(loc.id, arguments.at) for loc in shown]
        if arguments.format == "json":
            objects = [answer_object(data, answer) for answer in answers]
            print(json.dumps(objects[0] if location is not None else objects, indent=2))
        else:
            for answer in answers:
                print(_answer_text(data, answer))
                for line in _siege_lines(data, answer.location, arguments.at):
                    print(line)
        return 0
    if arguments.format == "json":
        print(json.dumps(_timelines_object(data, timelines, shown), indent=2))
        return 0
    for index, loc in enumerate(shown):
        if index:
            print()
        print(f"{loc.name} ({loc.id})")
        holdings = timelines.holdings(loc.id)
        statuses = timelines.timeline(loc.id).statuses
        if not holdings and not statuses:
            print("  no record of control")
        for line in (
            _table([_holding_row(data, holding) for holding in holdings]) if holdings else []
        ):
            print(line)
        for status in statuses:
            print(f"  {_status_text(data, status)}")
        for line in _siege_lines(data, loc.id, None):
            print(line)
    diagnostics = [d for d in timelines.diagnostics() if d.location in {loc.id for loc in shown}]
    if diagnostics:
        print()
        for diagnostic in diagnostics:
            print(f"note: {diagnostic}")
    return 0


def _timelines_object(data: Dataset, timelines: Timelines, shown: list[Location]) -> Any:
    def edtf(value: FuzzyDate | None) -> str | None:
        return None if value is None else value.to_edtf()

    return {
        "locations": [
            {
                "location": {"id": loc.id, "name": loc.name},
                "holdings": [
                    {
                        "holders": [_ref(data, ident) for ident in holding.holders],
                        "from": edtf(holding.start),
                        "to": edtf(holding.end),
                        "certain": holding.certain,
                        "ordered": holding.ordered,
                        "inherited": holding.inherited,
                        "started_by": None if holding.started_by is None else holding.started_by.id,
                    }
                    for holding in timelines.holdings(loc.id)
                ],
                "statuses": [
                    {
                        "holder": _ref(data, status.holder),
                        "when": status.when.to_edtf(),
                        "contested_by": [_ref(data, ident) for ident in status.contested_by],
                        "event": status.id,
                    }
                    for status in timelines.timeline(loc.id).statuses
                ],
                "sieges": [_siege_object(data, siege) for siege in _sieges(data, loc.id)],
            }
            for loc in shown
        ],
        "diagnostics": [
            {
                "kind": d.kind.value,
                "location": d.location,
                "message": d.message,
                "events": list(d.event_ids),
            }
            for d in timelines.diagnostics()
            if d.location in {loc.id for loc in shown}
        ],
    }


# -- picture -----------------------------------------------------------------------------


#: Statuses shorter than this are drawn as a diamond: a band would be a hairline.
_SHORTEST_BAND_DAYS = 14


def _draw_statuses(
    axes: Any,
    row: int,
    statuses: Sequence[ControlStatus],
    bounds: tuple[date, date],
    colours: dict[str, Any],
    date2num: Callable[[date], float],
) -> None:
    """
    A dotted strip under the row over the days each reported status may cover.

    A status is evidence, not an answer: the band above shows what the
    timeline makes of it. A status of a day or a few is a diamond.
    """
    first, last = bounds
    below = row - 0.38
    for status in statuses:
        # The days the reasoning takes the status to speak for (an open bound: its stated day).
        span = status_span(status)
        if span.maybe_first > span.maybe_last:  # open at both ends: it speaks for no day
            continue
        low = max(date.fromordinal(span.maybe_first), first)
        high = min(date.fromordinal(span.maybe_last), last)
        if (high - low).days < _SHORTEST_BAND_DAYS:
            axes.plot(date2num(low), below, marker="D", markersize=5, color=colours[status.holder])
            continue
        axes.barh(
            below,
            (high - low).days + 1,
            left=date2num(low),
            height=0.12,
            color=colours[status.holder],
            alpha=0.8,
            hatch="..",
            edgecolor="white",
            linewidth=0,
        )


#: Days of room the picture leaves before the first and after the last date it shows.
_MARGIN_DAYS = 180


def _days_from(day: date, days: int) -> date:
    """*day* moved by *days*, stopping at the first and last days a date can hold."""
    ordinal = min(max(day.toordinal() + days, date.min.toordinal()), date.max.toordinal())
    return date.fromordinal(ordinal)


#: Legend labels are cut to this many characters (ACLED names run to a hundred).
_LABEL_WIDTH = 48
#: Okabe and Ito's eight colours, told apart by readers with any common colour-vision deficiency.
_OKABE_ITO = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)


def actor_colours(data: Dataset, plt: Any) -> dict[str, Any]:
    """
    One colour per actor of *data*, the same in every picture drawn of it.

    Colours go by the actors' order in the dataset (those that hold a place
    first), not by the rows shown, so an actor keeps its colour whatever
    ``--location`` picks. The first eight
    are Okabe and Ito's colour-blind-safe set, the next twenty tab20's; beyond
    those, hues are spread by the golden angle, so no colour repeats.
    """
    from matplotlib import colors  # noqa: PLC0415 - optional extra

    holders: set[str] = set()
    for event in data.events:
        if isinstance(event, ControlChange):
            holders.update((event.new_holder, *event.previous_holders))
        elif isinstance(event, ControlStatus):
            holders.add(event.holder)
    # Holders first, so the safest colours go to the actors a picture shows.
    order = [a.id for a in data.actors if a.id in holders]
    order += [a.id for a in data.actors if a.id not in holders]
    extra = [plt.get_cmap("tab20")(index) for index in range(20)]
    result: dict[str, Any] = {}
    for index, actor in enumerate(order):
        if index < len(_OKABE_ITO):
            result[actor] = _OKABE_ITO[index]
        elif index < len(_OKABE_ITO) + len(extra):
            result[actor] = extra[index - len(_OKABE_ITO)]
        else:
            hue = (index * 0.618033988749895) % 1.0
            result[actor] = tuple(float(part) for part in colors.hsv_to_rgb((hue, 0.65, 0.85)))
    return result


#: The most room the picture gives a fade, however long the horizon.
_LONGEST_FADE_DAYS = 3 * 365
#: At most this many days are asked about per row; longer spans are sampled evenly.
_MOST_SAMPLES = 2000
#: How many shades of strength a band can take (its probability, rounded).
_SHADES = 8


def _draw_answers(
    axes: Any,
    row: int,
    timeline: ControlTimeline,
    bounds: tuple[date, date],
    colours: dict[str, Any],
    date2num: Callable[[date], float],
) -> None:
    """
    Bands of the answers themselves: the likeliest holder of each day, as strong as its chance.

    Each day (or an even sample of days) is asked as `controller_at` answers it,
    so the picture shows exactly what the timeline claims: solid where certain,
    fading with the evidence towards the horizon, nothing where unknown.
    """
    first, last = bounds
    span = (last - first).days + 1
    step = max(1, -(-span // _MOST_SAMPLES))
    bands: list[tuple[date, date, str, int]] = []
    for offset in range(0, span, step):
        day = first + timedelta(days=offset)
        shares = timeline.controller_at(day).probabilities
        known = [(share, ident) for ident, share in shares.items() if ident is not None]
        if not known:
            continue
        share, holder = max(known)
        shade = round(share * _SHADES)
        end = _days_from(day, step)
        if bands and bands[-1][1] == day and bands[-1][2:] == (holder, shade):
            bands[-1] = (bands[-1][0], end, holder, shade)
        elif shade:
            bands.append((day, end, holder, shade))
    for begin, end, holder, shade in bands:
        axes.barh(
            row,
            (end - begin).days,
            left=date2num(begin),
            height=0.6,
            color=colours[holder],
            alpha=0.9 * shade / _SHADES,
            linewidth=0,
        )


def draw(  # noqa: PLR0915 - one figure, drawn in order
    data: Dataset,
    timelines: Timelines,
    shown: list[Location],
    path: str,
    *,
    at: date | None = None,
) -> None:
    """
    Draw one row per location: the answers as bands, hatched change windows.

    The bands are `_draw_answers`: solid where the answer is certain, fading
    out towards the horizon before the first and after the last evidence.
    Reported statuses are a strip under their row; *at* draws a dashed line.

    Raises:
        ConflictEventsError: matplotlib is missing (extra ``plot``) or *path* is
            not .svg or .png.
        OSError: *path* cannot be written (it is written atomically, see
            `conflict_events.formats.atomic.atomic_path`).
    """
    suffix = Path(path).suffix.lower()
    if suffix not in {".svg", ".png"}:
        raise ConflictEventsError(f"--plot writes .svg or .png files, not {path!r}")
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional extra

        mpl.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
        from matplotlib.lines import Line2D  # noqa: PLC0415
        from matplotlib.patches import Patch  # noqa: PLC0415
    except ImportError:
        raise ConflictEventsError(f"--plot needs matplotlib: {PLOT_HINT}") from None
    epoch = date.fromisoformat(str(mpl.rcParams["date.epoch"])[:10])

    def date2num(day: date) -> float:
        return float((day - epoch).days)

    rows = [
        loc for loc in shown if timelines.holdings(loc.id) or timelines.timeline(loc.id).statuses
    ]
    statuses = {loc.id: timelines.timeline(loc.id).statuses for loc in rows}
    windows = [w for loc in rows for h in timelines.holdings(loc.id) for w in (h.start, h.end) if w]
    windows += [s.start for loc in rows for s in statuses[loc.id]]
    windows += [s.end for loc in rows for s in statuses[loc.id] if s.end is not None]
    known = [
        d
        for w in windows
        for d in (w.earliest, w.latest)
        if d not in {UNBOUNDED_START, UNBOUNDED_END}
    ]
    reach = min(
        max((timelines.timeline(loc.id).horizon for loc in rows), default=_MARGIN_DAYS),
        _LONGEST_FADE_DAYS,
    )
    first = _days_from(min(known, default=date(2000, 1, 1)), -max(reach, _MARGIN_DAYS))
    last = _days_from(max(known, default=date(2000, 1, 1)), max(reach, _MARGIN_DAYS))
    if at is not None:
        first, last = min(first, at), max(last, at)
    holders = list(
        dict.fromkeys(
            [
                *(a for loc in rows for h in timelines.holdings(loc.id) for a in h.holders),
                *(s.holder for loc in rows for s in statuses[loc.id]),
            ]
        )
    )
    colours = actor_colours(data, plt)
    figure, axes = plt.subplots(figsize=(11, 0.55 * max(len(rows), 1) + 1.6))
    faded = False
    for row, loc in enumerate(reversed(rows)):
        timeline = timelines.timeline(loc.id)
        _draw_answers(axes, row, timeline, (first, last), colours, date2num)
        faded = faded or bool(timeline.changes)
        for holding in timelines.holdings(loc.id):
            if holding.start is not None:
                low = max(holding.start.earliest, first)
                high = min(holding.start.latest, last)
                axes.barh(
                    row,
                    (high - low).days + 1,
                    left=date2num(low),
                    height=0.6,
                    color="white",
                    edgecolor="black",
                    hatch="///",
                    linewidth=0.5,
                )
        _draw_statuses(axes, row, statuses[loc.id], (first, last), colours, date2num)
    axes.set_yticks(range(len(rows)), [loc.name for loc in reversed(rows)])
    axes.xaxis_date()
    axes.set_xlim(date2num(first), date2num(last))
    handles: list[Any] = [
        Patch(color=colours[a], label=textwrap.shorten(_ref(data, a)["name"], _LABEL_WIDTH))
        for a in holders
    ]
    handles.append(
        Patch(facecolor="white", edgecolor="black", hatch="///", label="window of a change")
    )
    if faded:
        handles.append(
            Patch(facecolor="grey", alpha=0.35, label="last known, fading out to the horizon")
        )
    if any(statuses.values()):
        handles.append(
            Patch(facecolor="lightgrey", edgecolor="white", hatch="..", label="reported status")
        )
    if at is not None:
        axes.axvline(date2num(at), color="black", linestyle="--", linewidth=1)
        handles.append(Line2D([], [], color="black", linestyle="--", label=at.isoformat()))
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=3,
        fontsize="small",
        frameon=False,
    )
    axes.set_title("Who held what, when (hatched: the change happened somewhere inside)")
    figure.tight_layout()
    _save(plt, figure, path)


def _save(plt: Any, figure: Any, path: str) -> None:
    """Write *figure* to *path* atomically, in the format its suffix names; then close it."""
    try:
        with atomic_path(path) as temporary:
            # "tight" grows the canvas to hold the legend below the axes, never clipping it.
            figure.savefig(
                temporary, format=Path(path).suffix.lower()[1:], bbox_inches="tight", dpi=200
            )
    finally:
        plt.close(figure)
