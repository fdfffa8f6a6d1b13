"""``conflict-events schema``: print the JSON Schema of the dataset document."""

from __future__ import annotations

import argparse
import json
from typing import Any

from conflict_events.formats.schema import json_schema

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``schema`` command."""
    parser = subparsers.add_parser(
        "schema",
        help="print the JSON Schema (draft 2020-12) of the dataset document",
        description="Print the JSON Schema (draft 2020-12) of the dataset document.",
    )
    parser.add_argument("--version", help="document format version (default: the current one)")
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the schema; exit 0."""
    print(json.dumps(json_schema(arguments.version), indent=2, ensure_ascii=False))
    return 0
