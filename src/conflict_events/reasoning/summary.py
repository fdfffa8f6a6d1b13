"""
A dataset at a glance: what ``conflict-events info`` prints, for Python users too.

`summarize` counts the records of each collection and the events of each type,
finds the span of days the events may cover, the countries their places lie
in and the statuses of their attributions; `DatasetSummary.to_dict` gives it as
JSON-ready data and `summary_text` as lines for a reader. Built on the model and
temporal layers only.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import attrs

from conflict_events.model import EVENT_TYPES, Dataset, StatementStatus
from conflict_events.model.record_kinds import COLLECTIONS
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START

__all__ = ["DatasetSummary", "DateRange", "summarize", "summary_text"]


@attrs.frozen
class DateRange:
    """
    The days the events of a dataset may fall on: the earliest and latest of their bounds.

    None on a side means the side is open: some event has no bound there (an
    ongoing siege, an interval open at its start).
    """

    earliest: date | None
    latest: date | None

    def to_dict(self) -> dict[str, str | None]:
        """ISO dates, None (JSON null) for an open side."""
        return {
            "earliest": None if self.earliest is None else self.earliest.isoformat(),
            "latest": None if self.latest is None else self.latest.isoformat(),
        }


@attrs.frozen(kw_only=True)
class DatasetSummary:
    """Counts that describe a dataset; `summarize` computes them."""

    #: The document format version the dataset holds.
    schema_version: str
    #: Records in each collection (``actors``, ``locations``, ``sources``, ``events``).
    collections: dict[str, int]
    #: Events of each type, every type named (0 when absent), in `EVENT_TYPES` order.
    event_types: dict[str, int]
    #: The span of days the events may cover; None for a dataset without events.
    dates: DateRange | None
    #: Each country code the locations carry, with the number of events whose
    #: main location, or one of its ancestors, carries it; most events first.
    countries: dict[str, int]
    #: Attributions of every event, by status, every status named, in `StatementStatus` order.
    attributions: dict[str, int]

    @property
    def sources(self) -> int:
        """The number of sources."""
        return self.collections["sources"]

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (``dates`` null when there are no events)."""
        return {
            "schema_version": self.schema_version,
            "collections": dict(self.collections),
            "event_types": dict(self.event_types),
            "dates": None if self.dates is None else self.dates.to_dict(),
            "countries": dict(self.countries),
            "attributions": dict(self.attributions),
        }


def _date_range(dataset: Dataset) -> DateRange | None:
    if not dataset.events:
        return None
    earliest = min(event.when.earliest for event in dataset.events)
    latest = max(event.when.latest for event in dataset.events)
    return DateRange(
        earliest=None if earliest == UNBOUNDED_START else earliest,
        latest=None if latest == UNBOUNDED_END else latest,
    )


def _countries(dataset: Dataset) -> dict[str, int]:
    """Events per country of their main location's chain; every country a location names."""
    counts: Counter[str] = Counter(
        {location.country: 0 for location in dataset.locations if location.country is not None}
    )
    for event in dataset.events:
        if event.location is None:
            continue
        chain = [dataset.location(event.location), *dataset.ancestors(event.location)]
        counts.update({place.country for place in chain if place.country is not None})
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def summarize(dataset: Dataset) -> DatasetSummary:
    """The counts, date range, countries and attribution statuses of *dataset*."""
    types = Counter(type(event).event_type for event in dataset.events)
    statuses = Counter(
        attribution.status for event in dataset.events for attribution in event.attributions
    )
    return DatasetSummary(
        schema_version=dataset.schema_version,
        collections={name: len(getattr(dataset, name)) for name in COLLECTIONS},
        event_types={tag: types[tag] for tag in EVENT_TYPES},
        dates=_date_range(dataset),
        countries=_countries(dataset),
        attributions={status.value: statuses[status] for status in StatementStatus},
    )


def _counts(counts: dict[str, int], *, zeros: bool = False) -> str:
    """``a 3, b 1``, zero counts left out unless *zeros*; ``none`` when nothing is left."""
    shown = [f"{name} {count}" for name, count in counts.items() if count or zeros]
    return ", ".join(shown) if shown else "none"


def summary_text(summary: DatasetSummary) -> str:
    """The summary as lines for a reader; types and statuses without any are left out."""
    dates = summary.dates
    if dates is None:
        span = "no events"
    else:
        start = "open" if dates.earliest is None else dates.earliest.isoformat()
        end = "open" if dates.latest is None else dates.latest.isoformat()
        span = f"{start} to {end}"
    return "\n".join(
        (
            f"document format: {summary.schema_version}",
            "records: " + ", ".join(f"{n} {name}" for name, n in summary.collections.items()),
            f"events by type: {_counts(summary.event_types)}",
            f"dates: {span}",
            f"countries: {_counts(summary.countries, zeros=True)}",
            f"sources: {summary.sources}",
            f"attributions by status: {_counts(summary.attributions)}",
        )
    )
