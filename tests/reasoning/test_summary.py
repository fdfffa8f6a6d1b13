"""`reasoning.summary`: a dataset's counts, date range, countries and attribution statuses."""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs
from hypothesis import given, settings

from conflict_events import Dataset, StatementStatus, strategies
from conflict_events.examples import dataset
from conflict_events.model import EVENT_TYPES
from conflict_events.reasoning import summarize
from conflict_events.reasoning.summary import DateRange, summary_text
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START


def countries_by_hand(data: Dataset) -> dict[str, int]:
    """Events per country, walking each main location's parents by their ids."""
    by_id = {location.id: location for location in data.locations}
    counts = {loc.country: 0 for loc in data.locations if loc.country is not None}
    for event in data.events:
        found: set[str] = set()
        ident = event.location
        while ident is not None:
            place = by_id[ident]
            if place.country is not None:
                found.add(place.country)
            ident = place.parent
        for country in found:
            counts[country] += 1
    return counts


class TestExample:
    data = dataset()
    summary = summarize(data)

    def test_collections(self) -> None:
        assert self.summary.collections == {
            "actors": len(self.data.actors),
            "locations": len(self.data.locations),
            "sources": len(self.data.sources),
            "events": len(self.data.events),
        }
        assert self.summary.sources == len(self.data.sources)

    def test_event_types(self) -> None:
        counted = Counter(type(event).event_type for event in self.data.events)
        assert self.summary.event_types == {tag: counted[tag] for tag in EVENT_TYPES}
        assert list(self.summary.event_types) == list(EVENT_TYPES)

    def test_dates_open_on_both_sides(self) -> None:
        """The example holds events open at their start (held since before) and ongoing ones."""
        assert any(event.when.earliest == UNBOUNDED_START for event in self.data.events)
        assert any(event.when.latest == UNBOUNDED_END for event in self.data.events)
        assert self.summary.dates == DateRange(earliest=None, latest=None)
        assert "dates: open to open" in summary_text(self.summary).splitlines()

    def test_countries(self) -> None:
        assert self.summary.countries == countries_by_hand(self.data)
        assert {"IRQ", "SYR"} <= set(self.summary.countries)

    def test_attributions(self) -> None:
        counted = Counter(a.status.value for e in self.data.events for a in e.attributions)
        assert self.summary.attributions == {s.value: counted[s.value] for s in StatementStatus}

    def test_schema_version(self) -> None:
        assert self.summary.schema_version == self.data.schema_version
        assert f"document format: {self.data.schema_version}" in summary_text(self.summary)

    def test_to_dict(self) -> None:
        as_dict = self.summary.to_dict()
        assert as_dict["collections"] == self.summary.collections
        assert as_dict["dates"] == {"earliest": None, "latest": None}
        assert as_dict["countries"] == self.summary.countries


def test_bounded_dates_are_iso() -> None:
    """A dataset whose events are all bounded gives its first and last day."""
    data = dataset()
    bounded = tuple(
        attrs.evolve(e, part_of=None)  # the offensives they belong to are open
        for e in data.events
        if e.when.earliest != UNBOUNDED_START and e.when.latest != UNBOUNDED_END
    )
    summary = summarize(attrs.evolve(data, events=bounded))
    earliest = min(e.when.earliest for e in bounded)
    latest = max(e.when.latest for e in bounded)
    assert summary.dates == DateRange(earliest=earliest, latest=latest)
    assert summary.to_dict()["dates"] == {
        "earliest": earliest.isoformat(),
        "latest": latest.isoformat(),
    }
    assert f"dates: {earliest.isoformat()} to {latest.isoformat()}" in summary_text(summary)


def test_empty_dataset() -> None:
    summary = summarize(Dataset())
    assert summary.dates is None
    assert summary.to_dict()["dates"] is None
    assert summary.countries == {}
    assert sum(summary.collections.values()) == 0
    text = summary_text(summary)
    assert "dates: no events" in text
    assert "countries: none" in text


def lowest(day: date) -> date | None:
    """A lower bound as the summary holds it: None when open."""
    return None if day == UNBOUNDED_START else day


def highest(day: date) -> date | None:
    """An upper bound as the summary holds it: None when open."""
    return None if day == UNBOUNDED_END else day


@settings(max_examples=60)
@given(strategies.datasets())
def test_counts_add_up_and_dates_contain_every_event(data: Dataset) -> None:
    summary = summarize(data)
    records = len(data.actors) + len(data.locations) + len(data.sources) + len(data.events)
    assert sum(summary.collections.values()) == records
    assert sum(summary.event_types.values()) == len(data.events)
    assert sum(summary.attributions.values()) == sum(len(e.attributions) for e in data.events)
    assert summary.countries == countries_by_hand(data)
    assert all(count <= len(data.events) for count in summary.countries.values())
    dates = summary.dates
    if not data.events:
        assert dates is None
        return
    assert dates is not None
    for event in data.events:
        start, end = lowest(event.when.earliest), highest(event.when.latest)
        assert dates.earliest is None or (start is not None and dates.earliest <= start)
        assert dates.latest is None or (end is not None and end <= dates.latest)
    # The bounds are reached: each side is some event's own.
    assert dates.earliest in {lowest(event.when.earliest) for event in data.events}
    assert dates.latest in {highest(event.when.latest) for event in data.events}
