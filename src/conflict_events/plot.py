"""
The picture of control timelines (extra ``plot``: matplotlib).

One row per place, grouped under their country and first-level division: the
answers themselves as bands in the colour of the likeliest holder, as strong
as its probability; a hatched box for the window of each change; a dotted
strip (or a diamond) under the row for each reported status; a dashed line on
the day asked about and a dotted one on each report's publication date.
`figure` gives the matplotlib figure, `draw` writes it to an .svg, .png or
.pdf file; ``conflict-events timeline --plot`` draws with them. matplotlib is
imported only when a picture is drawn, without touching pyplot or its
backend; without it the error says what to install.
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
from conflict_events.model import ControlChange, ControlStatus, Dataset, Location, LocationKind
from conflict_events.reasoning import ControlTimeline, Holding, Timelines
from conflict_events.reasoning.evidence import status_span
from conflict_events.reasoning.report import actor_ref, chosen_locations, shown_locations
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "PICTURE_SUFFIXES",
    "PLOT_HINT",
    "actor_colours",
    "draw",
    "figure",
    "publication_dates",
    "row_groups",
]

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
#: Okabe and Ito's colours, told apart by readers with any common colour-vision deficiency;
#: their black is left out, as a fading black band would read as the grey of "unknown".
_OKABE_ITO = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)
#: The most room the picture gives a fade, however long the horizon.
_LONGEST_FADE_DAYS = 3 * 365
#: At most this many days are asked about per row; longer spans are sampled evenly.
_MOST_SAMPLES = 2000
#: How many shades of strength a band can take (its probability, rounded).
_SHADES = 8
#: The height of a group's label row, where a place's row is 1.
_LABEL_ROW = 0.7
#: Above this many publication dates, only the latest is marked (a line per article is noise).
_MOST_PUBLICATIONS = 5
#: tab20's two greys, left out: grey is the legend's colour for codes that are no actor.
_GREYS = (14, 15)


def _matplotlib() -> Any:
    """The matplotlib package, or an error that names the extra to install."""
    try:
        import matplotlib as mpl  # noqa: PLC0415 - optional extra
        import matplotlib.colors  # noqa: PLC0415
        import matplotlib.figure  # noqa: PLC0415
        import matplotlib.lines  # noqa: PLC0415
        import matplotlib.patches  # noqa: PLC0415
        import matplotlib.transforms  # noqa: PLC0415
    except ImportError:
        raise ConflictEventsError(f"drawing timelines needs matplotlib: {PLOT_HINT}") from None
    return mpl


def actor_colours(data: Dataset) -> dict[str, Any]:
    """
    One colour per actor of *data*, the same in every picture drawn of it.

    Colours go by the actors' order in the dataset (those that hold a place
    first), not by the rows shown, so an actor keeps its colour whatever
    location is drawn. The first seven are Okabe and Ito's colour-blind-safe
    set (without black), the next eighteen tab20's (without its greys); beyond
    those, hues are spread by the golden angle, so no colour repeats.

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
    extra = [tab20(index) for index in range(20) if index not in _GREYS]
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


def row_groups(
    data: Dataset, rows: Sequence[Location]
) -> list[tuple[str, list[tuple[str, list[Location]]]]]:
    """
    *rows* grouped by country, and inside a country by first-level division.

    A country is named by its country ancestor (or the place itself), else by
    the dataset's country of the place's ISO code, else by that code; a
    division by its admin1 ancestor (or itself); "" where the data says
    neither. Groups
    come in the order of their first place and places keep their order inside
    a group, so the picture lists places as the report and ``--location`` do.
    """
    # A place without a country above it is named by the country its ISO code is.
    named = {
        loc.country: loc.name
        for loc in data.locations
        if loc.kind is LocationKind.COUNTRY and loc.country
    }
    countries: dict[str, dict[str, list[Location]]] = {}
    for place in rows:
        levels = {loc.kind: loc.name for loc in (*reversed(data.ancestors(place.id)), place)}
        code = place.country or ""
        country = levels.get(LocationKind.COUNTRY) or named.get(code, code)
        admin1 = levels.get(LocationKind.ADMIN1, "")
        countries.setdefault(country, {}).setdefault(admin1, []).append(place)
    return [(country, list(divisions.items())) for country, divisions in countries.items()]


def publication_dates(
    data: Dataset, timelines: Timelines, rows: Sequence[Location]
) -> list[tuple[FuzzyDate, str]]:
    """
    When the reports behind *rows* were published, each with a label, earliest first.

    The reports are the sources of the changes and statuses of those places
    that state a publication date. Each date is labelled with its publishers;
    beyond a handful of dates (an ACLED or UCDP import cites an article per
    row) only the latest is kept, labelled as such.
    """
    sources: dict[str, None] = {}
    for place in rows:
        timeline = timelines.timeline(place.id)
        for event in (*timeline.changes, *timeline.statuses):
            sources.update((a.source, None) for a in event.attributions if a.source is not None)
    dates: dict[FuzzyDate, list[str]] = {}
    for ident in sources:
        try:
            source = data.source(ident)
        except KeyError:
            continue
        if source.published is not None:
            dates.setdefault(source.published, []).append(source.publisher)
    ordered = sorted(dates.items(), key=lambda item: (item[0].latest, item[0].earliest))
    labels = [
        (when, f"{', '.join(dict.fromkeys(names))} published {when}") for when, names in ordered
    ]
    if len(labels) > _MOST_PUBLICATIONS:
        when = ordered[-1][0]
        return [(when, f"latest of {len(labels)} reports published {when}")]
    return labels


def _days_from(day: date, days: int) -> date:
    """*day* moved by *days*, stopping at the first and last days a date can hold."""
    ordinal = min(max(day.toordinal() + days, date.min.toordinal()), date.max.toordinal())
    return date.fromordinal(ordinal)


def _draw_statuses(
    axes: Any,
    row: float,
    statuses: Sequence[ControlStatus],
    bounds: tuple[date, date],
    colours: dict[str, Any],
    date2num: Callable[[date], float],
) -> bool:
    """
    A dotted strip under the row over the days each reported status may cover.

    A status is evidence, not an answer: the band above shows what the
    timeline makes of it. A status of a day or a few is a diamond; the result
    says whether one was drawn, for the legend.
    """
    first, last = bounds
    below = row - 0.38
    diamond = False
    for status in statuses:
        # The days the reasoning takes the status to speak for (an open bound: its stated day).
        span = status_span(status)
        if span.maybe_first > span.maybe_last:  # open at both ends: it speaks for no day
            continue
        low = max(date.fromordinal(span.maybe_first), first)
        high = min(date.fromordinal(span.maybe_last), last)
        if (high - low).days < _SHORTEST_BAND_DAYS:
            axes.plot(date2num(low), below, marker="D", markersize=5, color=colours[status.holder])
            diamond = True
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
    return diamond


def _draw_answers(
    axes: Any,
    row: float,
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


def _draw_windows(
    axes: Any,
    row: float,
    holdings: Sequence[Holding],
    bounds: tuple[date, date],
    date2num: Callable[[date], float],
) -> None:
    """A hatched box over the window of each change that begins a holding."""
    first, last = bounds
    for holding in holdings:
        if holding.start is None:
            continue
        low, high = max(holding.start.earliest, first), min(holding.start.latest, last)
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


def _legend_handles(
    mpl: Any, data: Dataset, holders: Sequence[str], colours: dict[str, Any], codes: dict[str, bool]
) -> list[Any]:
    """A legend entry per holder drawn and per visual code the picture uses (*codes*)."""
    patch, line = mpl.patches.Patch, mpl.lines.Line2D
    handles: list[Any] = [
        patch(color=colours[a], label=textwrap.shorten(actor_ref(data, a)["name"], _LABEL_WIDTH))
        for a in holders
    ]
    handles.append(
        patch(facecolor="white", edgecolor="black", hatch="///", label="window of a change")
    )
    if codes["faded"]:
        handles.append(
            patch(facecolor="grey", alpha=0.35, label="paler: less likely, fading to the horizon")
        )
    if codes["statuses"]:
        handles.append(
            patch(facecolor="lightgrey", edgecolor="white", hatch="..", label="reported status")
        )
    if codes["diamonds"]:
        handles.append(
            line(
                [],
                [],
                color="grey",
                marker="D",
                markersize=5,
                linestyle="none",
                label="status of a day or a few",
            )
        )
    return handles


def _mark_publications(
    mpl: Any,
    axes: Any,
    dates: Sequence[tuple[FuzzyDate, str]],
    bounds: tuple[date, date],
    date2num: Callable[[date], float],
) -> list[Any]:
    """A dotted line on each publication day (a shaded span for a month or year); their legend."""
    first, last = bounds
    handles: list[Any] = []
    for when, text in dates:
        low, high = max(when.earliest, first), min(when.latest, last)
        if low > high:  # published outside the days drawn
            continue
        if low == high:
            axes.axvline(date2num(low), color="dimgrey", linestyle=":", linewidth=1.2)
            handles.append(mpl.lines.Line2D([], [], color="dimgrey", linestyle=":", label=text))
        else:
            axes.axvspan(date2num(low), date2num(high), color="dimgrey", alpha=0.12, linewidth=0)
            handles.append(mpl.patches.Patch(facecolor="dimgrey", alpha=0.12, label=text))
    return handles


def _label_rows(
    mpl: Any,
    axes: Any,
    lines: Sequence[str | Location],
    rows_y: Sequence[float],
    groups: Sequence[tuple[str, list[tuple[str, list[Location]]]]],
) -> None:
    """
    Name each row: places by name, countries in bold on their own row.

    Each first-level division is named right of its rows, beside a thin
    bracket that spans them, so grouping by division takes no extra rows.
    """
    bottom_up = list(reversed(lines))
    labels = [entry.name if isinstance(entry, Location) else entry for entry in bottom_up]
    axes.set_yticks(rows_y, labels)
    for label, entry in zip(axes.get_yticklabels(), bottom_up, strict=True):
        if not isinstance(entry, Location):
            label.set_fontweight("bold")
    axes.set_ylim(0, max(rows_y[-1] + 0.5, 1) if rows_y else 1)
    where = {id(entry): y for entry, y in zip(bottom_up, rows_y, strict=True)}
    side = mpl.transforms.blended_transform_factory(axes.transAxes, axes.transData)
    for _, divisions in groups:
        for name, places in divisions:
            if not name:
                continue
            top, bottom = where[id(places[0])] + 0.4, where[id(places[-1])] - 0.4
            axes.plot(
                [1.01, 1.01],
                [bottom, top],
                color="dimgrey",
                linewidth=1,
                transform=side,
                clip_on=False,
            )
            axes.text(
                1.02,
                (top + bottom) / 2,
                name,
                transform=side,
                ha="left",
                va="center",
                fontsize="small",
                color="dimgrey",
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
    published: bool = True,
) -> Figure:
    """
    The picture of the timelines of *data*: one row per place with a record.

    *timelines* are those of *data* (built with the default horizon when
    None); *location* (a name, alias or id, or several) draws those places
    only; *at* adds a dashed line on that day; *since* and *until* limit the
    time axis; *published* marks the `publication_dates` of the reports
    behind the rows with a dotted line (a shaded span when only the month or
    year is known). Rows are grouped under a bold label by `row_groups`. The
    bands are `_draw_answers`: solid where the answer is certain, fading out
    towards the horizon before the first and after the last evidence.
    Reported statuses are a strip under their row.

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
    groups = row_groups(data, rows)
    # Top to bottom: each country's label (when the data names one), then its places.
    lines: list[str | Location] = []
    for country, divisions in groups:
        lines += [country] if country else []
        lines += [place for _, members in divisions for place in members]
    places = [entry for entry in lines if isinstance(entry, Location)]
    holders = list(
        dict.fromkeys(
            [
                *(a for loc in places for h in timelines.holdings(loc.id) for a in h.holders),
                *(s.holder for loc in places for s in statuses[loc.id]),
            ]
        )
    )
    colours = actor_colours(data)
    # A group's label takes less room than a place: y positions, bottom up.
    heights = [1.0 if isinstance(entry, Location) else _LABEL_ROW for entry in reversed(lines)]
    rows_y = [sum(heights[:index]) + heights[index] / 2 for index in range(len(heights))]
    picture: Figure = mpl.figure.Figure(figsize=(11, 0.55 * max(sum(heights), 1) + 1.6))
    axes = picture.subplots()
    faded = diamonds = False
    for row, entry in zip(rows_y, reversed(lines), strict=True):
        if not isinstance(entry, Location):
            if entry is not lines[0]:  # a rule between groups, not above the first
                axes.axhline(row + _LABEL_ROW / 2, color="lightgrey", linewidth=0.8)
            continue
        timeline = timelines.timeline(entry.id)
        _draw_answers(axes, row, timeline, (first, last), colours, date2num)
        faded = faded or bool(timeline.changes)
        _draw_windows(axes, row, timelines.holdings(entry.id), (first, last), date2num)
        diamonds = (
            _draw_statuses(axes, row, statuses[entry.id], (first, last), colours, date2num)
            or diamonds
        )
    _label_rows(mpl, axes, lines, rows_y, groups)
    axes.set_ylabel("place")
    axes.set_xlabel("day")
    axes.xaxis_date()
    axes.set_xlim(date2num(first), date2num(last))
    codes = {"faded": faded, "statuses": any(statuses.values()), "diamonds": diamonds}
    handles = _legend_handles(mpl, data, holders, colours, codes)
    if at is not None:
        axes.axvline(date2num(at), color="black", linestyle="--", linewidth=1)
        handles.append(
            mpl.lines.Line2D([], [], color="black", linestyle="--", label=at.isoformat())
        )
    if published:
        handles += _mark_publications(
            mpl, axes, publication_dates(data, timelines, places), (first, last), date2num
        )
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
    published: bool = True,
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
    picture = figure(
        data,
        timelines,
        location=location,
        at=at,
        since=since,
        until=until,
        published=published,
    )
    with atomic_path(path) as temporary:
        # "tight" grows the canvas to hold the legend below the axes, never clipping it.
        picture.savefig(temporary, format=suffix[1:], bbox_inches="tight", dpi=200)
