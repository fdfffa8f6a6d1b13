"""Serialisation: plain data, JSON and the other formats the library reads and writes."""

from conflict_events.formats.documents import from_dict, from_json, to_dict, to_json

__all__ = ["from_dict", "from_json", "to_dict", "to_json"]
