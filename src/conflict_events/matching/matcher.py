"""
`match` and `match_all`: candidate pairs, their comparisons, the model, the probabilities.

The steps, each in its own module: profile every event (`profiles`), find
the candidate pairs (`blocking`), put each pair into a level of each
comparison (`comparisons`), fit the Fellegi-Sunter model by EM on the
patterns of levels and refit it with the rivals' rule as its E step
(`model`), and give each pair its probability and evidence (`matches`).
Pairs are never forced one-to-one: an ACLED event that aggregates the
same-day same-place events UCDP lists apart may match them all.

A pair's probability weighs its pattern's odds (the model's) against its
rivals' (`compete`, belief propagation): one event's candidates in one
other dataset are alternatives, of which at most one is that event's
match, so two indistinguishable
candidates ("twins", as coarse dates and places make) each get about a half,
not each the pattern's 0.9. Candidates that may be the parts of one
aggregated record (one day, one point, one place: ACLED files such
incidents as one event, UCDP apart) count as one alternative, and a span of
a few days at a point may match its daily parts (single days at one place,
each a different day inside the span: ACLED writes a fight of several days
one row a day, UCDP as one event) without their being rivals.

The steps run in parts (`_parts`: groups of buckets, then groups of
components of the pairs that take part in the propagation), in forked
worker processes when asked (or on a Dask cluster: `conflict_events.dask.match`),
with the result of one pass over every pair.

Every comparison is symmetric, the candidate pairs are a set and EM visits
patterns in sorted order, so `match` with its arguments swapped gives the
same pairs with their ids swapped, and `match_all` gives the same pairs
whatever the order of its datasets.
"""

from __future__ import annotations

import functools
import math
import operator
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Final

import attrs

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.matching import _parts as parts
from conflict_events.matching.blocking import Buckets
from conflict_events.matching.comparisons import COMPARISONS, Comparison
from conflict_events.matching.matches import Match, Matches
from conflict_events.matching.model import Model, Pattern, fit, log_odds_of, refit, sigmoid
from conflict_events.matching.profiles import Profile, profiles
from conflict_events.model import Dataset

__all__ = ["DEFAULT_MIN_PROBABILITY", "compete", "initial_model", "match", "match_all"]

#: Pairs less probable than this are left out of the result unless asked for.
DEFAULT_MIN_PROBABILITY = 0.01
#: EM's refit under the one-to-one constraint (`model.refit`): at most this many rounds
#: unless asked otherwise,
REFIT_ROUNDS: Final = 10
#: stopped when no m or u moves by more than this,
REFIT_TOLERANCE: Final = 0.002
#: on at most about this many candidate pairs (beyond, those of a sample of events),
REFIT_PAIRS: Final = 200_000
#: its propagation stopped when no message moves by more than this share,
REFIT_SETTLED: Final = 1e-2
#: its M step smoothed by this many pairs spread as EM's fit (`model.refit`'s anchor).
REFIT_ANCHOR: Final = 30.0


def initial_model(comparisons: Sequence[Comparison] = COMPARISONS) -> Model:
    """The model EM starts from (`Model.initial` over *comparisons*)."""
    return Model.initial([c.name for c in comparisons], [c.levels for c in comparisons])


#: Each comparison with its levels' positions, for putting a pair into its pattern.
_POSITIONS: Final = tuple(
    (comparison, {level: k for k, level in enumerate(comparison.levels)})
    for comparison in COMPARISONS
)


#: How patterns are packed into integers while the pairs are held.
_CODES: Final = parts.Codes(tuple(len(c.levels) for c in COMPARISONS))


def _pattern(a: Profile, b: Profile) -> Pattern:
    """The pair's level in each comparison, as positions (no words: those only for kept pairs)."""
    return tuple(
        None if (level := comparison.level_of(a, b)) is None else positions[level]
        for comparison, positions in _POSITIONS
    )


#: Log odds beyond this are clipped before they are summed (e**300 is far from overflow).
_LOG_ODDS_LIMIT = 300.0


def _slot(profile: Profile, index: int) -> tuple[object, ...]:
    """The alternative a partner is: one per event, but one for the parts an aggregate may hold."""
    if profile.first == profile.last and profile.place.is_disc:
        return ("day at a place", profile.first, profile.place.location)
    return ("event", index)


#: A span of days wider than this is taken for a date known only roughly (a month, a year),
#: not for a fight of several days: it has no daily parts.
_WHOLE_DAYS: Final = 14


def _is_daily_part(whole: Profile, part: Profile) -> bool:
    """
    Whether *part* may be one day of *whole*: a single day at a point inside its span of days.

    Such parts on different days at one place may all be *whole*'s (ACLED writes
    a fight of several days as one row a day, UCDP as one event over the range).
    The whole spans 2 to `_WHOLE_DAYS` days and is placed at a point too.
    """
    return (
        0 < whole.last - whole.first < _WHOLE_DAYS
        and whole.place.is_disc
        and part.first == part.last
        and whole.first <= part.first <= whole.last
        and part.place.is_disc
        and part.place.location is not None
    )


#: Products of weights are capped here (weights reach e**300: three of them would overflow).
_HUGE: Final = 1e300


def _product(factors: Sequence[float]) -> float:
    """The product of *factors* (each at least 1) in sorted order, capped at `_HUGE`."""
    found = 1.0
    for factor in sorted(factors):
        found = min(_HUGE, found * factor)
    return found


#: Belief propagation stops when no message moves by more than this share, or after `_ROUNDS`.
_SETTLED: Final = 1e-4
_ROUNDS: Final = 100
#: Each round keeps this share of the old messages (damping, so loops of rivals settle).
_DAMPING: Final = 0.2


#: Pairs with log odds below this (odds under 1 in 8,100) weigh on their rivals as a fixed
#: background instead of taking part in the propagation: most candidate pairs are such.
_WEAK_LOG_ODDS: Final = -9.0


@attrs.frozen
class _Constraint:
    """One event's candidates in one other dataset, of which at most one is its match."""

    edges: tuple[int, ...]  # the pairs holding the event that take part in the propagation
    slots: tuple[int, ...]  # each such pair's alternative, numbered within this constraint
    inbound: tuple[bool, ...]  # whether the event is the pair's first (its message is b, else a)
    weak: tuple[tuple[int, bool], ...] = ()  # the weak pairs, with their inbound flag
    background: float = 0.0  # the odds of the weak pairs, summed (their messages taken as 1)
    # Each slot's group of slots that may all match the event together (its daily parts at
    # one place, a slot a day); empty when no two slots may.
    together: tuple[int, ...] = ()
    distinct: bool = attrs.field(init=False)  # whether each pair has a slot of its own

    @distinct.default
    def _distinct(self) -> bool:
        return max(self.slots, default=-1) == len(self.slots) - 1

    @property
    def propagates(self) -> bool:
        """Whether what it says may differ from 1 for a pair that takes part."""
        return len(self.edges) > 1 or (len(self.edges) == 1 and self.background > 0)


def _constraints(
    found: Sequence[Profile],
    groups: Sequence[int],
    pairs: Sequence[tuple[int, int]],
    odds: Sequence[float],
    weak: Sequence[bool],
) -> list[_Constraint]:
    return _keyed_constraints(found, groups, pairs, odds, weak)[1]


def _keyed_constraints(
    found: Sequence[Profile],
    groups: Sequence[int],
    pairs: Sequence[tuple[int, int]],
    odds: Sequence[float],
    weak: Sequence[bool],
    owned: AbstractSet[int] | None = None,
) -> tuple[list[tuple[int, int]], list[_Constraint]]:
    """
    The constraints of `_constraints`, each with its key: (event, the other dataset).

    With *owned*, only the constraints of those events.
    """
    members: dict[tuple[int, int], list[tuple[int, int, bool]]] = defaultdict(list)
    for edge, (i, j) in enumerate(pairs):
        if owned is None or i in owned:
            members[(i, groups[j])].append((edge, j, True))
        if owned is None or j in owned:
            members[(j, groups[i])].append((edge, i, False))
    slot_of: dict[int, tuple[object, ...]] = {}  # only the strong pairs' partners need one
    constraints = []
    for (event, _), held in members.items():
        strong = [(e, other, first) for e, other, first in held if not weak[e]]
        numbers: dict[tuple[object, ...], int] = {}
        slots = []
        whole = found[event]
        spans = 0 < whole.last - whole.first < _WHOLE_DAYS  # else no daily parts
        days: dict[int, object] = {}  # each slot that is a daily part: its place
        for _, other, _ in strong:
            slot = slot_of.get(other)
            if slot is None:
                slot = slot_of[other] = _slot(found[other], other)
            number = numbers.setdefault(slot, len(numbers))
            slots.append(number)
            if spans and number not in days and _is_daily_part(whole, found[other]):
                days[number] = found[other].place.location
        faint = tuple((e, first) for e, _, first in held if weak[e])
        constraints.append(
            _Constraint(
                tuple(e for e, _, _ in strong),
                tuple(slots),
                tuple(f for _, _, f in strong),
                faint,
                math.fsum(odds[e] for e, _ in faint),
                _together(len(numbers), days) if len(days) > 1 else (),
            )
        )
    return list(members), constraints


def _together(size: int, days: Mapping[int, object]) -> tuple[int, ...]:
    """
    Each of *size* slots' group: the daily parts (*days*: slot to place) at one place share one.

    Empty when every group would hold one slot (the constraint is then as without the rule).
    """
    if len(set(days.values())) == len(days):  # no two daily parts at one place
        return ()
    groups: dict[object, int] = {}
    return tuple(
        groups.setdefault(("place", days[slot]) if slot in days else ("slot", slot), len(groups))
        for slot in range(size)
    )


def _incoming(
    constraint: _Constraint, odds: Sequence[float], to_first: list[float], to_second: list[float]
) -> list[float]:
    """The weight of each of the constraint's pairs: its odds, times what its other event says."""
    return [
        odds[e] * (to_second[e] if first else to_first[e])
        for e, first in zip(constraint.edges, constraint.inbound, strict=True)
    ]


def _heaviest(constraint: _Constraint, weights: Sequence[float]) -> tuple[list[float], list[float]]:
    """Per slot, the weight of its heaviest pair and of the next one (0 where there is none)."""
    best = [0.0] * (max(constraint.slots, default=-1) + 1)
    second = best.copy()
    for slot, weight in zip(constraint.slots, weights, strict=True):
        if weight > best[slot]:
            best[slot], second[slot] = weight, best[slot]
        elif weight > second[slot]:
            second[slot] = weight
    return best, second


def _messages(constraint: _Constraint, weights: Sequence[float]) -> list[float]:
    """
    What the constraint tells each of its pairs: ``1 / (1 + the weight of its rivals)``.

    A slot weighs as its heaviest pair; a pair's rivals are the other slots,
    in its own slot the heaviest other pair, and the weak pairs' background.
    The rivals of the heaviest slot are summed afresh rather than subtracted
    from the total, so a dominant pair never leaves its rivals a rounding
    error of itself. Daily parts that may match together are `_joint_messages`'.
    """
    if constraint.together:
        return _joint_messages(constraint, weights)
    if constraint.distinct:  # one pair per slot: no pair has a rival within its own slot
        total = math.fsum(weights)
        heaviest = max(weights)
        without_heaviest = math.fsum([*weights, -heaviest])
        background = constraint.background
        found = []
        for w in weights:
            others = without_heaviest if w == heaviest else total - w
            found.append(1.0 / (1.0 + (others if others > 0.0 else 0.0) + background))  # noqa: FURB136 - no call
        return found
    best, second = _heaviest(constraint, weights)
    total = math.fsum(best)
    heaviest = max(best)
    without_heaviest = math.fsum([*best, -heaviest])  # exact: whatever order the slots are in
    found = []
    for slot, weight in zip(constraint.slots, weights, strict=True):
        alone = second[slot] if weight == best[slot] else best[slot]
        others = without_heaviest if best[slot] == heaviest else total - best[slot]
        found.append(
            1.0 / (1.0 + (others if others > 0.0 else 0.0) + alone + constraint.background)  # noqa: FURB136
        )
    return found


def _group_weights(
    constraint: _Constraint, best: Sequence[float]
) -> tuple[list[float], list[float]]:
    """
    Each group's weight, and each slot's product of ``1 + w`` over the other slots of its group.

    A group's slots may all match together, so it weighs as every non-empty
    choice of them: the product of their ``1 + w``, less 1 (a group of one
    slot weighs as that slot).
    """
    members: dict[int, list[int]] = defaultdict(list)
    for slot, group in enumerate(constraint.together):
        members[group].append(slot)
    weights = [0.0] * len(members)
    besides = [1.0] * len(best)
    for group, slots in members.items():
        if len(slots) == 1:
            weights[group] = best[slots[0]]
            continue
        weights[group] = _product([1.0 + best[s] for s in slots]) - 1.0
        for slot in slots:
            besides[slot] = _product([1.0 + best[s] for s in slots if s != slot])
    return weights, besides


def _joint_messages(constraint: _Constraint, weights: Sequence[float]) -> list[float]:
    """
    `_messages` where some slots may match the event together (its daily parts at one place).

    A pair hears ``on / off``: *on* sums the choices of its group that hold it,
    the product ``P`` of ``1 + w`` over the group's other slots; *off* every
    choice without it, ``1 + others + (1 + alone) P - 1``, with *others* the
    other groups' weights and the background, *alone* the heaviest other pair
    of its own slot (as in `_messages`). So it hears
    ``1 / (others / P + 1 + alone)``: its group's other days are no rivals.
    """
    best, second = _heaviest(constraint, weights)
    group_weight, besides = _group_weights(constraint, best)
    total = math.fsum(group_weight)
    heaviest = max(group_weight)
    without_heaviest = math.fsum([*group_weight, -heaviest])
    found = []
    for slot, weight in zip(constraint.slots, weights, strict=True):
        alone = second[slot] if weight == best[slot] else best[slot]
        own = group_weight[constraint.together[slot]]
        others = without_heaviest if own == heaviest else total - own
        others = (others if others > 0.0 else 0.0) + constraint.background  # noqa: FURB136
        found.append(1.0 / (others / besides[slot] + 1.0 + alone))
    return found


def _weak_total(constraint: _Constraint, weights: Sequence[float]) -> float:
    """The weight of all a constraint's alternatives: a weak pair hears ``1 / (1 + it - own)``."""
    best, _ = _heaviest(constraint, weights)
    if constraint.together:
        return math.fsum([*_group_weights(constraint, best)[0], constraint.background])
    return math.fsum([*best, constraint.background])


def weak_message(total: float, odds: float) -> float:
    """What a constraint of weight *total* (`_weak_total`) tells a weak pair of *odds*."""
    others = total - odds  # as max(0.0, others), without a call per pair
    return 1.0 / (1.0 + (others if others > 0.0 else 0.0))  # noqa: FURB136


def _weak_messages(
    constraint: _Constraint, weights: Sequence[float], odds: Sequence[float]
) -> list[float]:
    """What the constraint tells each of its weak pairs: every other pair is its rival."""
    total = _weak_total(constraint, weights)
    found = []
    for e, _ in constraint.weak:
        others = total - odds[e]  # as max(0.0, others), without a call per pair
        found.append(1.0 / (1.0 + (others if others > 0.0 else 0.0)))  # noqa: FURB136
    return found


def compete(
    found: Sequence[Profile],
    groups: Sequence[int],
    pairs: Sequence[tuple[int, int]],
    log_odds: Sequence[float],
    *,
    settled: float = _SETTLED,
) -> list[float]:
    """
    Each pair's probability when each event matches at most one candidate per dataset.

    Found by belief propagation over those constraints.

    The pairs with their odds ``o`` (the model's) define a distribution over
    matchings in which each event is joined to at most one event of each
    other dataset; each pair's probability is its marginal there, found by
    sum-product belief propagation: a pair hears from each of its two events
    ``1 / (1 + w)``, w the odds of that event's other candidates weighed by
    what they in turn hear from their own rivals, and its probability is
    ``q / (1 + q)`` with ``q = o * a * b``. A pair without rivals keeps its
    pattern's ``o / (1 + o)``; k indistinguishable ones about ``1 / k``
    each; a rival that is itself better matched elsewhere takes less. Last,
    an event's candidates in one dataset are scaled to sum to at most 1
    (loops of rivals make the marginals approximate). Candidates in one slot
    (`_slot`: the same day at the same point, as an aggregate's parts are)
    count once, by the best of them. The daily parts of a span of days
    (`_is_daily_part`: one slot a day at one place) may all match it
    (`_joint_messages`), and count as their most probable day in that
    scaling (`_expected`). Messages are updated all at once from
    the last round's, so the result depends only on the set of pairs: `match`
    stays symmetric and `match_all` independent of the order of its datasets.
    Propagation stops when no message moves by more than the share *settled*.
    """
    odds = [math.exp(max(-_LOG_ODDS_LIMIT, min(_LOG_ODDS_LIMIT, x))) for x in log_odds]
    constraints = _constraints(found, groups, pairs, odds, [x < _WEAK_LOG_ODDS for x in log_odds])
    heard, edge_odds, reads = _propagate(constraints, odds, len(pairs), settled)
    for number, constraint in enumerate(constraints):  # the weak pairs hear once, at the end
        if constraint.weak:
            weights = list(
                map(operator.mul, edge_odds[number], map(heard.__getitem__, reads[number]))
            )
            for (e, first), message in zip(
                constraint.weak, _weak_messages(constraint, weights, odds), strict=True
            ):
                heard[2 * e + (0 if first else 1)] = message
    probabilities = []
    for o, a, b in zip(odds, heard[0::2], heard[1::2], strict=True):
        q = o * (a * b)  # a * b is b * a: swapping the datasets changes no bit
        probabilities.append(q / (1.0 + q))
    return _at_most_one(constraints, probabilities)


def _propagate(
    constraints: Sequence[_Constraint], odds: Sequence[float], size: int, settled: float = _SETTLED
) -> tuple[list[float], list[list[float]], list[list[int]]]:
    """
    The messages belief propagation settles on, for *size* pairs (`compete`).

    It stops when no message moves by more than the share *settled* of itself.

    Returns every message (2e what pair e's first event says, 2e + 1 its
    second), and per constraint its pairs' odds and the messages it reads.
    """
    # Each pair's two messages side by side: 2e what its first event says (its "a"), 2e + 1
    # what its second says (its "b"). Each message is written by one constraint, its owner;
    # a constraint reads the message on the other side of each of its pairs (index ^ 1).
    heard = [1.0] * (2 * size)
    owner = [0] * len(heard)
    writes: list[list[int]] = []
    for number, constraint in enumerate(constraints):
        written = [
            2 * e + (0 if first else 1)
            for e, first in zip(constraint.edges, constraint.inbound, strict=True)
        ]
        writes.append(written)
        for k in written:
            owner[k] = number
    propagates = [c.propagates for c in constraints]
    reads = [[k ^ 1 for k in written] for written in writes]
    edge_odds = [[odds[e] for e in c.edges] for c in constraints]
    keep = 1 - _DAMPING
    # A constraint over one candidate always says 1: only the others ever need computing.
    active = {number for number, moves in enumerate(propagates) if moves}
    for _ in range(_ROUNDS):
        if not active:
            break
        updates = [
            (
                number,
                _messages(
                    constraints[number],
                    list(
                        map(operator.mul, edge_odds[number], map(heard.__getitem__, reads[number]))
                    ),
                ),
            )
            for number in sorted(active)
        ]
        active = set()
        for number, values in updates:
            moved = False
            for k, value in zip(writes[number], values, strict=True):
                old = heard[k]
                damped = _DAMPING * old + keep * value
                heard[k] = damped
                # Relative: a pair's odds scale its messages, so its probability moves by at
                # most a quarter of their relative change. A message still moving is computed
                # again (damping took it only part of the way), and so is the constraint on
                # the pair's other side, which weighs the pair by it.
                if abs(damped - old) > settled * old:
                    moved = True
                    other = owner[k ^ 1]
                    if propagates[other]:
                        active.add(other)
            if moved:
                active.add(number)
    return heard, edge_odds, reads


#: No weak pair is ever as probable as this: its odds are below e**-9 and its messages 1 at most.
WEAK_PROBABILITY: Final = sigmoid(_WEAK_LOG_ODDS)


def is_weak(log_odds: float) -> bool:
    """Whether a pair of these *log_odds* is weak: a fixed background to its rivals."""
    return log_odds < _WEAK_LOG_ODDS


def compete_part(
    found: Sequence[Profile],
    groups: Sequence[int],
    pairs: Sequence[tuple[int, int]],
    log_odds: Sequence[float],
    owned: AbstractSet[int],
) -> tuple[list[float], dict[tuple[int, int], float]]:
    """
    The first half of `compete` for the events *owned* by one part.

    *pairs* are the part's strong pairs (both events owned) and every weak
    pair with an owned event. Returns each pair's probability before the
    scaling of `_at_most_one` (meaningful for the strong pairs), and the
    `_weak_total` of each owned constraint that holds a weak pair (what its
    weak pairs hear), by (event, other dataset).
    """
    odds = [math.exp(max(-_LOG_ODDS_LIMIT, min(_LOG_ODDS_LIMIT, x))) for x in log_odds]
    keys, constraints = _keyed_constraints(
        found, groups, pairs, odds, [is_weak(x) for x in log_odds], owned
    )
    heard, edge_odds, reads = _propagate(constraints, odds, len(pairs))
    totals = {}
    for key, constraint, held, read in zip(keys, constraints, edge_odds, reads, strict=True):
        if constraint.weak:
            weights = list(map(operator.mul, held, map(heard.__getitem__, read)))
            totals[key] = _weak_total(constraint, weights)
    probabilities = []
    for o, a, b in zip(odds, heard[0::2], heard[1::2], strict=True):
        q = o * (a * b)
        probabilities.append(q / (1.0 + q))
    return probabilities, totals


def settle_part(
    found: Sequence[Profile],
    groups: Sequence[int],
    pairs: Sequence[tuple[int, int]],
    log_odds: Sequence[float],
    strong: Sequence[float],
    totals: Mapping[tuple[int, int], float],
    owned: AbstractSet[int],
) -> list[float]:
    """
    The second half of `compete` for one part: its strong pairs' probabilities.

    *strong* holds the strong pairs' probabilities from `compete_part` (in
    order), *totals* the `_weak_total` of every constraint holding a weak
    pair, whichever part owns it. Each weak pair's probability is found from
    the totals of its two events' constraints, and each owned constraint's
    pairs are scaled as `_at_most_one` scales them.
    """
    found_strong = iter(strong)
    probabilities = []
    for (i, j), x in zip(pairs, log_odds, strict=True):
        if not is_weak(x):
            probabilities.append(next(found_strong))
            continue
        o = math.exp(max(-_LOG_ODDS_LIMIT, x))
        a = weak_message(totals[(i, groups[j])], o)
        b = weak_message(totals[(j, groups[i])], o)
        q = o * (a * b)
        probabilities.append(q / (1.0 + q))
    held: dict[tuple[int, int], list[int]] = defaultdict(list)
    for e, (i, j) in enumerate(pairs):
        if i in owned:
            held[(i, groups[j])].append(e)
        if j in owned:
            held[(j, groups[i])].append(e)
    scale = [1.0] * len(pairs)
    for (event, _), edges in held.items():
        whole = found[event]
        if 0 < whole.last - whole.first < _WHOLE_DAYS:  # it may have daily parts: as compete
            mine = [pairs[e] for e in edges]
            weak = [is_weak(log_odds[e]) for e in edges]
            _, (constraint,) = _keyed_constraints(
                found, groups, mine, [0.0] * len(mine), weak, {event}
            )
            total = _expected(constraint, [probabilities[e] for e in edges])
        else:
            total = math.fsum(map(probabilities.__getitem__, edges))
        if total > 1.0:
            for e in edges:
                scale[e] = min(scale[e], 1.0 / total)
    return [p * k for p, k, x in zip(probabilities, scale, log_odds, strict=True) if not is_weak(x)]


def _expected(constraint: _Constraint, probabilities: Sequence[float]) -> float:
    """
    How many matches the constraint's event has at least, in expectation: at most 1.

    Its candidates' probabilities summed, but a group of daily parts that may
    match together (`_Constraint.together`) counts as its most probable day.
    """
    faint = (probabilities[e] for e, _ in constraint.weak)
    if not constraint.together:
        return math.fsum([*map(probabilities.__getitem__, constraint.edges), *faint])
    per_slot: dict[int, list[float]] = defaultdict(list)
    for e, slot in zip(constraint.edges, constraint.slots, strict=True):
        per_slot[slot].append(probabilities[e])
    per_group: dict[int, float] = {}
    for slot, found in per_slot.items():
        group = constraint.together[slot]
        per_group[group] = max(per_group.get(group, 0.0), math.fsum(found))
    return math.fsum([*per_group.values(), *faint])


def _at_most_one(constraints: Sequence[_Constraint], probabilities: list[float]) -> list[float]:
    """*probabilities* scaled so that no event's candidates in one dataset sum above 1."""
    scale = [1.0] * len(probabilities)
    for constraint in constraints:
        total = _expected(constraint, probabilities)
        if total > 1.0:
            for e in (*constraint.edges, *(e for e, _ in constraint.weak)):
                scale[e] = min(scale[e], 1.0 / total)
    return [p * k for p, k in zip(probabilities, scale, strict=True)]


def _check(min_probability: float) -> None:
    if not 0.0 <= min_probability <= 1.0:
        msg = f"min_probability must be between 0 and 1, not {describe(min_probability)}"
        raise ConflictEventsError(msg)


def _run(
    found: Sequence[Profile],
    groups: Sequence[int],
    *,
    model: Model | None,
    min_probability: float,
    max_iterations: int,
    smoothing: float,
    canonical: bool,
    matches_per_event: float,
    rivals: bool,
    refits: int,
    pool: parts.Pool,
) -> Matches:
    """The matches of the events *found* in datasets *groups*, the parts run by *pool*."""
    _check(min_probability)
    if not matches_per_event > 0:
        msg = f"matches_per_event must be above 0, not {describe(matches_per_event)}"
        raise ConflictEventsError(msg)
    if type(refits) is not int or refits < 0:  # a bool is no count
        msg = f"refits must be a whole number of rounds, 0 or more, not {describe(refits)}"
        raise ConflictEventsError(msg)
    state = parts.State(found, groups, Buckets.of(found), parts.Coder(found))
    blocked = parts.Blocked(array("i"), array("i"), array(_CODES.typecode))
    workers = pool.workers
    for part in parts.block(state, pool):
        blocked.lefts.extend(part.lefts)
        blocked.rights.extend(part.rights)
        blocked.patterns.extend(part.patterns)
    counts = blocked.counts(_CODES)
    if model is None:
        sizes = Counter(groups)
        expected = matches_per_event * sum(
            max(sizes[a], sizes[b]) for a in sizes for b in sizes if a < b
        )
        model = fit(
            counts,
            initial_model(),
            max_iterations=max_iterations,
            smoothing=smoothing,
            max_prior=min(1.0, expected / len(blocked)) if len(blocked) else 1.0,
        )
        if refits:
            model = _refit(state, blocked, model, refits, pool)
    odds = log_odds_of(model, sorted(counts, key=_CODES.encode))
    weighing = parts.Weighing(
        model,
        {_CODES.encode(pattern): x for pattern, x in odds.items()},
        rivals,
        min_probability,
        canonical,
    )
    target = _part_pairs(len(blocked), workers)
    results: list[Match] = []
    if rivals and min_probability >= 2 * WEAK_PROBABILITY:
        # No weak pair can be kept: propagate the components of the strong pairs apart.
        weak = {code for code, x in weighing.log_odds.items() if is_weak(x)}
        split = parts.split_by_strength(blocked, len(found), weak, target)
        del blocked
        for kept in parts.weigh_split(state, split, weighing, pool, (compete_part, settle_part)):
            results += kept
    else:
        whole = parts.parts_of(blocked, len(found), target)
        del blocked
        for kept in parts.weigh(state, whole, weighing, pool, compete):
            results += kept
    results.sort(key=lambda m: (-m.probability, m.left_id, m.right_id))
    return Matches(tuple(results), model)


def _part_pairs(pairs: int, workers: int) -> int:
    """
    How many pairs a part of components holds.

    Enough parts to keep every worker busy, none much above `PART_PAIRS`
    (components stay whole).
    """
    return min(parts.PART_PAIRS, max(1, -(-pairs // (2 * workers))))


def _sample(state: parts.State, blocked: parts.Blocked) -> parts.Blocked:
    """
    The pairs `_refit` reads: all of them, or beyond `REFIT_PAIRS` those of a sample of events.

    An event is in the sample by a hash of its id (CRC-32, the same in every
    process and whatever the order of the events), and every pair of an
    event in it is kept, so each sampled event meets all its rivals.
    """
    if len(blocked) <= REFIT_PAIRS:
        return blocked
    cut = int(REFIT_PAIRS / (2 * len(blocked)) * 2**32)  # a pair touches two events
    chosen = [zlib.crc32(p.id.encode("utf-8", "surrogatepass")) < cut for p in state.found]
    pairs = enumerate(zip(blocked.lefts, blocked.rights, strict=True))
    kept = [k for k, (i, j) in pairs if chosen[i] or chosen[j]]
    return parts.Blocked(
        array("i", map(blocked.lefts.__getitem__, kept)),
        array("i", map(blocked.rights.__getitem__, kept)),
        array(blocked.patterns.typecode, map(blocked.patterns.__getitem__, kept)),
    )


def _refit(
    state: parts.State, blocked: parts.Blocked, model: Model, rounds: int, pool: parts.Pool
) -> Model:
    """
    *model* refitted with the probabilities `compete` gives the pairs (`model.refit`).

    Each round propagates the (sampled) pairs under the round's model, in
    parts of whole components run by *pool*.
    """
    sample = _sample(state, blocked)
    counts = sample.counts(_CODES)
    roughly = functools.partial(compete, settled=REFIT_SETTLED)
    split = parts.parts_of(sample, len(state.found), _part_pairs(len(sample), pool.workers))

    def matched(current: Model) -> dict[Pattern, float]:
        odds = {_CODES.encode(p): x for p, x in log_odds_of(current, counts).items()}
        sums = parts.matched_sums(state, split, odds, pool, roughly)
        return {_CODES.decode(code): total for code, total in sums.items()}

    return refit(
        counts,
        model,
        matched,
        anchor=REFIT_ANCHOR,
        max_rounds=rounds,
        tolerance=REFIT_TOLERANCE,
    )


def _of_pair(left: Dataset, right: Dataset) -> tuple[list[Profile], list[int]]:
    """The profiles of `match`'s events, and each one's dataset (0 *left*, 1 *right*)."""
    found = [*profiles(left), *profiles(right)]
    groups = [0] * len(left.events) + [1] * len(right.events)
    return found, groups


def _of_all(datasets: Sequence[Dataset]) -> tuple[list[Profile], list[int]]:
    """The profiles of `match_all`'s events, and each one's dataset (its position)."""
    found: list[Profile] = []
    groups: list[int] = []
    for position, dataset in enumerate(datasets):
        found.extend(profiles(dataset))
        groups.extend([position] * len(dataset.events))
    return found, groups


def match(
    left: Dataset,
    right: Dataset,
    *,
    model: Model | None = None,
    min_probability: float = DEFAULT_MIN_PROBABILITY,
    max_iterations: int = 1000,
    smoothing: float = 1.0,
    matches_per_event: float = 1.0,
    rivals: bool = True,
    refits: int = REFIT_ROUNDS,
    workers: int | parts.Pool = 1,
) -> Matches:
    """
    The events of *left* and *right* that may be one incident, with probability and evidence.

    Each `Match` holds a *left* event's id, then a *right* one's. The model is
    fitted by EM on the candidate pairs unless a fitted *model* is given
    (then it is applied as it is). EM's prior share of matches among the
    candidate pairs is capped at *matches_per_event* times the larger
    dataset's size over the number of pairs: on average each event of the
    larger side matches at most that many (an event of the smaller side may
    still match several). Pairs less probable than *min_probability* are left
    out; an event may match several. With *rivals* (the default) a pair's
    probability is shared with its events' other candidates (`compete`);
    without, it is its pattern's alone. EM's weights are then refitted in
    up to *refits* rounds (`REFIT_ROUNDS`; 0 keeps EM's), each weighing the
    candidate pairs by `compete` as the E step: EM on the patterns alone may
    take a class other than identity for the matches. With *workers* above 1 the pairs are
    compared and weighed in that many forked processes, part by part
    (`_parts`), with the same result; *workers* may also be a `_parts.Pool`
    that runs the parts elsewhere (`conflict_events.dask.match` passes one).

    Raises:
        ConflictEventsError: *min_probability* is not between 0 and 1, or
            *matches_per_event* is not above 0, or *refits* is not a count.
    """
    found, groups = _of_pair(left, right)
    return _run(
        found,
        groups,
        model=model,
        min_probability=min_probability,
        max_iterations=max_iterations,
        smoothing=smoothing,
        canonical=False,
        matches_per_event=matches_per_event,
        rivals=rivals,
        refits=refits,
        pool=parts.Forked(workers) if isinstance(workers, int) else workers,
    )


def match_all(
    datasets: Sequence[Dataset],
    *,
    model: Model | None = None,
    min_probability: float = DEFAULT_MIN_PROBABILITY,
    max_iterations: int = 1000,
    smoothing: float = 1.0,
    matches_per_event: float = 1.0,
    rivals: bool = True,
    refits: int = REFIT_ROUNDS,
    workers: int | parts.Pool = 1,
) -> Matches:
    """
    The events of different *datasets* that may be one incident, fitted as one model.

    Events of one dataset are never paired with each other. Each `Match`
    holds the lesser id first, so the result does not depend on the order
    of *datasets*; ids should be unique across them (as the ACLED and UCDP
    readers' are). Options as for `match`; the cap on EM's prior sums
    the larger size over every pair of datasets.

    Raises:
        ConflictEventsError: *min_probability* is not between 0 and 1, or
            *matches_per_event* is not above 0, or *refits* is not a count.
    """
    found, groups = _of_all(datasets)
    return _run(
        found,
        groups,
        model=model,
        min_probability=min_probability,
        max_iterations=max_iterations,
        smoothing=smoothing,
        canonical=True,
        matches_per_event=matches_per_event,
        rivals=rivals,
        refits=refits,
        pool=parts.Forked(workers) if isinstance(workers, int) else workers,
    )
