"""
The subcommands of ``conflict-events``, one module each, and the table of them.

A command module provides ``register(subparsers)``, which adds its parser
(with its line of help from `COMMANDS`) and sets ``run`` (a function of the
parsed arguments returning the exit code). `COMMANDS` names each command's
module and holds its one line of help, so that the command line can list
every command without importing one (`conflict_events.cli.build_parser`
registers only the command it is asked to run); `load` imports a command's
module.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Final, NamedTuple

from conflict_events._format_names import DOCUMENT_FORMAT_VERSION, NAMES, READABLE

__all__ = ["COMMANDS", "Command", "load"]


class Command(NamedTuple):
    """A subcommand: the module under `conflict_events.commands` that holds it, its help line."""

    #: The module's name under `conflict_events.commands`.
    module: str
    #: Its line in ``conflict-events --help``.
    help: str


#: Every command by name, in the order ``--help`` lists them.
COMMANDS: Final[dict[str, Command]] = {
    "validate": Command("validate", f"check {', '.join(READABLE)} files; print every error"),
    "info": Command("info", "what a dataset holds: counts, dates, countries, attributions"),
    "convert": Command("convert", f"convert between {', '.join(NAMES)}"),
    "migrate": Command("migrate", f"upgrade a JSON document to format {DOCUMENT_FORMAT_VERSION}"),
    "schema": Command("schema", "print the JSON Schema (draft 2020-12) of the dataset document"),
    "timeline": Command(
        "timeline", "who controlled what, when (the built-in example without PATH)"
    ),
    "match": Command("match", "match the events of several datasets that may be one incident"),
    "resolve": Command("resolve", "resolve a relative time expression against a report's date"),
    "generate": Command(
        "generate", "write a synthetic dataset of N events (JSON Lines or Parquet)"
    ),
    "completion": Command(
        "completion", "print the bash or zsh completion script (extra: completion)"
    ),
}


def load(name: str) -> ModuleType:
    """The module of the command *name* (a key of `COMMANDS`), imported."""
    return importlib.import_module(f"{__name__}.{COMMANDS[name].module}")
