"""
The picture of control timelines (extra ``plot``: matplotlib).

One row per place: the answers themselves as bands in the colour of the
likeliest holder, as strong as its probability; a hatched box for the window
of each change; a dotted strip (or a diamond) under the row for each reported
status; a dashed line on the day asked about. `figure` gives the matplotlib
figure, `draw` writes it to an .svg, .png or .pdf file; ``conflict-events timeline
--plot`` draws with them. matplotlib is imported only when a picture is drawn,
without touching pyplot or its backend; without it the error says what to
install.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.formats.atomic import atomic_path
from conflict_events.model import ControlChange, ControlStatus, Dataset
from conflict_events.reasoning import ControlTimeline, Timelines
from conflict_events.reasoning.evidence import status_span
from conflict_events.reasoning.report import actor_ref, chosen_locations, shown_locations
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PICTURE_SUFFIXES", "PLOT_HINT", "actor_colours", "draw", "figure"]

#: What to install to draw pictures.
PLOT_HINT = "pip install 'conflict-events[plot]'"
#: The file suffixes `draw` writes (SVG and PNG).
PICTURE_SUFFIXES = (".svg", ".png", ".pdf")

#: Statuses shorter than this are drawn as a diamond: a band would be a hairline.
_SHORTEST_BAND_DAYS = 14
#: Days of room the picture leaves before the first and after the last date it shows.
_MARGIN_DAYS = 180
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
#: The most room the picture gives a fade, however long the horizon.
_LONGEST_FADE_DAYS = 3 * 365
#: At most this many days are asked about per row; longer spans are sampled evenly.
_MOST_SAMPLES = 2000
#: How many shades of strength a band can take (its probability, rounded).
_SHADES = 8


def _matplotlib() -> Any:
    """The matplotlib package, or an error that names the extra to install."""
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional extra
        import matplotlib.colors  # noqa: PLC0415
        import matplotlib.figure  # noqa: PLC0415
        import matplotlib.lines  # noqa: PLC0415
        import matplotlib.patches  # noqa: PLC0415
    except ImportError:
        raise ConflictEventsError(f"drawing timelines needs matplotlib: {PLOT_HINT}") from None
    return mpl


def actor_colours(data: Dataset) -> dict[str, Any]:
    """
    One colour per actor of *data*, the same in every picture drawn of it.

    Colours go by the actors' order in the dataset (those that hold a place
    first), not by the rows shown, so an actor keeps its colour whatever
    location is drawn. The first eight are Okabe and Ito's colour-blind-safe
    set, the next twenty tab20's; beyond those, hues are spread by the golden
    angle, so no colour repeats.

    Raises:
        ConflictEventsError: matplotlib is missing (extra ``plot``).
    """
    mpl = _matplotlib()
    holders: set[str] = set()
    for event in data.events:
        if isinstance(event, ControlChange):
            holders.update((event.new_holder, *event.previous_holders))
        elif isinstance(event, ControlStatus):
            holders.add(event.holder)
    # Holders first, so the safest colours go to the actors a picture shows.
    order = [a.id for a in data.actors if a.id in holders]
    order += [a.id for a in data.actors if a.id not in holders]
    tab20 = mpl.colormaps["tab20"]
    extra = [tab20(index) for index in range(20)]
    result: dict[str, Any] = {}
    for index, actor in enumerate(order):
        if index < len(_OKABE_ITO):
            result[actor] = _OKABE_ITO[index]
        elif index < len(_OKABE_ITO) + len(extra):
            result[actor] = extra[index - len(_OKABE_ITO)]
        else:
            hue = (index * 0.618033988749895) % 1.0
            rgb = mpl.colors.hsv_to_rgb((hue, 0.65, 0.85))
            result[actor] = tuple(float(part) for part in rgb)
    return result


def _days_from(day: date, days: int) -> date:
    """*day* moved by *days*, stopping at the first and last days a date can hold."""
    ordinal = min(max(day.toordinal() + days, date.min.toordinal()), date.max.toordinal())
    return date.fromordinal(ordinal)


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


def _bounds(timelines: Timelines, rows: list[str], at: date | None) -> tuple[date, date]:
    """The first and last days drawn: every known bound of *rows*, the fade's room, *at*."""
    statuses = [s for loc in rows for s in timelines.timeline(loc).statuses]
    windows = [w for loc in rows for h in timelines.holdings(loc) for w in (h.start, h.end) if w]
    windows += [s.start for s in statuses]
    windows += [s.end for s in statuses if s.end is not None]
    known = [
        d
        for w in windows
        for d in (w.earliest, w.latest)
        if d not in {UNBOUNDED_START, UNBOUNDED_END}
    ]
    reach = min(
        max((timelines.timeline(loc).horizon for loc in rows), default=_MARGIN_DAYS),
        _LONGEST_FADE_DAYS,
    )
    first = _days_from(min(known, default=date(2000, 1, 1)), -max(reach, _MARGIN_DAYS))
    last = _days_from(max(known, default=date(2000, 1, 1)), max(reach, _MARGIN_DAYS))
    if at is not None:
        first, last = min(first, at), max(last, at)
    return first, last


def figure(
    data: Dataset,
    timelines: Timelines | None = None,
    *,
    location: str | Sequence[str] | None = None,
    at: date | None = None,
    since: date | None = None,
    until: date | None = None,
) -> Figure:
    """
    The picture of the timelines of *data*: one row per place with a record.

    *timelines* are those of *data* (built with the default horizon when
    None); *location* (a name, alias or id, or several) draws those places
    only; *at* adds a dashed line on that day; *since* and *until* limit the
    time axis. The bands are `_draw_answers`: solid where the answer is
    certain, fading out towards the horizon before the first and after the
    last evidence. Reported statuses are a strip under their row.

    Raises:
        ConflictEventsError: no location or several are called *location*, or
            matplotlib is missing (extra ``plot``).
    """
    if timelines is None:
        timelines = Timelines.build(data)
    shown = shown_locations(data, timelines, chosen_locations(data, location))
    mpl = _matplotlib()
    epoch = date.fromisoformat(str(mpl.rcParams["date.epoch"])[:10])

    def date2num(day: date) -> float:
        return float((day - epoch).days)

    rows = [
        loc for loc in shown if timelines.holdings(loc.id) or timelines.timeline(loc.id).statuses
    ]
    statuses = {loc.id: timelines.timeline(loc.id).statuses for loc in rows}
    first, last = _bounds(timelines, [loc.id for loc in rows], at)
    first, last = since or first, until or last
    if first > last:
        raise ConflictEventsError(f"since ({first}) comes after until ({last})")
    holders = list(
        dict.fromkeys(
            [
                *(a for loc in rows for h in timelines.holdings(loc.id) for a in h.holders),
                *(s.holder for loc in rows for s in statuses[loc.id]),
            ]
        )
    )
    colours = actor_colours(data)
    picture: Figure = mpl.figure.Figure(figsize=(11, 0.55 * max(len(rows), 1) + 1.6))
    axes = picture.subplots()
    faded = False
    for row, loc in enumerate(reversed(rows)):
        timeline = timelines.timeline(loc.id)
        _draw_answers(axes, row, timeline, (first, last), colours, date2num)
        faded = faded or bool(timeline.changes)
        for holding in timelines.holdings(loc.id):
            if holding.start is not None:
                low = max(holding.start.earliest, first)
                high = min(holding.start.latest, last)
                if low > high:  # the change falls outside the days drawn
                    continue
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
    axes.set_ylabel("place")
    axes.set_xlabel("day")
    axes.xaxis_date()
    axes.set_xlim(date2num(first), date2num(last))
    patch, line = mpl.patches.Patch, mpl.lines.Line2D
    handles: list[Any] = [
        patch(color=colours[a], label=textwrap.shorten(actor_ref(data, a)["name"], _LABEL_WIDTH))
        for a in holders
    ]
    handles.append(
        patch(facecolor="white", edgecolor="black", hatch="///", label="window of a change")
    )
    if faded:
        handles.append(
            patch(facecolor="grey", alpha=0.35, label="last known, fading out to the horizon")
        )
    if any(statuses.values()):
        handles.append(
            patch(facecolor="lightgrey", edgecolor="white", hatch="..", label="reported status")
        )
    if at is not None:
        axes.axvline(date2num(at), color="black", linestyle="--", linewidth=1)
        handles.append(line([], [], color="black", linestyle="--", label=at.isoformat()))
    axes.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=3,
        fontsize="small",
        frameon=False,
    )
    axes.set_title("Who held what, when (hatched: the change happened somewhere inside)")
    picture.tight_layout()
    return picture


def draw(
    data: Dataset,
    path: str | os.PathLike[str],
    timelines: Timelines | None = None,
    *,
    location: str | Sequence[str] | None = None,
    at: date | None = None,
    since: date | None = None,
    until: date | None = None,
) -> None:
    """
    Write the `figure` of the timelines of *data* to *path*, an .svg, .png or .pdf file.

    *path* is written atomically (see `conflict_events.formats.atomic.atomic_path`):
    replaced only when the picture is complete; a device or FIFO is written through.

    Raises:
        ConflictEventsError: *path* is not .svg, .png or .pdf, no location or several
            are called *location*, or matplotlib is missing (extra ``plot``).
        OSError: *path* cannot be written.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise ConflictEventsError(
            f"a picture is written as .svg, .png or .pdf, not {describe(str(path))}"
        )
    picture = figure(data, timelines, location=location, at=at, since=since, until=until)
    with atomic_path(path) as temporary:
        # "tight" grows the canvas to hold the legend below the axes, never clipping it.
        picture.savefig(temporary, format=suffix[1:], bbox_inches="tight", dpi=200)
