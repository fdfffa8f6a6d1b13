"""
Matching in parts: candidate pairs found by groups of buckets, weighed by groups of components.

The result is the one a single pass over every pair gives, bit for bit, but
no step holds every candidate pair's comparisons at once, and the parts can
run in worker processes (``workers``):

1. **Blocking and patterns.** The buckets of the blocking are split into
   parts; each part yields the pairs it claims (`blocking.Buckets.pairs`:
   each pair once, in one bucket) with their patterns of levels, each
   pattern packed into one small integer (`_Codes`). Only three compact
   arrays per part come back: the two events and the pattern's code.
2. **EM** needs only how often each pattern occurs: the codes are counted
   and the model fitted on the counts (`model.fit`), as before. Its
   refit under the one-to-one constraint (`model.refit`) propagates parts
   of whole components and hands back each pattern's summed probability
   (`matched_sums`).
3. **Rivals and evidence.** Belief propagation (`matcher.compete`) passes
   messages only along pairs that share an event, so each connected
   component of the candidate pairs is propagated on its own: the same
   messages, the same rounds, the same probabilities as in one pass. The
   components are packed into parts; each part propagates its pairs, sorted
   as the single pass sorts them, and builds the evidence of the pairs it
   keeps only.

Where the parts run is a `Pool`: `Forked` worker processes inherit the
profiles and buckets without copying them (where ``fork`` is not available
the parts run one after the other in this process, with the same result); a
pool that ships each task elsewhere (`conflict_events.dask`) sends it with
only the events it touches (`Step.narrow`): their profiles and datasets,
numbered anew in the same order, so every step computes what it computes on
the whole state and hands back the events by their numbers in the whole.
"""

from __future__ import annotations

import functools
import itertools
import math
import multiprocessing
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Final, Generic, Protocol, TypeVar

import attrs

from conflict_events.matching.blocking import Buckets
from conflict_events.matching.comparisons import (
    COMPARISONS,
    Comparison,
    fixed,
    overlap_level,
    slack_days,
)
from conflict_events.matching.matches import Evidence, Match
from conflict_events.matching.model import Model, Pattern, sigmoid
from conflict_events.matching.profiles import Profile

__all__ = [
    "PART_PAIRS",
    "Blocked",
    "Coder",
    "Codes",
    "Compete",
    "Forked",
    "Pool",
    "State",
    "Step",
    "Weighing",
    "block",
    "matched_sums",
    "parts_of",
    "weigh",
]

#: A part of the propagation holds components of at most about this many pairs
#: (a larger component is a part of its own).
PART_PAIRS: Final = 200_000
#: Blocking is split into about this many parts per worker (a bucket is never split).
_BLOCKING_PARTS_PER_WORKER: Final = 8

#: `matcher.compete`'s signature: profiles, groups, pairs, log odds -> probabilities.
Compete = Callable[
    [Sequence[Profile], Sequence[int], Sequence[tuple[int, int]], Sequence[float]], list[float]
]

_T = TypeVar("_T")
_R = TypeVar("_R")


@attrs.frozen
class Codes:
    """
    Patterns packed into integers: each comparison's level plus one (0 for none), mixed radix.

    Fields:
        sizes: Each comparison's number of levels.
    """

    sizes: tuple[int, ...]

    @property
    def typecode(self) -> str:
        """The `array` typecode wide enough for every code."""
        total = 1
        for size in self.sizes:
            total *= size + 1
        return "H" if total <= 1 << 16 else "q"

    def encode(self, pattern: Pattern) -> int:
        """The code of *pattern*."""
        code = 0
        for size, level in zip(self.sizes, pattern, strict=True):
            code = code * (size + 1) + (0 if level is None else level + 1)
        return code

    def decode(self, code: int) -> Pattern:
        """The pattern of *code*."""
        found: list[int | None] = []
        for size in reversed(self.sizes):
            code, digit = divmod(code, size + 1)
            found.append(None if digit == 0 else digit - 1)
        return tuple(reversed(found))


def _part_of(comparison: str) -> Callable[[Profile], Hashable]:
    """What of a profile *comparison* reads (its rule reads nothing else)."""
    return {
        "place": lambda p: p.place,
        "type": lambda p: (p.classes, p.own_types),
        "actors": lambda p: p.actors,
        "fatalities": lambda p: p.fatalities,
    }[comparison]


#: How every pattern is packed: each comparison's levels, in `COMPARISONS` order.
CODES: Final = Codes(tuple(len(c.levels) for c in COMPARISONS))

#: Past this many remembered levels a comparison's memory is cleared (memory stays bounded).
_REMEMBERED: Final = 1 << 20


class Coder:
    """
    Each pair's pattern, packed (`Codes`): the same levels as the comparisons give, found faster.

    Dates are compared on the profiles' day ordinals (`comparisons.date_level`'s
    rule, on integers); every other comparison reads one part of a profile
    (its place, its kinds, its actors, its deaths), so each event's part is
    numbered once, alike parts alike, and the level of each pair of numbers is
    found once by the comparison itself and remembered.
    """

    def __init__(self, found: Sequence[Profile]) -> None:
        self.codes = CODES
        date, *others = COMPARISONS
        if date.name != "date":  # pragma: no cover - COMPARISONS starts with the date
            raise AssertionError(date.name)
        self._found = found
        self._dates = [(p.first, p.last, fixed(p.when)) for p in found]
        self._date_digit = {level: k + 1 for k, level in enumerate(date.levels)}
        self._others: list[tuple[Comparison, array[int], dict[str, int], int, dict[int, int]]] = []
        for comparison in others:
            part = _part_of(comparison.name)
            numbers: dict[Hashable, int] = {}
            numbered = array("i", [numbers.setdefault(part(p), len(numbers)) for p in found])
            digits = {level: k + 1 for k, level in enumerate(comparison.levels)}
            self._others.append((comparison, numbered, digits, len(numbers), {}))

    def _date(self, i: int, j: int) -> int:
        first, last, fixed_i = self._dates[i]
        start, end, fixed_j = self._dates[j]
        digit = self._date_digit
        if first == start and last == end:
            return digit["same_day" if fixed_i and fixed_j else "same_bounds"]
        if first <= end and start <= last:
            return digit[overlap_level(max(last - first, end - start) + 1)]
        gap = max(start - last, first - end)
        allowed = slack_days(last - first + 1) + slack_days(end - start + 1)
        return digit["adjacent" if gap <= allowed else "apart"]

    def __call__(self, i: int, j: int) -> int:
        """The code of the pattern of events *i* and *j*."""
        code = self._date(i, j)
        found = self._found
        for comparison, numbered, digits, size, memory in self._others:
            key = numbered[i] * size + numbered[j]
            digit = memory.get(key)
            if digit is None:
                if len(memory) >= _REMEMBERED:
                    memory.clear()
                level = comparison.level_of(found[i], found[j])
                digit = memory[key] = 0 if level is None else digits[level]
            code = code * (len(digits) + 1) + digit
        return code


@attrs.frozen
class State:
    """
    What every part reads, inherited by forked workers (or cut down to a task's events).

    Fields:
        found: The profiles of every event.
        groups: Each event's dataset.
        buckets: The blocking's buckets.
        coder: The pattern coder; None to build one over *found* when needed.
        touched: None for the whole state; for a task's (`Step.narrow`), the
            number in the whole of each of its events, increasing.
    """

    found: Sequence[Profile]
    groups: Sequence[int]
    buckets: Buckets
    coder: Coder | None = None
    touched: array[int] | None = None

    @property
    def codes(self) -> Codes:
        """How the patterns are packed."""
        return CODES


@attrs.frozen
class Blocked:
    """
    Candidate pairs as three parallel arrays, sorted by (left, right).

    Fields:
        lefts: Each pair's first event (the lesser index).
        rights: Its second event.
        patterns: Its pattern's code (`Codes`).
    """

    lefts: array[int]
    rights: array[int]
    patterns: array[int]

    def __len__(self) -> int:
        return len(self.lefts)

    def counts(self, codes: Codes) -> Counter[Pattern]:
        """How many pairs fall into each pattern."""
        return Counter({codes.decode(code): n for code, n in Counter(self.patterns).items()})


_S = TypeVar("_S")
_WORKER: list[object] = []


@attrs.frozen
class Step(Generic[_T, _S, _R]):
    """
    One step's work on one task, and the same task cut down to the events it touches.

    Fields:
        run: The work: a task and the state it reads -> the task's result.
        narrow: A task and the whole state -> the task and a state of only the
            events it touches (`State.touched`), on which *run* gives the same result.
    """

    run: Callable[[_T, _S], _R]
    narrow: Callable[[_T, _S], tuple[_T, _S]]


class Pool(Protocol):
    """
    Where the parts run: `Forked` processes (or this one), or another executor.

    A pool whose workers share the whole state calls ``step.run(task, state)``;
    one that ships tasks elsewhere ships ``step.narrow(task, state)`` and runs
    ``step.run`` on that. Either way the results are the same.
    """

    @property
    def workers(self) -> int:
        """How many tasks run at once: the parts are cut to keep them all busy."""
        ...

    def map(self, step: Step[_T, _S, _R], tasks: Sequence[_T], state: _S) -> Iterator[_R]:
        """``step.run`` over *tasks* with *state*: the results in the order of *tasks*."""
        ...


@attrs.frozen
class Forked:
    """
    Forked worker processes that inherit the whole state; this process alone for 1.

    Fields:
        workers: How many processes.
    """

    workers: int = 1

    def map(self, step: Step[_T, _S, _R], tasks: Sequence[_T], state: _S) -> Iterator[_R]:
        """``step.run`` over *tasks*, in forked workers when asked and possible (`_map`)."""
        return _map(step.run, tasks, state, self.workers)


def _install(state: object) -> None:
    """The state a forked worker reads (inherited, never pickled)."""
    _WORKER[:] = [state]


def _map(
    function: Callable[[_T, _S], _R], tasks: Sequence[_T], state: _S, workers: int
) -> Iterator[_R]:
    """
    *function* over *tasks* in order: in forked workers when asked and possible.

    Even one task goes to a worker then, so what it holds is freed when it ends.
    """
    if workers > 1 and tasks and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(tasks)), _install, (state,)) as pool:
            yield from pool.imap(functools.partial(_in_worker, function), tasks)
    else:
        for task in tasks:
            yield function(task, state)


def _in_worker(function: Callable[[_T, _S], _R], task: _T) -> _R:
    return function(task, _WORKER[0])  # type: ignore[arg-type]  # what _install was given


# -- blocking and patterns ---------------------------------------------------------------


def _split(costs: Sequence[int], parts: int) -> list[range]:
    """Consecutive ranges of positions whose *costs* are about equal, at most *parts* of them."""
    total = sum(costs)
    target = max(1, -(-total // max(1, parts)))
    ranges = []
    start = held = 0
    for position, cost in enumerate(costs):
        held += cost
        if held >= target:
            ranges.append(range(start, position + 1))
            start, held = position + 1, 0
    if start < len(costs):
        ranges.append(range(start, len(costs)))
    return ranges


def _block_part(positions: range, state: State) -> Blocked:
    coder = Coder(state.found) if state.coder is None else state.coder
    lefts, rights, patterns = array("i"), array("i"), array(coder.codes.typecode)
    for i, j in state.buckets.pairs(state.groups, positions):
        lefts.append(i)
        rights.append(j)
        patterns.append(coder(i, j))
    return _in_whole(Blocked(lefts, rights, patterns), state.touched)


def _narrow_block(positions: range, state: State) -> tuple[range, State]:
    """The buckets at *positions* alone, with their members' profiles (`Step.narrow`)."""
    buckets = state.buckets
    members = [buckets.members[p] for p in positions]
    touched, number = _renumber(member[2] for bucket in members for member in bucket)
    local = Buckets(
        tuple(
            tuple((start, end, number[i], probes, home) for start, end, i, probes, home in bucket)
            for bucket in members
        ),
        tuple(buckets.numbers[p] for p in positions),
        tuple(buckets.homes[e] for e in touched),
        tuple(buckets.probes[e] for e in touched),
        tuple(buckets.discs[e] for e in touched),
    )
    return range(len(members)), _narrowed(state, touched, local)


_BLOCK: Final = Step(_block_part, _narrow_block)


def block(state: State, pool: Pool) -> Iterator[Blocked]:
    """Every candidate pair once, with its pattern's code, part by part (unsorted)."""
    costs = [len(m) for m in state.buckets.members]
    tasks = _split(costs, pool.workers * _BLOCKING_PARTS_PER_WORKER)
    return pool.map(_BLOCK, tasks, state)


# -- narrowing: a task's events alone, numbered anew in order ---------------------------

#: The buckets of a state that only weighs pairs (blocking is done).
_NO_BUCKETS: Final = Buckets((), (), (), (), ())


def _renumber(events: Iterable[int]) -> tuple[array[int], dict[int, int]]:
    """The distinct *events*, increasing, and each one's position among them."""
    touched = array("i", sorted(set(events)))
    return touched, {event: k for k, event in enumerate(touched)}


def _narrowed(state: State, touched: array[int], buckets: Buckets = _NO_BUCKETS) -> State:
    """*state* cut down to the events *touched* (numbers in *state*), numbered 0, 1, ..."""
    found, groups = state.found, state.groups
    whole = touched if state.touched is None else array("i", _moved(touched, state.touched))
    return State([found[e] for e in touched], [groups[e] for e in touched], buckets, None, whole)


def _moved(events: Iterable[int], number: Sequence[int] | Mapping[int, int]) -> Iterator[int]:
    return (number[e] for e in events)


def _renumbered(pairs: Blocked, number: Mapping[int, int]) -> Blocked:
    """*pairs* with their events renumbered (an increasing renumbering keeps their order)."""
    return Blocked(
        array("i", _moved(pairs.lefts, number)),
        array("i", _moved(pairs.rights, number)),
        pairs.patterns,
    )


def _in_whole(pairs: Blocked, touched: array[int] | None) -> Blocked:
    """*pairs* of a narrowed state with their events numbered as in the whole."""
    if touched is None:
        return pairs
    return Blocked(
        array("i", _moved(pairs.lefts, touched)),
        array("i", _moved(pairs.rights, touched)),
        pairs.patterns,
    )


# -- components, propagation, evidence ---------------------------------------------------


def _roots(size: int, lefts: Iterable[int], rights: Iterable[int]) -> list[int]:
    """Each event's component, by union-find over the pairs: its least event."""
    parent = list(range(size))

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i, j in zip(lefts, rights, strict=True):
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [find(x) for x in range(size)]


def parts_of(blocked: Blocked, size: int, part_pairs: int) -> list[Blocked]:
    """The pairs split into parts of whole components, each part sorted by (left, right)."""
    roots = _roots(size, blocked.lefts, blocked.rights)
    sizes = Counter(roots[i] for i in blocked.lefts)
    part_of: dict[int, int] = {}
    parts = 0
    held = 0
    for root in sorted(sizes):
        if held and held + sizes[root] > part_pairs:
            parts += 1
            held = 0
        part_of[root] = parts
        held += sizes[root]
    typecode = blocked.patterns.typecode
    split = [Blocked(array("i"), array("i"), array(typecode)) for _ in range(parts + 1)]
    for i, j, code in zip(blocked.lefts, blocked.rights, blocked.patterns, strict=True):
        part = split[part_of[roots[i]]]
        part.lefts.append(i)
        part.rights.append(j)
        part.patterns.append(code)
    return [_sorted(part) for part in split if len(part)]


def _sorted(part: Blocked) -> Blocked:
    rows = sorted(zip(part.lefts, part.rights, part.patterns, strict=True))  # (i, j) unique
    return Blocked(
        array("i", [i for i, _, _ in rows]),
        array("i", [j for _, j, _ in rows]),
        array(part.patterns.typecode, [code for _, _, code in rows]),
    )


@attrs.frozen(cache_hash=False, slots=False)
class Weighing:
    """
    How to weigh a part's pairs: the model, each code's log odds, what to keep.

    Fields:
        model: The fitted model (its weights go into the evidence).
        log_odds: Each pattern code's log odds.
        rivals: Whether rival candidates share the odds (`matcher.compete`).
        min_probability: Pairs below this are dropped before their evidence is built.
        canonical: Whether each match holds the lesser id first (`match_all`).
    """

    model: Model
    log_odds: dict[int, float]
    rivals: bool
    min_probability: float
    canonical: bool

    @functools.cached_property
    def weights(self) -> tuple[tuple[float, ...], ...]:
        """The model's weights, computed once."""
        return self.model.weights()


def _match(
    state: State, weighing: Weighing, i: int, j: int, code: int, probability: float
) -> Match:
    """The match of events *i* and *j*, with its evidence (built only for the pairs kept)."""
    found = state.found
    model = weighing.model
    weights = weighing.weights
    evidence = tuple(
        Evidence(name, outcome.level, 0.0 if index is None else weights[k][index], outcome.detail)
        for k, (name, index, outcome) in enumerate(
            zip(
                model.comparisons,
                state.codes.decode(code),
                (c.compare(found[i], found[j]) for c in COMPARISONS),
                strict=True,
            )
        )
    )
    left, right = found[i].id, found[j].id
    if weighing.canonical and right < left:
        left, right = right, left
    return Match(left, right, probability, evidence)


def _weigh_part(part: Blocked, state: State, weighing: Weighing, compete: Compete) -> list[Match]:
    pairs = list(zip(part.lefts, part.rights, strict=True))
    odds = [weighing.log_odds[code] for code in part.patterns]
    if weighing.rivals:
        probabilities = compete(state.found, state.groups, pairs, odds)
    else:
        probabilities = [sigmoid(x) for x in odds]
    return [
        _match(state, weighing, i, j, code, probability)
        for (i, j), code, probability in zip(pairs, part.patterns, probabilities, strict=True)
        if probability >= weighing.min_probability
    ]


def _matched_part(
    part: Blocked, state: State, log_odds: Mapping[int, float], compete: Compete
) -> dict[int, list[float]]:
    """Per pattern code, the probabilities *compete* gives its pairs in *part*."""
    pairs = list(zip(part.lefts, part.rights, strict=True))
    probabilities = compete(state.found, state.groups, pairs, [log_odds[c] for c in part.patterns])
    found: dict[int, list[float]] = defaultdict(list)
    for code, probability in zip(part.patterns, probabilities, strict=True):
        found[code].append(probability)
    return found


def matched_sums(
    state: State,
    split: Sequence[Blocked],
    log_odds: Mapping[int, float],
    pool: Pool,
    compete: Compete,
) -> dict[int, float]:
    """
    Per pattern code, the sum of its pairs' probabilities under *compete*, over every part.

    Summed by `math.fsum`, which rounds once: the sums do not depend on how
    the pairs were cut into parts or in what order the parts come back.
    """
    step = functools.partial(_matched_part, log_odds=log_odds, compete=compete)
    found: dict[int, list[float]] = defaultdict(list)
    for held in pool.map(Step(step, _narrow_pairs), split, state):
        for code, probabilities in held.items():
            found[code] += probabilities
    return {code: math.fsum(probabilities) for code, probabilities in found.items()}


def _narrow_pairs(part: Blocked, state: State) -> tuple[Blocked, State]:
    """The pairs of *part* and the profiles of their events alone (`Step.narrow`)."""
    touched, number = _renumber(itertools.chain(part.lefts, part.rights))
    return _renumbered(part, number), _narrowed(state, touched)


def weigh(
    state: State,
    parts: Sequence[Blocked],
    weighing: Weighing,
    pool: Pool,
    compete: Compete,
) -> Iterator[list[Match]]:
    """The kept matches of each part, part by part (*compete* weighs rivals: `matcher.compete`)."""
    part = functools.partial(_weigh_part, weighing=weighing, compete=compete)
    return pool.map(Step(part, _narrow_pairs), parts, state)


# -- propagation split by strong components ---------------------------------------------


@attrs.frozen
class Split:
    """
    One part of the propagation when the weak pairs are only a background.

    Fields:
        owned: The events whose constraints the part computes, sorted.
        strong: The strong pairs between them, sorted.
        weak: Every weak pair with an owned event, in no order (one with an event
            owned elsewhere is in both parts).
    """

    owned: array[int]
    strong: Blocked
    weak: Blocked


def _empty(typecode: str) -> Blocked:
    return Blocked(array("i"), array("i"), array(typecode))


def split_by_strength(
    blocked: Blocked, size: int, weak: AbstractSet[int], part_pairs: int
) -> list[Split]:
    """
    The pairs split into parts of whole components of the strong pairs alone.

    Belief propagation passes messages only along strong pairs (a weak pair is
    a fixed background of its two constraints: `matcher.compete`), so these
    components are propagated apart; the weak pairs that join them are
    settled afterwards from the totals of their two constraints
    (`matcher.settle_part`). *weak* holds the codes of the weak patterns.
    """
    lefts, rights, codes = blocked.lefts, blocked.rights, blocked.patterns
    faint = [code in weak for code in codes]
    roots = _roots(
        size,
        [i for i, w in zip(lefts, faint, strict=True) if not w],
        [j for j, w in zip(rights, faint, strict=True) if not w],
    )
    cost = [0] * size
    for i, j, w in zip(lefts, rights, faint, strict=True):
        cost[roots[i]] += 1
        if w:
            cost[roots[j]] += 1
    part_of = [-1] * size
    parts = held = 0
    for root, paid in enumerate(cost):  # the roots in order, as the components' least events
        if not paid:
            continue
        if held and held + paid > part_pairs:
            parts += 1
            held = 0
        part_of[root] = parts
        held += paid
    typecode = codes.typecode
    split = [Split(array("i"), _empty(typecode), _empty(typecode)) for _ in range(parts + 1)]
    for event, root in enumerate(roots):
        if part_of[root] >= 0:
            split[part_of[root]].owned.append(event)
    for i, j, code, w in zip(lefts, rights, codes, faint, strict=True):
        first = part_of[roots[i]]
        pairs = split[first].weak if w else split[first].strong
        pairs.lefts.append(i)
        pairs.rights.append(j)
        pairs.patterns.append(code)
        if w and (second := part_of[roots[j]]) != first:
            pairs = split[second].weak
            pairs.lefts.append(i)
            pairs.rights.append(j)
            pairs.patterns.append(code)
    # The strong pairs sorted as one pass sorts them (their order numbers the slots); the
    # weak pairs' order changes nothing (they are summed by fsum, each settled on its own).
    return [Split(s.owned, _sorted(s.strong), s.weak) for s in split if len(s.owned)]


@attrs.frozen
class Settling:
    """
    What the second half of the split propagation reads, inherited by forked workers.

    Fields:
        state: The profiles, groups, buckets and coder.
        totals: Each constraint's `_weak_total`, by (event, other dataset).
    """

    state: State
    totals: dict[tuple[int, int], float]


#: `matcher.compete_part`'s signature.
ComparePart = Callable[
    [
        Sequence[Profile],
        Sequence[int],
        Sequence[tuple[int, int]],
        Sequence[float],
        AbstractSet[int],
    ],
    tuple[list[float], dict[tuple[int, int], float]],
]
#: `matcher.settle_part`'s signature.
SettlePart = Callable[
    [
        Sequence[Profile],
        Sequence[int],
        Sequence[tuple[int, int]],
        Sequence[float],
        Sequence[float],
        Mapping[tuple[int, int], float],
        AbstractSet[int],
    ],
    list[float],
]


def _pairs_of(part: Split, weighing: Weighing) -> tuple[list[tuple[int, int]], list[float]]:
    pairs = [
        *zip(part.strong.lefts, part.strong.rights, strict=True),
        *zip(part.weak.lefts, part.weak.rights, strict=True),
    ]
    table = weighing.log_odds
    odds = [table[code] for code in (*part.strong.patterns, *part.weak.patterns)]
    return pairs, odds


def _first_half(
    part: Split, state: State, weighing: Weighing, compete_part: ComparePart
) -> tuple[array[float], dict[tuple[int, int], float]]:
    pairs, odds = _pairs_of(part, weighing)
    probabilities, totals = compete_part(state.found, state.groups, pairs, odds, set(part.owned))
    if state.touched is not None:
        touched = state.touched
        totals = {(touched[event], group): total for (event, group), total in totals.items()}
    return array("d", probabilities[: len(part.strong)]), totals


def _numbered_split(part: Split, state: State) -> tuple[Split, State, dict[int, int]]:
    """*part* and its events alone, renumbered; and the renumbering."""
    touched, number = _renumber(
        itertools.chain(
            part.owned, part.strong.lefts, part.strong.rights, part.weak.lefts, part.weak.rights
        )
    )
    local = Split(
        array("i", _moved(part.owned, number)),
        _renumbered(part.strong, number),
        _renumbered(part.weak, number),
    )
    return local, _narrowed(state, touched), number


def _narrow_split(part: Split, state: State) -> tuple[Split, State]:
    """*part* and the profiles of its events alone: its own and its weak pairs' (`Step.narrow`)."""
    local, narrowed, _ = _numbered_split(part, state)
    return local, narrowed


def _narrow_settling(
    task: tuple[Split, array[float]], settling: Settling
) -> tuple[tuple[Split, array[float]], Settling]:
    """The second half's task with its events alone, and the totals its weak pairs read."""
    part, strong = task
    local, narrowed, number = _numbered_split(part, settling.state)
    groups, totals = settling.state.groups, settling.totals
    read = {}
    for i, j in zip(part.weak.lefts, part.weak.rights, strict=True):
        read[(number[i], groups[j])] = totals[(i, groups[j])]
        read[(number[j], groups[i])] = totals[(j, groups[i])]
    return (local, strong), Settling(narrowed, read)


def _second_half(
    task: tuple[Split, array[float]],
    settling: Settling,
    weighing: Weighing,
    settle_part: SettlePart,
) -> list[Match]:
    part, strong = task
    state = settling.state
    pairs, odds = _pairs_of(part, weighing)
    probabilities = settle_part(
        state.found, state.groups, pairs, odds, strong, settling.totals, set(part.owned)
    )
    return [
        _match(state, weighing, i, j, code, probability)
        for i, j, code, probability in zip(
            part.strong.lefts, part.strong.rights, part.strong.patterns, probabilities, strict=True
        )
        if probability >= weighing.min_probability
    ]


def weigh_split(
    state: State,
    parts: Sequence[Split],
    weighing: Weighing,
    pool: Pool,
    halves: tuple[ComparePart, SettlePart],
) -> Iterator[list[Match]]:
    """The kept matches of each part of `split_by_strength`, in two halves (*halves*)."""
    compete_part, settle_part = halves
    first = functools.partial(_first_half, weighing=weighing, compete_part=compete_part)
    strong: list[array[float]] = []
    totals: dict[tuple[int, int], float] = {}
    for probabilities, found in pool.map(Step(first, _narrow_split), parts, state):
        strong.append(probabilities)
        totals.update(found)
    second = functools.partial(_second_half, weighing=weighing, settle_part=settle_part)
    tasks = list(zip(parts, strong, strict=True))
    return pool.map(Step(second, _narrow_settling), tasks, Settling(state, totals))
