"""
The subcommands of ``conflict-events``, one module each.

A command module provides ``register(subparsers)``, which adds its parser and
sets ``run`` (a function of the parsed arguments returning the exit code).
"""

from __future__ import annotations

from types import ModuleType

from conflict_events.commands import (
    convert,
    generate,
    info,
    match,
    migrate,
    resolve,
    schema,
    timeline,
    validate,
)

__all__ = ["COMMANDS"]

#: The command modules, in the order ``--help`` lists them.
COMMANDS: tuple[ModuleType, ...] = (
    validate,
    info,
    convert,
    migrate,
    schema,
    timeline,
    match,
    resolve,
    generate,
)
