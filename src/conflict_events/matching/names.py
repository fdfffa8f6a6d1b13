"""
Keys under which records of different datasets name the same actor or the same area.

Actors and places from different datasets are different records with
different ids (``acled-actor:...``, ``ucdp-actor:...``), so they are compared
by what they are called. A name is reduced to a *key*: normalised as ids are
(`conflict_events.formats.ids.normalise`), a trailing parenthesised qualifier
dropped (ACLED's ``Civilians (Syria)``, ``Military Forces of Syria (2000-)``),
transliterations folded (`conflict_events.reasoning.place_names.name_key`),
and a few well-known equivalences applied (`ACTOR_EQUIVALENTS`): a state's
armed forces and its government are one side, as UCDP names them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import Final

from conflict_events.formats.ids import normalise
from conflict_events.model import Actor
from conflict_events.reasoning.place_names import name_key, skeleton

__all__ = ["ACTOR_EQUIVALENTS", "actor_keys", "actor_name_key", "area_key"]

_STATE: Final = re.compile(
    r"^(?:military forces|police forces|armed forces|army|government|regime) of (?:the )?(.+)$"
)

#: Names (normalised, qualifier dropped) that stand for one actor, and the key they share.
ACTOR_EQUIVALENTS: Final[Mapping[str, str]] = dict.fromkeys(
    (
        "is",
        "isis",
        "isil",
        "daesh",
        "da'esh",
        "islamic state",
        "islamic state of iraq and the levant",
        "islamic state of iraq and syria",
        "islamic state of iraq and sham",
    ),
    "islamic state",
)


@functools.lru_cache(maxsize=1 << 14)
def _without_qualifiers(text: str) -> str:
    """
    *text* without the parenthesised qualifiers at its end ("Military Forces of Syria (2000-)").

    String scanning, not a regular expression: a pattern searched from every
    start would rescan each run of spaces (see tests/test_regex_linear.py).
    A text that is nothing but a qualifier is kept.
    """
    while True:
        end = text.rstrip()
        start = end.rfind("(")
        if not end.endswith(")") or start < 0 or ")" in end[start + 1 : -1]:
            return text
        stripped = end[:start].rstrip()
        if not stripped:
            return text
        text = stripped


def actor_name_key(name: str) -> str:
    """
    The key of one actor name: ``Military Forces of Syria (2000-)`` and ``Government of Syria``.

    Both give ``state:syria``; ``Islamic State (Syria)`` and ``ISIL`` both give
    ``islamic state``.
    """
    text = _without_qualifiers(normalise(name))
    if text in ACTOR_EQUIVALENTS:
        return ACTOR_EQUIVALENTS[text]
    state = _STATE.match(text)
    if state is not None:
        return "state:" + (name_key(state.group(1)) or state.group(1))
    return name_key(text) or text


def actor_keys(actor: Actor) -> frozenset[str]:
    """Every key *actor* is known by: its id, each external id, and each name's key."""
    return frozenset(_actor_keys(actor))


def _actor_keys(actor: Actor) -> Iterator[str]:
    yield "id:" + actor.id
    for system, value in actor.external_ids.items():
        yield f"external:{system}:{normalise(value)}"
    for name in actor.names:
        yield "name:" + actor_name_key(name)


@functools.lru_cache(maxsize=1 << 14)
def area_key(name: str) -> str:
    """
    The key of an administrative area's name, loose enough to meet across gazetteers.

    The consonant `skeleton` of the name without its generic words and
    qualifier: ``Dayr az-Zawr governorate`` and ``Deir ez-Zor`` share it, and
    so do ``Myanmar (Burma)`` and ``Myanmar``. It is compared only within one
    country (and one admin1 for an admin2), where such collisions are rare.
    """
    text = _without_qualifiers(normalise(name))
    return skeleton(text) or text
