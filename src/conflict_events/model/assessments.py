"""
How a source ranks an event against others: "the deadliest and most significant in over a year".

An `Assessment` is kept on the event it ranks, with what it is compared with
and since when nothing matched it, and who makes the comparison.
"""

from __future__ import annotations

import enum

import attrs

from conflict_events.model import fields
from conflict_events.model.sources import Attribution
from conflict_events.temporal import FuzzyDate

__all__ = ["Assessment", "Superlative"]


class Superlative(enum.Enum):
    """The respect in which an event is said to surpass others."""

    DEADLIEST = "deadliest"
    MOST_SIGNIFICANT = "most_significant"
    LARGEST = "largest"
    LONGEST = "longest"
    MOST_DESTRUCTIVE = "most_destructive"
    #: The first of its kind ("the first attack on the city since").
    FIRST = "first"


@attrs.frozen
class Assessment:
    """
    A comparative judgement of an event: the *measure*-est since *since*, among *among*.

    "The deadliest in over a year" is ``measure`` DEADLIEST with ``since`` the
    date, more than a year back, from which no event matched it.
    """

    measure: Superlative = fields.choice(Superlative, "In what respect the event surpasses others.")
    since: FuzzyDate | None = fields.fuzzy_date(
        "Since when nothing matched it ('in over a year'); unknown when the source gives no time."
    )
    among: str | None = fields.text("What it is compared with ('the group's offensives').")
    attributions: tuple[Attribution, ...] = fields.nested_list(
        Attribution, "Who makes the comparison."
    )
