"""
The names of the file formats and what each can do, without their readers and writers.

The command line lists formats in its help and takes its ``--from``, ``--to``
and ``--format`` choices from here, so that building its parser loads no
reader, writer or model class (``conflict-events --help`` stays quick).
`conflict_events.formats.registry.FORMATS` takes each format's suffixes from
`SUFFIXES` and holds the same names in the same order, with the same
abilities (checked by ``tests/test_cli_startup.py``). The module imports
nothing of the package; it sits outside ``conflict_events.formats`` because
importing any module of that package runs its ``__init__``, which loads the
JSON document layer and the model.
"""

from __future__ import annotations

from typing import Final

__all__ = ["DOCUMENT_FORMAT_VERSION", "NAMES", "READABLE", "STREAMED", "SUFFIXES", "WRITABLE"]

#: Every format's file name suffixes (lower case), by name, in the order help texts list them.
SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson"),
    "csv": (".csv",),
    "acled": (),
    "ucdp": (),
    "geojson": (".geojson",),
    "parquet": (),
}
#: Every format's name, in registry order.
NAMES: Final = tuple(SUFFIXES)
#: The formats that can be read, in registry order.
READABLE: Final = ("json", "jsonl", "csv", "acled", "ucdp", "parquet")
#: The formats that can be written, in registry order.
WRITABLE: Final = ("json", "jsonl", "acled", "ucdp", "geojson", "parquet")
#: The formats Dask streams partition by partition, in registry order.
STREAMED: Final = ("jsonl", "parquet")
#: The document format version the library writes, stated here once: the model's
#: `SCHEMA_VERSION` is this constant, and ``migrate``'s line in the command list names it.
DOCUMENT_FORMAT_VERSION: Final = "1.1.0"
