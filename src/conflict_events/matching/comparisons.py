"""
The comparisons of two events, each a small pure function giving an interpretable level.

Each comparison puts a pair of events into one of a few named *levels*,
ordered from the strongest agreement to the strongest disagreement, or into
none (None: one side says nothing, so the comparison is no evidence either
way). The Fellegi-Sunter model (`conflict_events.matching.model`) learns how
much each level weighs; the levels themselves are plain rules:

- `compare_dates`: what the two dates' or spans' bounds allow, in the day
  model of `conflict_events.temporal.allen` (its detail names the Allen
  relations they may have, `possible_relations`).
  ``same_day`` when they must be equal, ``same_bounds`` when their bounds
  are the same without being one day (both say "February 2015"),
  ``overlap_narrow`` / ``overlap_week`` / ``overlap_month`` /
  ``overlap_wide`` when they may share a day, by the wider one's width (at
  most `NARROW_DAYS`, `WEEK_DAYS`, `MONTH_DAYS`, or wider: a week that
  holds the other's day is better evidence than a year that does),
  ``adjacent`` when they cannot but the gap is within the slack their
  precisions allow (`slack_days`), ``apart`` beyond it.
- `compare_places`: great-circle distance relative to the combined radius
  of two points (``same_location`` within 1 km or the same location,
  ``close`` within half the radii, ``within_reach`` within their sum), or,
  when one side is known only to an area, whether the other lies in it by
  the admin chain (``same_area`` for the very same location, or a place of
  the same name, one side without coordinates, in the same admin areas;
  ``inside_admin2`` or ``inside_admin1`` by the coarser side's level, since a
  district holds far fewer events than a province; ``same_country``);
  ``apart`` otherwise.
- `compare_types`: ``same_type`` when both are filed alike in a shared scheme
  (or, with none shared, are of one class), ``compatible`` when the classes
  the crosswalk allows meet, ``incompatible`` when they do not.
- `compare_actors`: ``all_shared`` when every actor of one side is known by a
  key of the other (`names.actor_keys`), ``some_shared``, ``none_shared``.
- `compare_fatalities`: ``same`` best figure, ``both_zero``, ``overlap`` of
  the low-high intervals, ``close`` (within a factor of 2 or 2 deaths),
  ``different``; none when a side reports no figure.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from typing import Final

import attrs

from conflict_events.matching.profiles import AreaLevel, Place, Profile
from conflict_events.model import Estimate, EstimateQualifier
from conflict_events.temporal import FuzzyDate, Span
from conflict_events.temporal.allen import Relation, possible_relations

__all__ = [
    "COMPARISONS",
    "EARTH_RADIUS_KM",
    "MONTH_DAYS",
    "NARROW_DAYS",
    "WEEK_DAYS",
    "Comparison",
    "Outcome",
    "compare_actors",
    "compare_dates",
    "compare_fatalities",
    "compare_places",
    "compare_types",
    "date_level",
    "fatality_interval",
    "fixed",
    "great_circle_km",
    "overlap_level",
    "slack_days",
]

#: The mean Earth radius used for great-circle distances.
EARTH_RADIUS_KM: Final = 6371.0088
#: Dates at most this many days wide that may share a day overlap narrowly.
NARROW_DAYS: Final = 3
#: Dates at most this many days wide that may share a day overlap within a week.
WEEK_DAYS: Final = 7
#: Dates at most this many days wide that may share a day overlap within a month.
MONTH_DAYS: Final = 31
_SAME_KM: Final = 1.0


@attrs.frozen
class Outcome:
    """
    The level a pair falls into for one comparison, and what it rests on.

    Fields:
        level: The level's name, or None when one side says nothing.
        detail: What the level rests on, in words (``distance 3.2 km of 10 km``).
    """

    level: str | None
    detail: str


# -- dates -------------------------------------------------------------------------------


def slack_days(days: int) -> int:
    """
    How many days of gap a date *days* wide tolerates: 1, 2, 7 or 31.

    An exact day tolerates one (sources often date the same incident a day
    apart); a week two; a month seven; anything wider 31.
    """
    if days <= 1:
        return 1
    if days <= 7:  # noqa: PLR2004 - a week
        return 2
    if days <= 31:  # noqa: PLR2004 - a month
        return 7
    return 31


def _days(when: FuzzyDate | Span) -> int:
    return (when.latest - when.earliest).days + 1


def _relations_text(relations: frozenset[Relation]) -> str:
    """The relations in words that read the same from either side: ``during/contains``."""
    pairs = {"/".join(sorted({r.phrase, r.converse.phrase})) for r in relations}
    return "may be " + " or ".join(sorted(pairs))


def overlap_level(days: int) -> str:
    """The overlap level of two dates that may share a day, by the wider one's width."""
    if days <= NARROW_DAYS:
        return "overlap_narrow"
    if days <= WEEK_DAYS:
        return "overlap_week"
    if days <= MONTH_DAYS:
        return "overlap_month"
    return "overlap_wide"


def fixed(when: FuzzyDate | Span) -> bool:
    """
    Whether every day of *when* is known: an exact day, or a span between two.

    A span never ends before it starts, so its start can be no later than its
    end's latest day and its end no earlier than its start's earliest.
    """
    if isinstance(when, Span):
        if when.end is None:
            return False
        start, end = when.start, when.end
        return min(start.latest, end.latest) == start.earliest and (
            max(end.earliest, start.earliest) == end.latest
        )
    return when.is_exact


def _gap(left: FuzzyDate | Span, right: FuzzyDate | Span) -> tuple[int, int]:
    """The days between two dates' bounds, and the gap their precisions allow."""
    gap = max((right.earliest - left.latest).days, (left.earliest - right.latest).days)
    return gap, slack_days(_days(left)) + slack_days(_days(right))


@functools.lru_cache(maxsize=1 << 16)
def date_level(left: FuzzyDate | Span, right: FuzzyDate | Span) -> str:
    """
    The level of two dates or spans, from their bounds alone (`compare_dates`'s).

    In the day model two dates may share a day exactly when their bounds
    meet (each may stretch to its bounds), and must be one and the same
    stretch exactly when both are fixed and alike, so no Allen relation needs
    computing to find the level; `compare_dates` adds the relations in words.
    """
    bounds = (left.earliest, left.latest)
    if bounds == (right.earliest, right.latest):
        return "same_day" if fixed(left) and fixed(right) else "same_bounds"
    if left.earliest <= right.latest and right.earliest <= left.latest:
        return overlap_level(max(_days(left), _days(right)))
    gap, allowed = _gap(left, right)
    return "adjacent" if gap <= allowed else "apart"


@functools.lru_cache(maxsize=1 << 16)
def compare_dates(left: FuzzyDate | Span, right: FuzzyDate | Span) -> Outcome:
    """The level of two dates or spans (`date_level`), with their possible Allen relations."""
    level = date_level(left, right)
    if level == "same_day":
        return Outcome(level, "must be equal")
    if level in {"adjacent", "apart"}:
        gap, allowed = _gap(left, right)
        return Outcome(level, f"{gap} days apart (slack {allowed})")
    relations = _relations_text(possible_relations(left, right))
    return Outcome(level, "the same bounds, " + relations if level == "same_bounds" else relations)


# -- places ------------------------------------------------------------------------------


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance in km between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _distance(left: Place, right: Place) -> float | None:
    if None in (left.latitude, left.longitude, right.latitude, right.longitude):
        return None
    return great_circle_km(left.latitude, left.longitude, right.latitude, right.longitude)  # type: ignore[arg-type]


_DEPTH: Final = {AreaLevel.COUNTRY: 1, AreaLevel.ADMIN1: 2, AreaLevel.ADMIN2: 3, AreaLevel.POINT: 3}


def _paths_agree(left: Place, right: Place) -> bool:
    """No admin level both know differs, and both know the country."""
    pairs = list(zip(left.admin_path(), right.admin_path(), strict=True))
    return None not in pairs[0] and all(a == b for a, b in pairs if a is not None and b is not None)


def compare_places(left: Place, right: Place) -> Outcome:
    """The level of two places: distance against precision, or containment by admin chain."""
    if left.level is AreaLevel.ANYWHERE or right.level is AreaLevel.ANYWHERE:
        return Outcome(None, "a place is unknown")
    if left.is_disc and right.is_disc:
        km = _distance(left, right)
        reach = left.radius_km + right.radius_km
        if left.location == right.location or (km is not None and km <= _SAME_KM):
            return Outcome("same_location", "same location")
        if km is None:  # pragma: no cover - a disc always has coordinates
            return Outcome(None, "no coordinates")
        detail = f"{km:.1f} km apart, precision {reach:.0f} km"
        if km <= reach / 2:
            return Outcome("close", detail)
        return Outcome("within_reach" if km <= reach else "apart", detail)
    if left.location is not None and left.location == right.location:
        return Outcome("same_area", "the same location, known only to an area")
    if left.names & right.names and _paths_agree(left, right):
        return Outcome("same_area", "the same named place, one known only to an area")
    depth = _DEPTH[max(left.level, right.level)]
    pairs = list(zip(left.admin_path(), right.admin_path(), strict=True))[:depth]
    known = [(a, b) for a, b in pairs if a is not None and b is not None]
    if not known:
        return Outcome(None, "no admin area in common to compare")
    for position, (a, b) in enumerate(pairs):
        if a is not None and b is not None and a != b:
            if position == 0:
                return Outcome("apart", "countries differ ({} / {})".format(*sorted((a, b))))
            return Outcome("same_country", f"same country, admin{position} differs")
    if depth == 1:
        return Outcome("same_country", "one is known only to the country")
    return Outcome(f"inside_admin{depth - 1}", f"within the same admin{depth - 1} area")


# -- types -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def compare_types(
    left_classes: frozenset[str],
    left_types: frozenset[tuple[str, tuple[str, ...]]],
    right_classes: frozenset[str],
    right_types: frozenset[tuple[str, tuple[str, ...]]],
) -> Outcome:
    """The level of two events' kinds, by their classifications and the crosswalk."""
    schemes = {s for s, _ in left_types if s != "class"} & {
        s for s, _ in right_types if s != "class"
    }
    if schemes:
        same = any((s, p) in right_types for s, p in left_types if s in schemes)
    else:
        same = {t for t in left_types if t[0] == "class"} == {
            t for t in right_types if t[0] == "class"
        }
    shared = left_classes & right_classes
    if same and shared:
        return Outcome("same_type", "filed alike")
    if shared:
        return Outcome("compatible", "may both be " + " or ".join(sorted(shared)))
    return Outcome("incompatible", "no event class in common")


# -- actors ------------------------------------------------------------------------------


def compare_actors(left: Sequence[frozenset[str]], right: Sequence[frozenset[str]]) -> Outcome:
    """The level of two events' actors, each given as the set of keys it is known by."""
    return _compare_actors(tuple(left), tuple(right))


@functools.lru_cache(maxsize=1 << 16)
def _compare_actors(left: tuple[frozenset[str], ...], right: tuple[frozenset[str], ...]) -> Outcome:
    if not left or not right:
        return Outcome(None, "an event names no actor")
    left_keys = frozenset().union(*left)
    right_keys = frozenset().union(*right)
    found_left = sum(1 for keys in left if keys & right_keys)
    found_right = sum(1 for keys in right if keys & left_keys)
    shares = sorted([(found_left, len(left)), (found_right, len(right))])
    detail = " and ".join(f"{found} of {total}" for found, total in shares) + " actors shared"
    if found_left == len(left) or found_right == len(right):
        return Outcome("all_shared", detail)
    if found_left:
        return Outcome("some_shared", detail)
    return Outcome("none_shared", detail)


# -- fatalities --------------------------------------------------------------------------

_UNBOUNDED_ABOVE: Final = frozenset({EstimateQualifier.AT_LEAST, EstimateQualifier.MORE_THAN})
_UNBOUNDED_BELOW: Final = frozenset({EstimateQualifier.AT_MOST, EstimateQualifier.FEWER_THAN})
_CLOSE_DEATHS: Final = 2


def fatality_interval(estimate: Estimate | None) -> tuple[float, float] | None:
    """
    The deaths an estimate allows, as (low, high); None when no figure was reported.

    The low and high figures are the least and most of those given; "at least"
    opens the top, "at most" the bottom, "approximately" widens by a quarter.
    """
    if estimate is None or estimate.qualifier is EstimateQualifier.NONE_REPORTED:
        return None
    figures = [value for _, value in estimate.figures() if value is not None]
    low, high = float(min(figures)), float(max(figures))
    if estimate.qualifier in _UNBOUNDED_ABOVE:
        high = math.inf
    elif estimate.qualifier in _UNBOUNDED_BELOW:
        low = 0.0
    elif estimate.qualifier is EstimateQualifier.APPROXIMATELY:
        low, high = low * 0.75, high * 1.25
    return low, high


@functools.lru_cache(maxsize=1 << 16)
def compare_fatalities(left: Estimate | None, right: Estimate | None) -> Outcome:
    """The level of two death estimates (see module)."""
    a, b = fatality_interval(left), fatality_interval(right)
    if a is None or b is None or left is None or right is None:
        return Outcome(None, "a figure is not reported")
    x, y = left.point, right.point
    detail = " and ".join(sorted((str(x), str(y))))
    if x == y == 0:
        return Outcome("both_zero", detail)
    if x == y:
        return Outcome("same", detail)
    if a[0] <= b[1] and b[0] <= a[1]:
        return Outcome("overlap", detail)
    if x is not None and y is not None:
        small, large = sorted((x, y))
        if large - small <= _CLOSE_DEATHS or large <= 2 * small:
            return Outcome("close", detail)
    return Outcome("different", detail)


# -- the set -----------------------------------------------------------------------------


@attrs.frozen
class Comparison:
    """
    One comparison: its name, its levels from agreement to disagreement, and its rule.

    Fields:
        name: The comparison's name (``date``, ``place`` ...).
        levels: Its levels, from the strongest agreement to the strongest disagreement.
        compare: The rule, on two profiles.
        level: The same rule giving the level only, where that is faster; what
            every candidate pair is put through (`compare` runs for the pairs kept).
    """

    name: str
    levels: tuple[str, ...]
    compare: Callable[[Profile, Profile], Outcome]
    level: Callable[[Profile, Profile], str | None] | None = None

    def level_of(self, left: Profile, right: Profile) -> str | None:
        """The pair's level alone: *level* where given (faster, no words), else *compare*'s."""
        if self.level is not None:
            return self.level(left, right)
        return self.compare(left, right).level


#: The comparisons the matcher makes, in the order evidence lists them.
COMPARISONS: Final = (
    Comparison(
        "date",
        (
            "same_day",
            "same_bounds",
            "overlap_narrow",
            "overlap_week",
            "overlap_month",
            "overlap_wide",
            "adjacent",
            "apart",
        ),
        lambda a, b: compare_dates(a.when, b.when),
        lambda a, b: date_level(a.when, b.when),
    ),
    Comparison(
        "place",
        (
            "same_location",
            "close",
            "within_reach",
            "same_area",
            "inside_admin2",
            "inside_admin1",
            "same_country",
            "apart",
        ),
        lambda a, b: compare_places(a.place, b.place),
    ),
    Comparison(
        "type",
        ("same_type", "compatible", "incompatible"),
        lambda a, b: compare_types(a.classes, a.own_types, b.classes, b.own_types),
    ),
    Comparison(
        "actors",
        ("all_shared", "some_shared", "none_shared"),
        lambda a, b: compare_actors(a.actors, b.actors),
    ),
    Comparison(
        "fatalities",
        ("same", "both_zero", "overlap", "close", "different"),
        lambda a, b: compare_fatalities(a.fatalities, b.fatalities),
    ),
)
