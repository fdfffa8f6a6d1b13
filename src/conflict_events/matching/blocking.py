"""
Candidate pairs: the events that may be one incident by their time bounds and their places.

No global window is used. Two events are a candidate pair when both hold:

- **Time.** Their date bounds may overlap once each is widened by the slack
  its width allows (`comparisons.slack_days`): with gap the days between the
  end of one and the start of the other, ``gap <= slack(a) + slack(b)``. An
  exact day tolerates one day either side; a month seven; a year 31.
- **Space.** Their places may coincide given each one's precision: two
  points whose discs (radius from `profiles.PRECISION_RADIUS_KM`) intersect;
  or a point or area inside an area known only to an admin2, an admin1 or a
  country (by the admin keys of `profiles.Place`); an event with no place,
  or placed only internationally, may be anywhere.

Both are found without comparing all pairs. Each event is put into *home*
buckets and *probes* some of them: a point is at home in every 0.25-degree
grid cell its disc touches and probes them too (two intersecting discs share
a cell: one holding a point of both), and is at home in its admin2, admin1,
country and "anywhere"; an area event probes only its own area's bucket.
Within each bucket a sweep over the widened date bounds (sorted by start,
with the active events kept in a heap by end) pairs each event with the
active ones only. The cost is ``O(n log n)`` plus the pairs found: sub-
quadratic whenever events spread over time or space, as conflict data do.
A pair found in several buckets is claimed by the least-numbered one
(`Buckets.pairs`), so buckets can be swept apart, in parts, and no set of
every pair is needed to drop the repeats.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

import attrs

from conflict_events.matching.comparisons import great_circle_km, slack_days
from conflict_events.matching.profiles import AreaLevel, Place, Profile

#: A bucket: ("cell", row, column), ("admin1", country, admin1), ("anywhere",) ...
Key = tuple[object, ...]

__all__ = [
    "CELL_DEGREES",
    "Buckets",
    "candidate_pairs",
    "home_keys",
    "places_may_coincide",
    "probe_keys",
]

#: The side of a grid cell, in degrees (about 28 km north-south).
CELL_DEGREES: Final = 0.25
_KM_PER_DEGREE: Final = 111.195
_LON_CELLS: Final = round(360 / CELL_DEGREES)
_LAT_LIMIT: Final = 89.9


def _cells(place: Place) -> Iterator[Key]:
    """Every grid cell the disc of *place* touches."""
    lat, lon = place.latitude, place.longitude
    if lat is None or lon is None:  # pragma: no cover - a disc always has coordinates
        return
    dlat = place.radius_km / _KM_PER_DEGREE
    top = min(_LAT_LIMIT, abs(lat) + dlat)
    dlon = place.radius_km / (_KM_PER_DEGREE * math.cos(math.radians(top)))
    rows = range(
        math.floor((lat - dlat) / CELL_DEGREES), math.floor((lat + dlat) / CELL_DEGREES) + 1
    )
    if dlon >= 180:  # noqa: PLR2004 - the disc wraps round the pole
        columns: Sequence[int] = range(_LON_CELLS)
    else:
        first = math.floor((lon - dlon + 180) / CELL_DEGREES)
        last = math.floor((lon + dlon + 180) / CELL_DEGREES)
        columns = sorted({column % _LON_CELLS for column in range(first, last + 1)})
    for row in rows:
        for column in columns:
            yield ("cell", row, column)


def _areas(place: Place) -> Iterator[Key]:
    country, admin1, admin2 = place.admin_path()
    if admin2 is not None and admin1 is not None:
        yield ("admin2", country, admin1, admin2)
    if admin1 is not None:
        yield ("admin1", country, admin1)
    if country is not None:
        yield ("country", country)
    yield ("anywhere",)


def home_keys(place: Place) -> frozenset[Key]:
    """The buckets an event at *place* is found in."""
    keys = set(_areas(place))
    if place.is_disc:
        keys.update(_cells(place))
    return frozenset(keys)


def probe_keys(place: Place) -> frozenset[Key]:
    """The buckets an event at *place* looks for partners in: its cells, or its own area."""
    if place.is_disc:
        return frozenset(_cells(place))
    areas = list(_areas(place))
    wanted = {
        AreaLevel.ADMIN2: "admin2",
        AreaLevel.ADMIN1: "admin1",
        AreaLevel.COUNTRY: "country",
    }.get(place.level, "anywhere")
    for key in areas:  # the area itself, else the nearest larger one known
        if key[0] == wanted:
            return frozenset({key})
    order = ("admin2", "admin1", "country", "anywhere")
    for key in areas:
        if order.index(str(key[0])) >= order.index(wanted):
            return frozenset({key})
    return frozenset({("anywhere",)})  # pragma: no cover - _areas always ends with it


def _window(profile: Profile) -> tuple[int, int]:
    slack = slack_days(profile.last - profile.first + 1)
    return profile.first - slack, profile.last + slack


def _sweep(
    members: Sequence[tuple[int, int, int, bool, bool]], groups: Sequence[int]
) -> Iterator[tuple[int, int]]:
    """
    Pair members whose windows overlap, when one probes and the other is at home.

    Members are (start, end, index, probes, home), sorted. The active probers
    and the active home members are kept apart, each in a heap by end, so a
    member only at home looks at the probers alone. A pair may come twice.
    """
    probing: list[tuple[int, int]] = []
    homes: list[tuple[int, int]] = []
    for start, end, index, probes, home in members:
        for heap in (probing, homes):
            while heap and heap[0][0] < start:
                heapq.heappop(heap)
        partners = ([other for _, other in homes] if probes else []) + (
            [other for _, other in probing] if home else []
        )
        group = groups[index]
        for other in partners:
            if groups[other] != group:
                yield (other, index) if other < index else (index, other)
        if probes:
            heapq.heappush(probing, (end, index))
        if home:
            heapq.heappush(homes, (end, index))


def places_may_coincide(left: Place, right: Place) -> bool:
    """False only for two points whose discs do not intersect (an area may hold anything)."""
    if not (left.is_disc and right.is_disc) or left.location == right.location:
        return True
    km = great_circle_km(left.latitude, left.longitude, right.latitude, right.longitude)  # type: ignore[arg-type]
    return km <= left.radius_km + right.radius_km


@attrs.frozen
class Buckets:
    """
    The events' buckets, numbered: each bucket's members, sorted for the sweep.

    Fields:
        members: Per bucket with a prober in it, its (start, end, index, probes, home)
            members sorted by widened start.
        numbers: Each such bucket's number.
        homes: Per event, the numbers of the buckets it is at home in.
        probes: Per event, the numbers of the buckets it probes.
        discs: Per event placed at a point, its (location, latitude, longitude, radius);
            None for one known only to an area.
    """

    members: tuple[tuple[tuple[int, int, int, bool, bool], ...], ...]
    numbers: tuple[int, ...]
    homes: tuple[frozenset[int], ...]
    probes: tuple[frozenset[int], ...]
    discs: tuple[tuple[str | None, float, float, float] | None, ...]

    @classmethod
    def of(cls, profiles: Sequence[Profile]) -> Buckets:
        """The buckets of *profiles* (the numbering follows their order; the pairs do not)."""
        numbers: dict[Key, int] = {}
        homes = []
        probes = []
        for profile in profiles:
            homes.append(
                frozenset(numbers.setdefault(k, len(numbers)) for k in home_keys(profile.place))
            )
            probes.append(
                frozenset(numbers.setdefault(k, len(numbers)) for k in probe_keys(profile.place))
            )
        held: list[dict[int, list[bool]]] = [{} for _ in numbers]
        for index, (home, probe) in enumerate(zip(homes, probes, strict=True)):
            for number in home:
                held[number].setdefault(index, [False, False])[1] = True
            for number in probe:
                held[number].setdefault(index, [False, False])[0] = True
        windows = [_window(profile) for profile in profiles]
        kept = [n for n, bucket in enumerate(held) if any(p for p, _ in bucket.values())]
        members = tuple(
            tuple(sorted((*windows[i], i, probes, home) for i, (probes, home) in held[n].items()))
            for n in kept
        )
        discs = tuple(
            (p.location, p.latitude, p.longitude, p.radius_km)
            if p.is_disc and p.latitude is not None and p.longitude is not None
            else None
            for p in (profile.place for profile in profiles)
        )
        return cls(members, tuple(kept), tuple(homes), tuple(probes), discs)

    def pairs(self, groups: Sequence[int], numbers: Iterable[int]) -> Iterator[tuple[int, int]]:
        """
        The candidate pairs the buckets *numbers* (positions in `members`) claim.

        A pair found in several buckets is claimed by one only: the least-numbered
        bucket where one of its events probes and the other is at home. So the
        pairs of disjoint sets of buckets are disjoint and together make all the
        candidate pairs, each once, whatever the numbering.
        """
        homes, probes, discs = self.homes, self.probes, self.discs
        for position in numbers:
            bucket = self.numbers[position]
            seen: set[tuple[int, int]] = set()
            for pair in _sweep(self.members[position], groups):
                if pair in seen:
                    continue
                seen.add(pair)
                i, j = pair
                if min((probes[i] & homes[j]) | (probes[j] & homes[i])) != bucket:
                    continue
                # places_may_coincide, on the discs read once per event
                left, right = discs[i], discs[j]
                if (
                    left is None
                    or right is None
                    or left[0] == right[0]
                    or great_circle_km(left[1], left[2], right[1], right[2]) <= left[3] + right[3]
                ):
                    yield pair


def candidate_pairs(profiles: Sequence[Profile], groups: Sequence[int]) -> set[tuple[int, int]]:
    """
    The candidate pairs among *profiles*, as index pairs ``(i, j)`` with ``i < j``.

    Only events of different *groups* (one group per dataset) are paired.
    """
    buckets = Buckets.of(profiles)
    return set(buckets.pairs(groups, range(len(buckets.members))))
