"""
Evidence horizons: how far a statement about a place's holder carries.

A report that an actor held a place speaks for its own date. Past it the
holder is only *last known*, with the chance of surviving as holder that
far: an exponential curve whose rate is measured from how often places
change hands in the data (`Turnover`, per location kind; `Fading` per
dataset). Beyond the horizon the holder is unknown. The horizon is a number
of days (or a `timedelta`), set per call, per build and per location kind;
by default it is three true average holdings (`Turnover.horizon`).
`DEFAULT_HORIZON_DAYS` (365) is the horizon of a timeline built by hand,
without data to measure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

import attrs

from conflict_events.errors import FieldError, describe
from conflict_events.model import LocationKind

__all__ = [
    "DEFAULT_HOLDING_DAYS",
    "DEFAULT_HORIZON_DAYS",
    "Fading",
    "HoldingCount",
    "HorizonLike",
    "Turnover",
    "horizon_days",
    "horizons_by_kind",
]

#: How many days a statement carries in a timeline built without data to measure (one year).
DEFAULT_HORIZON_DAYS = 365

#: A horizon as days or as a `timedelta`.
HorizonLike = int | timedelta


def horizon_days(value: HorizonLike, name: str = "horizon") -> int:
    """
    *value* as a whole number of days, at least 1.

    Raises:
        FieldError: not a positive whole number of days.
    """
    days: object = value.days if isinstance(value, timedelta) else value
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise FieldError(name, f"{describe(value)} is not a positive number of days")
    return days


def horizons_by_kind(
    horizons: Mapping[LocationKind, HorizonLike] | None,
) -> dict[LocationKind, int]:
    """The horizon of each location kind given, in days."""
    return {kind: horizon_days(value) for kind, value in (horizons or {}).items()}


#: How long a holder keeps a place, in days on average, where the data cannot tell.
DEFAULT_HOLDING_DAYS = 730.0
#: The share of changes a dataset reports, where the data cannot tell.
DEFAULT_REPORTED = 0.8
#: How many holdings, or named previous holders, the estimate of the prior is worth.
PRIOR_WEIGHT = 10
#: How many holdings the data must show before its own average is used.
MIN_HOLDINGS = 10
#: The default horizon in true average holdings: where the survival curve is under 5 %.
HORIZON_HOLDINGS = 3


@attrs.frozen
class Turnover:
    """
    How often places change hands in a dataset: what evidence fading over time rests on.

    ``days`` is the average time between the changes the data reports at a
    place; ``reported`` the share of true changes it reports. A holder named
    by evidence ``d`` days away still holds the place with the chance of an
    exponential survival curve. Beyond the data's own span every change may
    have happened unseen: the true rate, ``1 / (reported * days)``, applies.
    Inside it a change would most likely have been reported, so only the
    unreported share of that rate does.
    """

    days: float = DEFAULT_HOLDING_DAYS
    reported: float = DEFAULT_REPORTED

    @property
    def true_days(self) -> float:
        """The average time a holder truly keeps a place, missed changes counted."""
        return self.reported * self.days

    def weight(self, distance: int, inside: int, horizon: int) -> float:
        """The weight of evidence *distance* days away, *inside* of them within the data's span."""
        if distance >= horizon:
            return 0.0
        rate = 1.0 / self.true_days
        return math.exp(-rate * ((distance - inside) + (1.0 - self.reported) * inside))

    def horizon(self) -> int:
        """The default horizon: `HORIZON_HOLDINGS` true average holdings, in days."""
        return max(1, round(HORIZON_HOLDINGS * self.true_days))


@attrs.frozen
class HoldingCount:
    """
    The sums a `Turnover` is estimated from, over some places; counts of parts of the data add up.

    ``places`` with a change, the sum of their first change days (ordinals),
    how many holdings ``ended`` (a change followed by another), and how many of
    the later changes ``named`` a previous holder and how many of those
    ``matched`` the holder before them.
    """

    places: int = 0
    first_days: int = 0
    ended: int = 0
    named: int = 0
    matched: int = 0

    @classmethod
    def of(cls, changes: list[tuple[int, bool | None]]) -> HoldingCount:
        """
        The count of one place's changes, given in order.

        Each change is its middle day (ordinal) and whether its named previous
        holder is the holder before it (None when it names none).
        """
        if not changes:
            return cls()
        named = [match for _, match in changes[1:] if match is not None]
        return cls(1, changes[0][0], len(changes) - 1, len(named), sum(named))

    def __add__(self, other: HoldingCount) -> HoldingCount:
        return HoldingCount(
            *(a + b for a, b in zip(attrs.astuple(self), attrs.astuple(other), strict=True))
        )

    def turnover(self, last: int) -> Turnover | None:
        """
        The turnover, or None when fewer than `MIN_HOLDINGS` holdings end.

        ``days`` is the days held over the holdings seen to end (the
        maximum-likelihood mean of an exponential survival, the running holdings
        censored at *last*, the data's last day). ``reported`` is the share of
        named previous holders that match the holder before them (a mismatch
        means a change in between went unreported), drawn towards
        `DEFAULT_REPORTED` by `PRIOR_WEIGHT`.
        """
        if self.ended < MIN_HOLDINGS:
            return None
        held = self.places * last - self.first_days
        reported = (self.matched + PRIOR_WEIGHT * DEFAULT_REPORTED) / (self.named + PRIOR_WEIGHT)
        return Turnover(days=max(held, 1) / self.ended, reported=reported)


@attrs.frozen
class Fading:
    """
    How evidence fades in one dataset: the holdings of each location kind, and its span.

    ``counts`` holds the `HoldingCount` of each location kind and, under None,
    of every place; ``first`` and ``last`` (ordinals) bound the days the data
    reports control over (``first > last``: none). Measured once per dataset
    (`Timelines.measure`); the fadings of parts of the data add up, so a
    partitioned build fades as the whole would.
    """

    counts: Mapping[LocationKind | None, HoldingCount] = attrs.field(factory=dict)
    first: int = date.max.toordinal()
    last: int = date.min.toordinal()

    def __add__(self, other: Fading) -> Fading:
        counts = dict(self.counts)
        for kind, count in other.counts.items():
            counts[kind] = counts.get(kind, HoldingCount()) + count
        return Fading(counts, min(self.first, other.first), max(self.last, other.last))

    @property
    def coverage(self) -> tuple[int, int] | None:
        """The first and last day the data reports control over, or None."""
        return (self.first, self.last) if self.first <= self.last else None

    def turnover(self, kind: LocationKind | None) -> Turnover:
        """The turnover of places of *kind*: their own if enough, else all places', else default."""
        for key in (kind, None):
            count = self.counts.get(key)
            found = count.turnover(self.last) if count is not None else None
            if found is not None:
                return found
        return Turnover()
