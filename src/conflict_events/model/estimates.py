"""Counts as reports give them: a low, best and high figure and how the source worded it."""

from __future__ import annotations

import enum

import attrs

from conflict_events.model import fields
from conflict_events.model.description import checked_by
from conflict_events.model.rules import AtLeastOne, Ordered

__all__ = ["Estimate", "EstimateQualifier"]


class EstimateQualifier(enum.Enum):
    """The wording that came with a number ("at least 620", "hundreds of")."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"
    APPROXIMATELY = "approximately"
    DOZENS = "dozens"
    HUNDREDS = "hundreds"
    THOUSANDS = "thousands"
    SEVERAL = "several"
    #: The most conservative of the figures reported, as ACLED codes fatalities.
    CONSERVATIVE = "conservative"
    #: No figure was reported; the zero stands for "none known", not "none died".
    NONE_REPORTED = "none_reported"


@attrs.frozen
@checked_by(
    AtLeastOne(("low", "best", "high"), at="best", what="an estimate"),
    Ordered(("low", "best", "high")),
)
class Estimate:
    """
    A count with its uncertainty: ``low <= best <= high``, any of which may be unknown.

    Maps onto UCDP GED's low/best/high and ACLED's single ``fatalities`` (the best
    figure, else the low one). "At least 620" is ``low=620`` with
    ``qualifier=AT_LEAST``; "hundreds" is ``low=200, high=999, qualifier=HUNDREDS``.
    """

    low: int | None = fields.count("The smallest figure the source allows.")
    best: int | None = fields.count("The source's best figure.")
    high: int | None = fields.count("The largest figure the source allows.")
    qualifier: EstimateQualifier = fields.choice(
        EstimateQualifier,
        "How the source worded the figure.",
        default=EstimateQualifier.EXACT,
    )

    def figures(self) -> tuple[tuple[str, int | None], ...]:
        """The three figures with their names, in order."""
        return (("low", self.low), ("best", self.best), ("high", self.high))

    @classmethod
    def exactly(cls, number: int) -> Estimate:
        """A count known exactly."""
        return cls(low=number, best=number, high=number)

    @classmethod
    def at_least(cls, number: int) -> Estimate:
        """A count known only from below ("at least 620")."""
        return cls(low=number, best=number, qualifier=EstimateQualifier.AT_LEAST)

    @classmethod
    def about(cls, number: int) -> Estimate:
        """An approximate count ("approximately 100,000")."""
        return cls(best=number, qualifier=EstimateQualifier.APPROXIMATELY)

    @property
    def point(self) -> int | None:
        """The single figure a one-number table (ACLED) would keep: best, else low, else high."""
        for value in (self.best, self.low, self.high):
            if value is not None:
                return value
        return None
