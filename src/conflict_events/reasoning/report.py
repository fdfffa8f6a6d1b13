"""
The report of control timelines, as text or JSON: who held each place, when, how surely.

What ``conflict-events timeline`` prints, for Python users too: `timeline_report`
gives the whole report; the other functions give its parts (one day's answer as the
object DESIGN.md specifies or as a line, the holdings table, siege lines and
reported statuses). Names are resolved through the dataset; an id the dataset
does not name is shown as itself. Built on the model, temporal and reasoning
layers only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.model import (
    ControlStatus,
    Dataset,
    Estimate,
    EstimateQualifier,
    Location,
    Siege,
)
from conflict_events.reasoning.location_lookup import find_location
from conflict_events.reasoning.sieges import SiegePhase, siege_duration, siege_status
from conflict_events.reasoning.timeline import ControlAnswer, Holding, Timelines
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate

__all__ = [
    "REPORT_FORMATS",
    "Period",
    "actor_ref",
    "answer_object",
    "answer_text",
    "chosen_locations",
    "estimate_text",
    "find_location",
    "holding_row",
    "holdings_in",
    "holdings_table",
    "last_reported",
    "shown_locations",
    "siege_lines",
    "siege_object",
    "sieges_of",
    "status_text",
    "timeline_report",
    "timelines_object",
    "timelines_text",
]

#: The formats `timeline_report` writes.
REPORT_FORMATS = ("text", "json")


def chosen_locations(data: Dataset, names: str | Sequence[str] | None) -> list[Location] | None:
    """
    The locations called *names* (one name or several), each once and in order; None for none.

    Each name is an id, a name or alias, ``NAME@PARENT`` or a transliteration
    (see `location_lookup.find_locations`).

    Raises:
        LocationLookupError: As `find_location`, for the first name that fails
            (none fits, or several do: each is listed with its kind and parent).
    """
    if names is None:
        return None
    found: dict[str, Location] = {}
    for name in (names,) if isinstance(names, str) else names:
        place = find_location(data, name)
        found.setdefault(place.id, place)
    return list(found.values())


def shown_locations(
    data: Dataset,
    timelines: Timelines,
    location: Location | Sequence[Location] | None = None,
) -> list[Location]:
    """The locations a report shows: those given, or each with its own change, status or siege."""
    if isinstance(location, Location):
        return [location]
    if location is not None:
        return list(location)
    besieged = {event.location for event in data.events if isinstance(event, Siege)}
    return [
        loc
        for loc in data.locations
        if (timelines.timeline(loc.id).own and loc.id in timelines.timelines)
        or timelines.timeline(loc.id).statuses
        or loc.id in besieged
    ]


def actor_ref(data: Dataset, ident: str) -> dict[str, str]:
    """``{"id", "name"}`` of the actor *ident*; its name is the id when *data* has no such actor."""
    try:
        return {"id": ident, "name": data.actor(ident).name}
    except KeyError:
        return {"id": ident, "name": ident}


def answer_object(data: Dataset, answer: ControlAnswer) -> dict[str, Any]:
    """
    The JSON object DESIGN.md specifies for one day's answer, and how strong it is.

    Beside the specified keys (``location``, ``at``, ``controller``,
    ``candidates``, ``certain``): each holder's probability (``id`` null for
    unknown), the last known holder with the date of that evidence and its
    distance in days, and the horizon beyond which nothing is known.
    """
    location = data.location(answer.location)
    return {
        "location": {"id": location.id, "name": location.name},
        "at": answer.at.isoformat(),
        "controller": None if answer.controller is None else actor_ref(data, answer.controller),
        "candidates": [actor_ref(data, ident) for ident in answer.candidates],
        "certain": answer.certain,
        "probabilities": [
            {
                **(
                    actor_ref(data, ident) if ident is not None else {"id": None, "name": "unknown"}
                ),
                "probability": round(probability, 6),
            }
            for ident, probability in answer.probabilities.items()
        ],
        "last_known": None if answer.last_known is None else actor_ref(data, answer.last_known),
        "evidence_date": None if answer.evidence_date is None else answer.evidence_date.isoformat(),
        "distance_days": answer.distance_days,
        "horizon_days": answer.horizon_days,
    }


def answer_text(data: Dataset, answer: ControlAnswer) -> str:
    """
    One day's answer as a line: the holder and how sure, then the events behind it.

    Certain, last known (within or beyond the horizon), no record, or every
    candidate with its probability; a part answered by its container says so.
    """
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


def sieges_of(data: Dataset, location: str) -> list[Siege]:
    """The sieges of *data* whose place, or one of whose other places, is *location*."""
    return [
        event
        for event in data.events
        if isinstance(event, Siege) and location in {event.location, *event.other_locations}
    ]


def last_reported(data: Dataset, siege: Siege) -> date | None:
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


def estimate_text(value: Estimate | None) -> str:
    """An estimate in words: ``about 100,000``, ``at least 5-10``, ``unknown`` for None."""
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


def siege_object(data: Dataset, siege: Siege) -> dict[str, Any]:
    """
    A siege as JSON: sides, EDTF span, its last report and how long it had lasted by then.

    ``shortest_days`` and ``longest_days`` are 0 when the last report is before
    the siege's earliest start, null without a report; ``longest_days`` is null
    too when the start is unbounded.
    """
    last = last_reported(data, siege)
    shortest: int | None = None
    longest: int | None = None
    if last is not None and siege_status(siege, last, last) is SiegePhase.NOT_STARTED:
        shortest = longest = 0  # last reported before it began: no day of it yet
    elif last is not None:
        lasted = siege_duration(siege, last)
        shortest = lasted.shortest.days
        longest = None if lasted.longest is None else lasted.longest.days
    return {
        "id": siege.id,
        "besiegers": [actor_ref(data, ident) for ident in siege.besiegers],
        "besieged": [actor_ref(data, ident) for ident in siege.besieged],
        "when": siege.when.to_edtf(),
        "last_reported": None if last is None else last.isoformat(),
        "shortest_days": shortest,
        "longest_days": longest,
    }


def siege_lines(data: Dataset, location: str, at: date | None = None) -> list[str]:
    """
    One line per siege of *location*: who, since when, how long at least, civilians inside.

    With *at*, the siege's phase on that day, and its length by then (or by its
    last report, when that comes first and it has no end).
    """
    lines = []
    for siege in sieges_of(data, location):
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
        last = last_reported(data, siege)
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
            text += f"; civilians inside: {estimate_text(siege.civilian_population)}"
        lines.append(text)
    return lines


def status_text(data: Dataset, status: ControlStatus) -> str:
    """One reported status as a line: who holds it, when, and who contests it."""
    text = f"reported: held by {_names(data, (status.holder,))} during {status.when.to_edtf()}"
    if status.contested_by:
        text += f", contested by {_names(data, status.contested_by)}"
    return f"{text} ({status.id})"


def holding_row(data: Dataset, holding: Holding) -> tuple[str, str, str, str]:
    """A holding as a table row: holders, the windows of its start and end, notes."""
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


#: A span of days a report is limited to: (since, until), None for an open side.
Period = tuple[date | None, date | None]


def holdings_in(
    timelines: Timelines, location: str, period: Period = (None, None)
) -> list[Holding]:
    """The holdings of *location* that may overlap *period* (all of them for an open one)."""
    since, until = period
    return [
        holding
        for holding in timelines.holdings(location)
        if (since is None or holding.end is None or holding.end.latest >= since)
        and (until is None or holding.start is None or holding.start.earliest <= until)
    ]


def holdings_table(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """`holding_row` rows under a header, in aligned columns, indented by two spaces."""
    header = ("holder", "from (window of the change)", "to (window of the next change)", "notes")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = []
    for row in [header, *rows]:
        cells = [row[i].ljust(widths[i]) for i in range(3)]
        lines.append(("  " + "  ".join(cells) + "  " + row[3]).rstrip())
    return lines


def timelines_text(
    data: Dataset, timelines: Timelines, shown: list[Location], period: Period = (None, None)
) -> str:
    """
    The text report of every place in *shown*: holdings table, statuses, sieges; then notes.

    Only the holdings that may overlap *period* are listed.

    Places are separated by a blank line; the diagnostics of the places shown
    follow as ``note:`` lines. Empty when *shown* is.
    """
    lines: list[str] = []
    for index, loc in enumerate(shown):
        if index:
            lines.append("")
        lines.append(f"{loc.name} ({loc.id})")
        holdings = holdings_in(timelines, loc.id, period)
        statuses = timelines.timeline(loc.id).statuses
        if not holdings and not statuses:
            lines.append("  no record of control")
        if holdings:
            lines.extend(holdings_table([holding_row(data, holding) for holding in holdings]))
        lines.extend(f"  {status_text(data, status)}" for status in statuses)
        lines.extend(siege_lines(data, loc.id))
    ids = {loc.id for loc in shown}
    diagnostics = [d for d in timelines.diagnostics() if d.location in ids]
    if diagnostics:
        lines.append("")
        lines.extend(f"note: {diagnostic}" for diagnostic in diagnostics)
    return "\n".join(lines)


def timelines_object(
    data: Dataset, timelines: Timelines, shown: list[Location], period: Period = (None, None)
) -> dict[str, Any]:
    """
    The JSON report of every place in *shown*: holdings with EDTF windows, statuses, sieges.

    Only the holdings that may overlap *period* are listed.

    ``{"locations": [{"location", "holdings", "statuses", "sieges"}, ...],
    "diagnostics": [{"kind", "location", "message", "events", "sources", "evidence"}, ...]}``.
    """

    def edtf(value: FuzzyDate | None) -> str | None:
        return None if value is None else value.to_edtf()

    ids = {loc.id for loc in shown}
    return {
        "locations": [
            {
                "location": {"id": loc.id, "name": loc.name},
                "holdings": [
                    {
                        "holders": [actor_ref(data, ident) for ident in holding.holders],
                        "from": edtf(holding.start),
                        "to": edtf(holding.end),
                        "certain": holding.certain,
                        "ordered": holding.ordered,
                        "inherited": holding.inherited,
                        "started_by": None if holding.started_by is None else holding.started_by.id,
                    }
                    for holding in holdings_in(timelines, loc.id, period)
                ],
                "statuses": [
                    {
                        "holder": actor_ref(data, status.holder),
                        "when": status.when.to_edtf(),
                        "contested_by": [actor_ref(data, ident) for ident in status.contested_by],
                        "event": status.id,
                    }
                    for status in timelines.timeline(loc.id).statuses
                ],
                "sieges": [siege_object(data, siege) for siege in sieges_of(data, loc.id)],
            }
            for loc in shown
        ],
        "diagnostics": [
            {
                "kind": d.kind.value,
                "location": d.location,
                "message": d.message,
                "events": list(d.event_ids),
                "sources": list(d.sources),
                "evidence": d.evidence(),
            }
            for d in timelines.diagnostics()
            if d.location in ids
        ],
    }


def timeline_report(
    data: Dataset,
    timelines: Timelines | None = None,
    *,
    location: str | Sequence[str] | None = None,
    at: date | None = None,
    fmt: Literal["text", "json"] = "text",
    since: date | None = None,
    until: date | None = None,
) -> str:
    """
    The report ``conflict-events timeline`` prints, without its final newline.

    *timelines* are those of *data* (built with the default horizon when
    None). *location* (a name, alias or id, see `find_location`, or several)
    limits the report to those places; otherwise it covers `shown_locations`.
    With *at*, one answer per place for that day (JSON: one `answer_object`
    for one place, a list of them otherwise); without, `timelines_text` or
    `timelines_object`, listing the holdings that may overlap *since*..*until*.
    Empty text when no place is shown.

    Raises:
        ConflictEventsError: no location or several are called *location*, or
            *fmt* is neither ``text`` nor ``json``.
    """
    if fmt not in REPORT_FORMATS:
        raise ConflictEventsError(f"a report is text or json, not {describe(fmt)}")
    if since is not None and until is not None and since > until:
        raise ConflictEventsError(f"since ({since}) comes after until ({until})")
    if timelines is None:
        timelines = Timelines.build(data)
    places = chosen_locations(data, location)
    shown = shown_locations(data, timelines, places)
    if at is None:
        period = (since, until)
        if fmt == "json":
            return json.dumps(timelines_object(data, timelines, shown, period), indent=2)
        return timelines_text(data, timelines, shown, period)
    answers = [timelines.controller_at(loc.id, at) for loc in shown]
    if fmt == "json":
        objects = [answer_object(data, answer) for answer in answers]
        one = places is not None and len(places) == 1
        return json.dumps(objects[0] if one else objects, indent=2)
    lines = []
    for answer in answers:
        lines.append(answer_text(data, answer))
        lines.extend(siege_lines(data, answer.location, at))
    return "\n".join(lines)


def _names(data: Dataset, holders: tuple[str, ...]) -> str:
    if not holders:
        return "unknown"
    return " or ".join(actor_ref(data, ident)["name"] for ident in holders)


def _share(answer: ControlAnswer, ident: str | None) -> str:
    return f"p={answer.probabilities.get(ident, 0.0):.2f}"


def _years(days: int) -> str:
    whole = int(days // 365.25)
    return f" (over {whole} year{'s' if whole > 1 else ''})" if whole else ""


def _window(value: FuzzyDate | None, open_text: str) -> str:
    if value is None:
        return open_text
    if value.is_exact:
        return value.earliest.isoformat()
    low = "..." if value.earliest == UNBOUNDED_START else value.earliest.isoformat()
    high = "..." if value.latest == UNBOUNDED_END else value.latest.isoformat()
    return f"{low}..{high} ({value.days} days)"
