"""
The temporal strategies' former home, kept while callers move to `conflict_events.strategies`.

Everything here is `conflict_events.strategies.temporal`; import the names from
`conflict_events.strategies` instead.
"""

from __future__ import annotations

from conflict_events.strategies.temporal import (
    crisp_intervals,
    edtf_strings,
    fuzzy_dates,
    relation_sets,
    relations,
    spans,
)

__all__ = [
    "crisp_intervals",
    "edtf_strings",
    "fuzzy_dates",
    "relation_sets",
    "relations",
    "spans",
]
