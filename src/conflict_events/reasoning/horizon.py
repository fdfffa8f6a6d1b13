"""
Evidence horizons: how far a statement about a place's holder carries.

A report that an actor held a place speaks for its own date. Past it the
holder is only *last known*, with a probability that falls linearly with the
distance in days, to nothing at the horizon; beyond it the holder is unknown.
The horizon is a number of days (or a `timedelta`), set per call, per build
and per location kind; `DEFAULT_HORIZON_DAYS` (365) is the default, chosen in
docs/timelines.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from conflict_events.errors import FieldError, describe
from conflict_events.model import LocationKind

__all__ = ["DEFAULT_HORIZON_DAYS", "HorizonLike", "decay", "horizon_days", "horizons_by_kind"]

#: How many days a statement about a holder carries by default (one year).
DEFAULT_HORIZON_DAYS = 365

#: A horizon as days or as a `timedelta`.
HorizonLike = int | timedelta


def horizon_days(value: HorizonLike) -> int:
    """
    *value* as a whole number of days, at least 1.

    Raises:
        FieldError: not a positive whole number of days.
    """
    days: object = value.days if isinstance(value, timedelta) else value
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise FieldError("horizon", f"{describe(value)} is not a positive number of days")
    return days


def horizons_by_kind(
    horizons: Mapping[LocationKind, HorizonLike] | None,
) -> dict[LocationKind, int]:
    """The horizon of each location kind given, in days."""
    return {kind: horizon_days(value) for kind, value in (horizons or {}).items()}


def decay(distance: int, horizon: int) -> float:
    """The weight of evidence *distance* days away: 1 at 0, falling linearly to 0 at *horizon*."""
    if distance >= horizon:
        return 0.0
    return 1.0 - distance / horizon
