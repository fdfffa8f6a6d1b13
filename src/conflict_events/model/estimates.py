"""Counts as reports give them: a low, best and high figure and how the source worded it."""

from __future__ import annotations

import enum
import itertools

import attrs

from conflict_events.errors import FieldError
from conflict_events.model import fields

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


@attrs.frozen
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

    def __attrs_post_init__(self) -> None:
        if self.low is None and self.best is None and self.high is None:
            raise FieldError("best", "an estimate needs at least one of low, best or high")
        known = [(name, value) for name, value in self.figures() if value is not None]
        for (lower_name, lower), (upper_name, upper) in itertools.pairwise(known):
            if lower > upper:
                raise FieldError(
                    upper_name, f"{upper} is below {lower_name} {lower} (need low <= best <= high)"
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
