"""The built-in example's Arrow tables with its events' rows changed, for the frames' tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa

from conflict_events import examples
from conflict_events.formats import arrow

#: The events' rows as plain dicts (every column but ``extensions``).
Rows = list[dict[str, Any]]


def changed_tables(change: Callable[[Rows], None]) -> dict[str, Any]:
    """Every table of the built-in example, the events rebuilt after *change* edits their rows."""
    tables = arrow.to_arrow(examples.dataset())
    events = tables["events"]
    columns = [name for name in events.column_names if name != "extensions"]
    rows = events.select(columns).to_pylist()
    change(rows)
    for name in columns:
        index = events.schema.get_field_index(name)
        kind = events.schema.field(name).type
        values = [row[name] for row in rows]
        if pa.types.is_dictionary(kind):
            array = pa.array(values, pa.string()).dictionary_encode().cast(kind)
        else:
            array = pa.array(values, kind)
        events = events.set_column(index, events.schema.field(name), array)
    return {**tables, "events": events}
