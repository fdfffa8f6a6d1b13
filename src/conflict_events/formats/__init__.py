"""Serialisation: plain data, JSON and the other formats the library reads and writes."""

from conflict_events.formats.documents import from_dict, from_json, to_dict, to_json
from conflict_events.formats.jsonl import iter_records, write_records
from conflict_events.formats.schema import json_schema

__all__ = [
    "from_dict",
    "from_json",
    "iter_records",
    "json_schema",
    "to_dict",
    "to_json",
    "write_records",
]
