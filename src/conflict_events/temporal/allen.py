"""
Allen's interval algebra: the 13 relations, composition, uncertain intervals, networks.

Two time models meet here, and the choice between them is explicit:

* **Instants.** `relation` on pairs of numbers, datetimes or other ordered
  values reads each pair as a closed interval between two instants. A pair with
  equal ends is a degenerate interval (an instant); a point is then `BEFORE`,
  `STARTS`, `DURING`, `FINISHES` or `AFTER` an interval, and `BEFORE`, `EQUALS`
  or `AFTER` another point (`MEETS`, `OVERLAPS` and their kin need two proper
  intervals).
* **Days.** A pair of `datetime.date` values ``(first, last)`` is the whole days
  from the start of *first* to the end of *last*, so every dated interval, even
  a single day, is a proper interval: two events on the same day are `EQUALS`,
  an event on the last day of a siege `FINISHES` it, and a siege that ends on
  the 3rd `MEETS` one that starts on the 4th. `FuzzyDate` and `Span` use this
  model, and so does `Network`, for which Allen's composition table is exact
  only over proper intervals.

Relation sets are bitmasks internally (bit *i* for the *i*-th member), and the
composition of two sets is looked up in tables built once, so path consistency
over hundreds of intervals takes seconds, not minutes.
"""

from __future__ import annotations

import enum
import functools
import re
from array import array
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import attrs

from conflict_events.errors import InconsistentNetworkError
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.span import Span

__all__ = [
    "ALL",
    "Constraint",
    "InconsistentNetworkError",
    "Network",
    "Relation",
    "compose",
    "compose_sets",
    "necessary_relation",
    "parse_relations",
    "possible_relations",
    "relation",
]


class Relation(enum.Enum):
    """
    One of Allen's 13 basic relations between two intervals, read "x REL y".

    Values are Allen's (1983) symbols; `parse` also reads names ("met by").
    """

    BEFORE = "<"
    AFTER = ">"
    MEETS = "m"
    MET_BY = "mi"
    OVERLAPS = "o"
    OVERLAPPED_BY = "oi"
    STARTS = "s"
    STARTED_BY = "si"
    DURING = "d"
    CONTAINS = "di"
    FINISHES = "f"
    FINISHED_BY = "fi"
    EQUALS = "="

    @property
    def converse(self) -> Relation:
        """The relation of y to x when x has this relation to y."""
        return _CONVERSE[self]

    @property
    def bit(self) -> int:
        """This relation's bit in the integer masks used for relation sets."""
        return _BIT[self]

    @property
    def phrase(self) -> str:
        """The relation in words: ``"met by"``, ``"overlapped by"``."""
        return self.name.lower().replace("_", " ")

    @classmethod
    def parse(cls, text: str) -> Relation:
        """
        Read one relation from its name (any case, spaces, hyphens or underscores) or symbol.

        Raises:
            TemporalError: *text* names no relation.
        """
        key = re.sub(r"[\s_-]+", " ", text.strip().lower())
        found = _BY_TEXT.get(key)
        if found is None:
            raise TemporalError(text, "not an Allen relation (e.g. 'before', 'met by', 'o')")
        return found


_ORDER = tuple(Relation)
_BIT = {member: 1 << index for index, member in enumerate(_ORDER)}
#: The mask of every relation: nothing is known.
ALL = (1 << len(_ORDER)) - 1
_CONVERSE = {
    Relation.BEFORE: Relation.AFTER,
    Relation.AFTER: Relation.BEFORE,
    Relation.MEETS: Relation.MET_BY,
    Relation.MET_BY: Relation.MEETS,
    Relation.OVERLAPS: Relation.OVERLAPPED_BY,
    Relation.OVERLAPPED_BY: Relation.OVERLAPS,
    Relation.STARTS: Relation.STARTED_BY,
    Relation.STARTED_BY: Relation.STARTS,
    Relation.DURING: Relation.CONTAINS,
    Relation.CONTAINS: Relation.DURING,
    Relation.FINISHES: Relation.FINISHED_BY,
    Relation.FINISHED_BY: Relation.FINISHES,
    Relation.EQUALS: Relation.EQUALS,
}
_BY_TEXT: dict[str, Relation] = {}
for _member in _ORDER:
    _BY_TEXT[_member.value] = _member
    _BY_TEXT[_member.phrase] = _member
_BY_TEXT.update(
    {
        "precedes": Relation.BEFORE,
        "preceded by": Relation.AFTER,
        "b": Relation.BEFORE,
        "bi": Relation.AFTER,
        "e": Relation.EQUALS,
        "eq": Relation.EQUALS,
        "equal": Relation.EQUALS,
        "during": Relation.DURING,
        "includes": Relation.CONTAINS,
    }
)

# Allen (1983), Figure 4: row x r1 y, column y r2 z, entry the possible x ? z.
# "*" is every relation. Columns follow the order of `Relation`.
# fmt: off
_TABLE_TEXT: dict[str, list[str]] = {
    "<": ["<", "*", "<", "< m o s d", "<", "< m o s d", "<", "<", "< m o s d", "<", "< m o s d", "<", "<"],  # noqa: E501
    ">": ["*", ">", "> mi oi d f", ">", "> mi oi d f", ">", "> mi oi d f", ">", "> mi oi d f", ">", ">", ">", ">"],  # noqa: E501
    "m": ["<", "> mi oi si di", "<", "f fi =", "<", "o s d", "m", "m", "o s d", "<", "o s d", "<", "m"],  # noqa: E501
    "mi": ["< m o di fi", ">", "s si =", ">", "oi d f", ">", "oi d f", ">", "oi d f", ">", "mi", "mi", "mi"],  # noqa: E501
    "o": ["<", "> mi oi si di", "<", "oi si di", "< m o", "o oi s si d di f fi =", "o", "o di fi", "o s d", "< m o di fi", "o s d", "< m o", "o"],  # noqa: E501
    "oi": ["< m o di fi", ">", "o di fi", ">", "o oi s si d di f fi =", "> mi oi", "oi d f", "> mi oi", "oi d f", "> mi oi si di", "oi", "oi si di", "oi"],  # noqa: E501
    "s": ["<", ">", "<", "mi", "< m o", "oi d f", "s", "s si =", "d", "< m o di fi", "d", "< m o", "s"],  # noqa: E501
    "si": ["< m o di fi", ">", "o di fi", "mi", "o di fi", "oi", "s si =", "si", "oi d f", "di", "oi", "di", "si"],  # noqa: E501
    "d": ["<", ">", "<", ">", "< m o s d", "> mi oi d f", "d", "> mi oi d f", "d", "*", "d", "< m o s d", "d"],  # noqa: E501
    "di": ["< m o di fi", "> mi oi si di", "o di fi", "oi si di", "o di fi", "oi si di", "o di fi", "di", "o oi s si d di f fi =", "di", "oi si di", "di", "di"],  # noqa: E501
    "f": ["<", ">", "m", ">", "o s d", "> mi oi", "d", "> mi oi", "d", "> mi oi si di", "f", "f fi =", "f"],  # noqa: E501
    "fi": ["<", "> mi oi si di", "m", "oi si di", "o", "oi si di", "o", "di", "o s d", "di", "f fi =", "fi", "fi"],  # noqa: E501
    "=": ["<", ">", "m", "mi", "o", "oi", "s", "si", "d", "di", "f", "fi", "="],
}
# fmt: on


def _mask_of(text: str) -> int:
    if text == "*":
        return ALL
    return functools.reduce(lambda acc, sym: acc | _BIT[Relation(sym)], text.split(), 0)


_COMPOSE: list[list[int]] = [
    [_mask_of(_TABLE_TEXT[first.value][index]) for index in range(len(_ORDER))] for first in _ORDER
]


def to_mask(relations: Iterable[Relation]) -> int:
    """The bitmask of a set of relations."""
    mask = 0
    for member in relations:
        mask |= _BIT[member]
    return mask


def from_mask(mask: int) -> frozenset[Relation]:
    """The set of relations a bitmask holds."""
    return frozenset(member for member in _ORDER if mask & _BIT[member])


def _converse_masks() -> array[int]:
    """The converse of every mask, indexed by mask: each from the mask without its lowest bit."""
    single = [_BIT[_CONVERSE[member]] for member in _ORDER]
    table = array("H", bytes(2 * (ALL + 1)))
    for mask in range(1, ALL + 1):
        low = mask & -mask
        table[mask] = table[mask ^ low] | single[low.bit_length() - 1]
    return table


_CONVERSE_MASK = _converse_masks()


@functools.cache
def _compose_atom(index: int) -> array[int]:
    """For relation number *index*, the composition with every mask, indexed by mask."""
    row = _COMPOSE[index]
    table = array("H", bytes(2 * (ALL + 1)))
    for mask in range(1, ALL + 1):
        low = mask & -mask
        table[mask] = table[mask ^ low] | row[low.bit_length() - 1]
    return table


@functools.lru_cache(maxsize=1024)
def _composer(mask: int) -> array[int]:
    """The composition of *mask* with every mask, indexed by the second mask."""
    parts = [_compose_atom(index) for index in range(len(_ORDER)) if mask >> index & 1]
    if not parts:
        return array("H", bytes(2 * (ALL + 1)))
    result = parts[0]
    for part in parts[1:]:
        result = array("H", map(int.__or__, result, part))
    return result


def compose(first: Relation, second: Relation) -> frozenset[Relation]:
    """
    Allen's composition: the relations x may have to z when x *first* y and y *second* z.

    This is the 1983 transitivity table, exact for proper intervals.
    """
    return from_mask(_COMPOSE[_ORDER.index(first)][_ORDER.index(second)])


def compose_sets(first: Iterable[Relation], second: Iterable[Relation]) -> frozenset[Relation]:
    """The composition of two relation sets: the union of the pairwise compositions."""
    return from_mask(_composer(to_mask(first))[to_mask(second)])


# -- crisp intervals ---------------------------------------------------------


def _endpoint_relation(a_start: Any, a_end: Any, b_start: Any, b_end: Any) -> Relation:
    if a_end < b_start:
        return Relation.BEFORE
    if b_end < a_start:
        return Relation.AFTER
    if a_start == b_start:
        if a_end == b_end:
            return Relation.EQUALS
        return Relation.STARTS if a_end < b_end else Relation.STARTED_BY
    if a_end == b_end:
        return Relation.FINISHES if a_start > b_start else Relation.FINISHED_BY
    if a_end == b_start:
        return Relation.MEETS
    if b_end == a_start:
        return Relation.MET_BY
    if a_start < b_start:
        return Relation.OVERLAPS if a_end < b_end else Relation.CONTAINS
    return Relation.DURING if a_end < b_end else Relation.OVERLAPPED_BY


def _is_day(value: object) -> bool:
    return type(value) is date


def relation(a: tuple[Any, Any], b: tuple[Any, Any]) -> Relation:
    """
    The Allen relation of two known intervals, each a ``(start, end)`` pair.

    Pairs of `datetime.date` are whole days, both inclusive (the day model of
    this module's docstring); any other ordered values are instants, and a pair
    with equal ends is an instant.

    Raises:
        ValueError: An interval ends before it starts.
    """
    (a_start, a_end), (b_start, b_end) = a, b
    if a_end < a_start or b_end < b_start:
        raise ValueError(f"an interval ends before it starts: {a!r}, {b!r}")
    if all(map(_is_day, (a_start, a_end, b_start, b_end))):
        return _endpoint_relation(
            a_start.toordinal(), a_end.toordinal() + 1, b_start.toordinal(), b_end.toordinal() + 1
        )
    return _endpoint_relation(a_start, a_end, b_start, b_end)


# -- uncertain intervals -----------------------------------------------------

#: What `possible_relations` accepts: an uncertain day, a span or a known pair of days.
Temporal = FuzzyDate | Span | tuple[date, date]

# Variables of the difference-constraint system: 0 is the origin, then the
# start and end instants of x and of y.
_Z, _XS, _XE, _YS, _YE = range(5)
_LT, _EQ = "<", "="
# Each relation as endpoint comparisons (p, op, q) between the two intervals.
_ENDPOINTS: dict[Relation, tuple[tuple[int, str, int], ...]] = {
    Relation.BEFORE: ((_XE, _LT, _YS),),
    Relation.AFTER: ((_YE, _LT, _XS),),
    Relation.MEETS: ((_XE, _EQ, _YS),),
    Relation.MET_BY: ((_YE, _EQ, _XS),),
    Relation.OVERLAPS: ((_XS, _LT, _YS), (_YS, _LT, _XE), (_XE, _LT, _YE)),
    Relation.OVERLAPPED_BY: ((_YS, _LT, _XS), (_XS, _LT, _YE), (_YE, _LT, _XE)),
    Relation.STARTS: ((_XS, _EQ, _YS), (_XE, _LT, _YE)),
    Relation.STARTED_BY: ((_XS, _EQ, _YS), (_YE, _LT, _XE)),
    Relation.DURING: ((_YS, _LT, _XS), (_XE, _LT, _YE)),
    Relation.CONTAINS: ((_XS, _LT, _YS), (_YE, _LT, _XE)),
    Relation.FINISHES: ((_XE, _EQ, _YE), (_YS, _LT, _XS)),
    Relation.FINISHED_BY: ((_XE, _EQ, _YE), (_XS, _LT, _YS)),
    Relation.EQUALS: ((_XS, _EQ, _YS), (_XE, _EQ, _YE)),
}
_INF = 1 << 40  # beyond any difference of day ordinals


@attrs.frozen
class _Extent:
    """Day ordinals bounding an interval's start and its end instant (last day + 1)."""

    start_lo: int
    start_hi: int
    end_lo: int
    end_hi: int
    one_day: bool


def _extent(value: Temporal, reference: date | None) -> _Extent:
    if isinstance(value, FuzzyDate):
        lo, hi = value.earliest.toordinal(), value.latest.toordinal()
        return _Extent(lo, hi, lo + 1, hi + 1, one_day=True)
    if isinstance(value, Span):
        start = value.start
        if value.end is None:
            floor = start.earliest if reference is None else max(reference, start.earliest)
            end_lo, end_hi = floor.toordinal(), date.max.toordinal()
        else:
            end_lo, end_hi = value.end.earliest.toordinal(), value.end.latest.toordinal()
        return _Extent(
            start.earliest.toordinal(),
            start.latest.toordinal(),
            end_lo + 1,
            end_hi + 1,
            one_day=False,
        )
    message = f"expected a FuzzyDate, Span or (date, date) pair, not {value!r}"
    try:
        first, last = value
    except (TypeError, ValueError):
        raise TypeError(message) from None
    if not (_is_day(first) and _is_day(last)):
        raise TypeError(message)
    if last < first:
        raise ValueError(f"an interval ends before it starts: {value!r}")
    lo, hi = first.toordinal(), last.toordinal() + 1
    return _Extent(lo, lo, hi, hi, one_day=False)


def _edges(extent: _Extent, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """Edges (u, v, w) meaning v - u <= w, for one interval's bounds."""
    yield _Z, start, extent.start_hi
    yield start, _Z, -extent.start_lo
    yield _Z, end, extent.end_hi
    yield end, _Z, -extent.end_lo
    yield end, start, -1  # start < end: every interval is proper in the day model
    if extent.one_day:
        yield start, end, 1


def _closure(extents: tuple[_Extent, _Extent]) -> list[list[int]]:
    """All-pairs shortest paths (Floyd-Warshall) of the bounds of two intervals."""
    x, y = extents
    dist = [[0 if i == j else _INF for j in range(5)] for i in range(5)]
    for u, v, w in (*_edges(x, _XS, _XE), *_edges(y, _YS, _YE)):
        dist[u][v] = min(dist[u][v], w)
    for k in range(5):
        dk = dist[k]
        for di in dist:
            dik = di[k]
            for j in range(5):
                di[j] = min(di[j], dik + dk[j])
    return dist


def _add_edge(dist: list[list[int]], u: int, v: int, w: int) -> list[list[int]] | None:
    """The closure with v - u <= w added, or None if that makes it infeasible."""
    if dist[v][u] + w < 0:
        return None
    if dist[u][v] <= w:
        return dist
    return [[min(di[j], di[u] + w + dist[v][j]) for j in range(5)] for di in dist]


@functools.lru_cache(maxsize=1 << 14)
def _possible_mask(x: _Extent, y: _Extent) -> int:
    base = _closure((x, y))
    mask = 0
    for member, comparisons in _ENDPOINTS.items():
        dist: list[list[int]] | None = base
        for p, op, q in comparisons:
            # p < q is p - q <= -1, an edge q -> p; p = q adds both edges with weight 0.
            if dist is not None:
                dist = _add_edge(dist, q, p, -1 if op == _LT else 0)
            if dist is not None and op == _EQ:
                dist = _add_edge(dist, p, q, 0)
        if dist is not None:
            mask |= _BIT[member]
    return mask


def possible_relations(
    x: Temporal, y: Temporal, *, reference: date | None = None
) -> frozenset[Relation]:
    """
    Every relation x may have to y, given what is known of their ends (day model).

    A `FuzzyDate` is one whole day somewhere within its bounds; a `Span` starts
    within its start's bounds and ends within its end's, never before it starts;
    an open span ends on or after *reference* (or its start, without one). The
    answer is exact: each relation in it is the relation of some pair of crisp
    intervals within the bounds, and no other relation is.

    Raises:
        TypeError: x or y is not a FuzzyDate, Span or (date, date) pair.
    """
    return from_mask(_shifted_mask(_extent(x, reference), _extent(y, reference)))


def _moved(extent: _Extent, days: int) -> _Extent:
    return _Extent(
        extent.start_lo - days,
        extent.start_hi - days,
        extent.end_lo - days,
        extent.end_hi - days,
        one_day=extent.one_day,
    )


def _shifted_mask(x: _Extent, y: _Extent) -> int:
    """
    `_possible_mask`, computed once per shape: both extents moved to start at day 0.

    The constraints are differences of instants, so moving both intervals by
    the same days changes no relation; the pairs a matcher or a network asks
    about repeat a few shapes (a day against the month it lies in) at
    thousands of offsets.
    """
    return _possible_mask(_moved(x, x.start_lo), _moved(y, x.start_lo))


def necessary_relation(
    x: Temporal, y: Temporal, *, reference: date | None = None
) -> Relation | None:
    """The one relation x must have to y whatever the true dates, or None if several may."""
    possible = possible_relations(x, y, reference=reference)
    if len(possible) == 1:
        return next(iter(possible))
    return None


def parse_relations(text: str) -> frozenset[Relation]:
    """
    Read a set of relations: names or symbols separated by ``|``, ``,`` or "or".

    Raises:
        TemporalError: A part names no relation, or there is none.
    """
    # Split on the bare separators and strip the parts: a pattern with \s* around the
    # separator would rescan a run of spaces from each of its positions (quadratic).
    parts = [part for part in (piece.strip() for piece in re.split(r"\||,|\bor\b", text)) if part]
    if not parts:
        raise TemporalError(text, "no relation given")
    try:
        return frozenset(Relation.parse(part) for part in parts)
    except TemporalError as error:
        raise TemporalError(text, f"{error.text!r} is not an Allen relation") from None


def _describe(mask: int) -> str:
    names = [member.phrase for member in _ORDER if mask & _BIT[member]]
    return " or ".join(names) if names else "nothing"


# -- constraint networks -----------------------------------------------------


@attrs.frozen
class Constraint:
    """
    What is known of how *first* relates to *second*: one of *relations* holds.

    *source* says where the knowledge came from (a sentence of a report, the
    dates of two events), so that a clash can be explained in those terms.
    """

    first: str
    second: str
    relations: frozenset[Relation]
    source: str

    def __str__(self) -> str:
        text = f"{self.first} {_describe(to_mask(self.relations))} {self.second}"
        return text if self.source == text else f"{text} ({self.source})"


Relations = Relation | Iterable[Relation] | str


def _as_mask(relations: Relations) -> int:
    if isinstance(relations, Relation):
        return relations.bit
    if isinstance(relations, str):
        return to_mask(parse_relations(relations))
    return to_mask(relations)


def _path_consistency(
    matrix: list[list[int]],
    queue: Iterable[tuple[int, int]],
    provenance: list[list[frozenset[int]]] | None = None,
) -> tuple[int, int, frozenset[int]] | None:
    """
    Refine *matrix* in place until every triangle is consistent (PC-2 with a queue).

    Returns None, or the pair whose relation became empty and, when
    *provenance* is given, the constraints that emptied it.
    """
    size = len(matrix)
    conv = _CONVERSE_MASK
    waiting = deque(queue)
    pending = set(waiting)
    while waiting:
        pair = waiting.popleft()
        pending.discard(pair)
        i, j = pair
        for a, b in ((i, j), (j, i)):
            through = matrix[a][b]
            if through == ALL:
                continue
            table = _composer(through)
            row_a, row_b = matrix[a], matrix[b]
            for k in range(size):
                old = row_a[k]
                new = old & table[row_b[k]]
                if new == old or k in (a, b):
                    continue
                if provenance is not None:
                    why = provenance[a][k] | provenance[a][b] | provenance[b][k]
                    provenance[a][k] = provenance[k][a] = why
                if not new:
                    return a, k, (frozenset() if provenance is None else provenance[a][k])
                row_a[k] = new
                matrix[k][a] = conv[new]
                key = (a, k) if a < k else (k, a)
                if key not in pending:
                    pending.add(key)
                    waiting.append(key)
    return None


class Network:
    """
    A qualitative constraint network over named intervals (events, sieges, spans).

    Add what reports say ("in the same month", "after they lost Tikrit") as sets
    of possible relations, optionally give intervals their uncertain dates, then
    ask for the refined relation between any two. Refinement is path
    consistency (PC-2), which is sound (it never removes a relation some real
    assignment of intervals satisfies) but, the full algebra being NP-complete,
    not complete: a network it accepts may still have no solution, while any
    network it rejects surely has none. It is complete when every constraint
    is a single relation.
    """

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._names: list[str] = []
        self._dates: dict[str, Temporal] = {}
        self._constraints: list[Constraint] = []
        self._solved: list[list[int]] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The intervals, in the order they were added."""
        return tuple(self._names)

    @property
    def constraints(self) -> tuple[Constraint, ...]:
        """The constraints as given, including those derived from dates."""
        return tuple(self._all_constraints())

    def add(self, name: str, when: Temporal | None = None) -> None:
        """
        Add an interval, with its (uncertain) dates when known.

        Raises:
            ValueError: The name is already in the network.
        """
        if name in self._index:
            raise ValueError(f"interval {name!r} is already in the network")
        if when is not None:
            _extent(when, None)  # type check now rather than at propagation
            self._dates[name] = when
        self._index[name] = len(self._names)
        self._names.append(name)
        self._solved = None

    def relate(
        self, first: str, second: str, relations: Relations, *, source: str | None = None
    ) -> None:
        """
        Record that *first* has one of *relations* to *second*.

        *relations* is a `Relation`, a collection of them or text such as
        ``"before | meets"``; intervals not yet added are added.

        Raises:
            TemporalError: The text names no relation.
            ValueError: The relation set is empty.
        """
        mask = _as_mask(relations)
        if not mask:
            raise ValueError(f"an empty relation set between {first!r} and {second!r}")
        for name in (first, second):
            if name not in self._index:
                self.add(name)
        given = from_mask(mask)
        default = f"{first} {_describe(mask)} {second}"
        self._constraints.append(Constraint(first, second, given, source or default))
        self._solved = None

    def _all_constraints(self) -> Iterator[Constraint]:
        yield from self._constraints
        dated = [name for name in self._names if name in self._dates]
        for position, first in enumerate(dated):
            for second in dated[position + 1 :]:
                x, y = self._dates[first], self._dates[second]
                mask = _shifted_mask(_extent(x, None), _extent(y, None))
                if mask != ALL:
                    source = f"dates {_show(x)} and {_show(y)}"
                    yield Constraint(first, second, from_mask(mask), source)

    def _matrix(
        self, constraints: Iterable[Constraint]
    ) -> tuple[
        list[list[int]], list[tuple[int, int]], list[list[frozenset[int]]], list[Constraint]
    ]:
        size = len(self._names)
        matrix = [[ALL] * size for _ in range(size)]
        provenance: list[list[frozenset[int]]] = [[frozenset()] * size for _ in range(size)]
        used = list(constraints)
        touched: set[tuple[int, int]] = set()
        for number, constraint in enumerate(used):
            i, j = self._index[constraint.first], self._index[constraint.second]
            mask = to_mask(constraint.relations)
            if i == j:
                mask &= Relation.EQUALS.bit
            elif i > j:
                i, j, mask = j, i, _CONVERSE_MASK[mask]
            matrix[i][j] &= mask
            matrix[j][i] = _CONVERSE_MASK[matrix[i][j]]
            provenance[i][j] = provenance[j][i] = provenance[i][j] | {number}
            touched.add((i, j))
        for i in range(size):
            matrix[i][i] &= Relation.EQUALS.bit
        return matrix, sorted(touched), provenance, used

    def _solve(self) -> list[list[int]]:
        if self._solved is not None:
            return self._solved
        matrix, touched, _, used = self._matrix(self._all_constraints())
        empty = [(i, j) for i, j in touched if not matrix[i][j]] + [
            (i, i) for i in range(len(matrix)) if not matrix[i][i]
        ]
        if empty or _path_consistency(matrix, touched) is not None:
            raise InconsistentNetworkError(self._explain(used))
        self._solved = matrix
        return matrix

    def _clashes(self, constraints: list[Constraint]) -> frozenset[int] | None:
        matrix, touched, provenance, _ = self._matrix(constraints)
        for i, j in touched:
            if not matrix[i][j]:
                return provenance[i][j]
        found = _path_consistency(matrix, touched, provenance)
        return None if found is None else found[2]

    def _explain(self, used: list[Constraint]) -> tuple[Constraint, ...]:
        culprits = self._clashes(used)
        candidates = [used[number] for number in sorted(culprits or range(len(used)))]
        # Deletion: drop each constraint whose absence still leaves a clash,
        # trying those derived from dates first so that stated ones explain.
        kept = list(candidates)
        for constraint in reversed(candidates):
            trial = [other for other in kept if other is not constraint]
            if self._clashes(trial) is not None:
                kept = trial
        return tuple(kept)

    def propagate(self) -> None:
        """
        Run path consistency now (queries run it when needed).

        Raises:
            InconsistentNetworkError: The constraints clash; it names a minimal
                set of them.
        """
        self._solve()

    def is_consistent(self) -> bool:
        """False when path consistency finds that the constraints clash."""
        try:
            self._solve()
        except InconsistentNetworkError:
            return False
        return True

    def relations(self, first: str, second: str) -> frozenset[Relation]:
        """
        The relations *first* may still have to *second* after path consistency.

        Raises:
            KeyError: An interval is not in the network.
            InconsistentNetworkError: The constraints clash.
        """
        for name in (first, second):
            if name not in self._index:
                raise KeyError(name)
        matrix = self._solve()
        return from_mask(matrix[self._index[first]][self._index[second]])

    def relation(self, first: str, second: str) -> Relation | None:
        """The one relation *first* must have to *second*, or None if several remain."""
        found = self.relations(first, second)
        return next(iter(found)) if len(found) == 1 else None


def _show(value: Temporal) -> str:
    if isinstance(value, (FuzzyDate, Span)):
        return value.to_edtf()
    return f"{value[0].isoformat()}/{value[1].isoformat()}"
