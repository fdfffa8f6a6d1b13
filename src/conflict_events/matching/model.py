"""
The Fellegi-Sunter model: how much each comparison level says for or against a match, from EM.

A candidate pair falls into one level of each comparison (or none, when one
side is silent). Under the Fellegi-Sunter model the levels of a pair are
independent given whether it is a match, with probabilities ``m`` (among
matches) and ``u`` (among non-matches) per comparison and level, and a share
``prior`` of the candidate pairs are matches. A pair's match probability is
then ``sigmoid(logit(prior) + sum(ln(m / u)))`` over the levels it fell into;
a comparison it fell into no level of adds nothing.

`fit` estimates ``prior``, ``m`` and ``u`` from the unlabelled candidate
pairs by expectation-maximisation on the counts of each pattern of levels
(so the work per iteration is the number of distinct patterns, not pairs):

- start from ``prior = 0.1``, ``m`` falling and ``u`` rising along each
  comparison's levels (they are ordered from agreement to disagreement);
- E step: each pattern's posterior probability of being a match, in log
  space (``log1p``/``exp`` of the negative side only, never an overflow);
- M step: ``prior`` is the mean posterior, ``m`` and ``u`` the posterior-
  weighted level frequencies, each smoothed by a Dirichlet pseudo-count of
  ``smoothing`` pairs spread as the starting values (so no level ever gets
  probability 0 and a level unseen in the data keeps a neutral-ish weight);
- the prior is capped at ``max_prior``: without a cap EM readily takes
  "the same actors, the same kind of event" (repeated clashes of two sides)
  for the match class, since it explains more of the pairs' correlation
  than identity does; the matcher caps it at the number of matches a
  near one-to-one linkage could have (see `conflict_events.matching.matcher`);
- stop when no parameter moves by more than ``tolerance`` or after
  ``max_iterations``; patterns are visited in sorted order, so the result
  does not depend on the order of the pairs.

If EM ends with the classes swapped (the "match" class agreeing less than
the other on every comparison's first level), the two are swapped back.

`refit` then runs rounds of EM whose E step is given from outside: the
matcher's, where each event matches at most one candidate per dataset. EM on
the patterns alone may settle on a class that is not identity (a date
"within the same weeks" and a place "within reach" taken for a match, the
actors hardly weighed); the posteriors under the one-to-one constraint pull
the weights back to what tells one event from its rivals.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

import attrs

__all__ = ["Model", "Pattern", "fit", "log_odds_of", "refit", "sigmoid"]

#: A pair's level index in each comparison, None where it fell into none.
Pattern = tuple[int | None, ...]

_FLOOR: Final = 1e-9


def sigmoid(x: float) -> float:
    """The probability of log odds *x*: ``1 / (1 + e**-x)``, without an overflow at either end."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _normalised(values: Sequence[float]) -> tuple[float, ...]:
    total = sum(values)
    return tuple(value / total for value in values)


def _start_m(count: int) -> tuple[float, ...]:
    return _normalised([float((count - i) ** 2) for i in range(count)])


def _start_u(count: int) -> tuple[float, ...]:
    return _normalised([float((i + 1) ** 2) for i in range(count)])


@attrs.frozen
class Model:
    """
    A fitted Fellegi-Sunter model over named comparisons.

    Fields:
        comparisons: The comparisons' names, in pattern order.
        levels: Each comparison's level names, from agreement to disagreement.
        prior: The share of candidate pairs that are matches.
        m: Per comparison, each level's probability among matches.
        u: Per comparison, each level's probability among non-matches.
        iterations: How many EM iterations were run (0 for a model given, not fitted).
        converged: Whether EM stopped because no parameter moved any more.
        refits: How many rounds of `refit` followed EM (0 for none).
    """

    comparisons: tuple[str, ...]
    levels: tuple[tuple[str, ...], ...]
    prior: float
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    iterations: int = 0
    converged: bool = True
    refits: int = 0

    @classmethod
    def initial(cls, comparisons: Sequence[str], levels: Sequence[Sequence[str]]) -> Model:
        """The starting model of `fit`: prior 0.1, ``m`` falling and ``u`` rising by level."""
        return cls(
            comparisons=tuple(comparisons),
            levels=tuple(tuple(names) for names in levels),
            prior=0.1,
            m=tuple(_start_m(len(names)) for names in levels),
            u=tuple(_start_u(len(names)) for names in levels),
        )

    def weight(self, comparison: int, level: int) -> float:
        """The evidence of one level for a match: ``ln(m / u)`` (negative against)."""
        return math.log(self.m[comparison][level]) - math.log(self.u[comparison][level])

    def weights(self) -> tuple[tuple[float, ...], ...]:
        """Every level's `weight`, by comparison: the table `log_odds` sums from."""
        return tuple(
            tuple(self.weight(k, level) for level in range(len(ms))) for k, ms in enumerate(self.m)
        )

    def prior_log_odds(self) -> float:
        """The log odds of a match before any comparison: ``logit(prior)``, kept finite."""
        prior = min(max(self.prior, _FLOOR), 1 - _FLOOR)
        return math.log(prior) - math.log1p(-prior)

    def log_odds(self, pattern: Pattern) -> float:
        """The log odds of a match for a pair of this *pattern*."""
        total = self.prior_log_odds()
        for comparison, level in enumerate(pattern):
            if level is not None:
                total += self.weight(comparison, level)
        return total

    def probability(self, pattern: Pattern) -> float:
        """The probability that a pair of this *pattern* is a match."""
        return sigmoid(self.log_odds(pattern))

    def as_dict(self) -> dict[str, object]:
        """The model as plain data: prior, and m, u and weight by comparison and level."""
        return {
            "prior": self.prior,
            "iterations": self.iterations,
            "converged": self.converged,
            "refits": self.refits,
            "comparisons": {
                name: {
                    level: {
                        "m": self.m[k][i],
                        "u": self.u[k][i],
                        "weight": self.weight(k, i),
                    }
                    for i, level in enumerate(self.levels[k])
                }
                for k, name in enumerate(self.comparisons)
            },
        }


def _summed(start: float, weights: Sequence[Sequence[float]], pattern: Pattern) -> float:
    total = start
    for row, level in zip(weights, pattern, strict=True):
        if level is not None:
            total += row[level]
    return total


def log_odds_of(model: Model, patterns: Iterable[Pattern]) -> dict[Pattern, float]:
    """The log odds of each distinct pattern of *patterns* (the weights computed once)."""
    start, weights = model.prior_log_odds(), model.weights()
    found: dict[Pattern, float] = {}
    for pattern in patterns:
        if pattern not in found:
            found[pattern] = _summed(start, weights, pattern)
    return found


def _key(pattern: Pattern) -> tuple[int, ...]:
    return tuple(-1 if level is None else level for level in pattern)


@attrs.frozen
class _Columns:
    """
    The distinct patterns as columns: per comparison, each pattern's level (or a last slot).

    EM's work per iteration is then a few C-level passes over lists (`map`,
    `zip`, `sum`) instead of a Python loop over every pattern and comparison.
    """

    counts: tuple[float, ...]
    levels: tuple[tuple[int, ...], ...]  # per comparison; its number of levels stands for None
    members: tuple[tuple[tuple[int, ...], ...], ...]  # per comparison and level: patterns in it

    @classmethod
    def of(cls, items: Sequence[tuple[Pattern, int]], sizes: Sequence[int]) -> _Columns:
        columns: list[tuple[int, ...]] = []
        members = []
        for k, size in enumerate(sizes):
            column = tuple(size if (level := p[k]) is None else level for p, _ in items)
            columns.append(column)
            held: list[list[int]] = [[] for _ in range(size)]
            for index, level in enumerate(column):
                if level < size:
                    held[level].append(index)
            members.append(tuple(tuple(indices) for indices in held))
        return cls(tuple(float(c) for _, c in items), tuple(columns), tuple(members))

    def posteriors(self, model: Model) -> list[float]:
        """Each pattern's probability of being a match under *model* (the E step)."""
        totals = [model.prior_log_odds()] * len(self.counts)
        for row, column in zip(model.weights(), self.levels, strict=True):
            looked_up = (*row, 0.0)  # a comparison a pattern fell into no level of adds nothing
            totals = list(map(operator.add, totals, map(looked_up.__getitem__, column)))
        return [sigmoid(x) for x in totals]

    def m_step(
        self, start: Model, posteriors: Sequence[float], smoothing: float, max_prior: float
    ) -> tuple[float, tuple[tuple[float, ...], ...], tuple[tuple[float, ...], ...]]:
        """The prior, ``m`` and ``u`` that the *posteriors* make most likely (smoothed, capped)."""
        matched = list(map(operator.mul, self.counts, posteriors))
        unmatched = list(map(operator.sub, self.counts, matched))
        prior = min(max(math.fsum(matched) / math.fsum(self.counts), _FLOOR), max_prior)
        prior = min(prior, 1 - _FLOOR)

        def smooth(
            weights: list[float], held: tuple[tuple[int, ...], ...], base: tuple[float, ...]
        ) -> tuple[float, ...]:
            return _normalised(
                [
                    math.fsum(map(weights.__getitem__, indices)) + smoothing * b
                    for indices, b in zip(held, base, strict=True)
                ]
            )

        m = tuple(
            smooth(matched, held, base) for held, base in zip(self.members, start.m, strict=True)
        )
        u = tuple(
            smooth(unmatched, held, base) for held, base in zip(self.members, start.u, strict=True)
        )
        return prior, m, u


def _change(
    a: Model, prior: float, m: Sequence[Sequence[float]], u: Sequence[Sequence[float]]
) -> float:
    moved = abs(a.prior - prior)
    for old, new in ((a.m, m), (a.u, u)):
        for xs, ys in zip(old, new, strict=True):
            moved = max(moved, *(abs(x - y) for x, y in zip(xs, ys, strict=True)))
    return moved


def fit(
    counts: Mapping[Pattern, int],
    start: Model,
    *,
    max_iterations: int = 1000,
    tolerance: float = 1e-7,
    smoothing: float = 1.0,
    max_prior: float = 1.0,
) -> Model:
    """
    The model EM fits to the candidate pairs' *counts* of each pattern, from *start*.

    *start* gives the comparisons, their levels and the starting values (its
    ``m`` and ``u`` also spread the *smoothing* pseudo-counts). The prior is
    kept at most *max_prior* (the M step's constrained maximum: the
    likelihood is concave in the prior). With no pairs, *start* comes back
    unchanged.
    """
    items = sorted(counts.items(), key=lambda item: _key(item[0]))
    if not items:
        return start
    columns = _Columns.of(items, [len(names) for names in start.levels])
    model = start
    converged = False
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 - the count is kept
        posteriors = columns.posteriors(model)
        prior, m, u = columns.m_step(start, posteriors, smoothing, max_prior)
        moved = _change(model, prior, m, u)
        model = attrs.evolve(model, prior=prior, m=m, u=u)
        if moved <= tolerance:
            converged = True
            break
    agreement = sum(model.weight(k, 0) for k in range(len(model.comparisons)))
    if agreement < 0:  # the classes came out swapped: swap back, the prior still capped
        prior = min(max(1 - model.prior, _FLOOR), max_prior, 1 - _FLOOR)
        model = attrs.evolve(model, prior=prior, m=model.u, u=model.m)
    return attrs.evolve(model, iterations=iterations, converged=converged)


def refit(
    counts: Mapping[Pattern, int],
    model: Model,
    matched: Callable[[Model], Mapping[Pattern, float]],
    *,
    anchor: float = 30.0,
    max_rounds: int = 10,
    tolerance: float = 0.002,
) -> Model:
    """
    *model* refitted by rounds of EM whose E step is *matched*: each pattern's matched pairs.

    *matched* gives, per pattern, the sum of its pairs' probabilities of a
    match under the round's model. The M step is `fit`'s, from each
    pattern's share of matched pairs, but its Dirichlet pseudo-counts are
    *anchor* pairs spread as *model*'s own ``m`` and ``u``: on few pairs the
    refit stays near EM's fit, on many the data decide. The prior stays
    *model*'s, since a constrained E step that is allowed to move it drives
    it down round after round (each round finds fewer matches than the
    last assumed). Rounds stop when no ``m`` or ``u`` moves by more than
    *tolerance*, or after *max_rounds*; their number is kept as ``refits``.
    With no pairs, *model* comes back unchanged.
    """
    items = sorted(counts.items(), key=lambda item: _key(item[0]))
    if not items:
        return model
    columns = _Columns.of(items, [len(names) for names in model.levels])
    fitted = model
    rounds = 0
    for rounds in range(1, max_rounds + 1):  # noqa: B007 - the count is kept
        found = matched(model)
        posteriors = [min(1.0, max(0.0, found.get(p, 0.0) / n)) for p, n in items]
        _, m, u = columns.m_step(fitted, posteriors, anchor, 1.0)
        moved = _change(model, model.prior, m, u)
        model = attrs.evolve(model, m=m, u=u)
        if moved <= tolerance:
            break
    return attrs.evolve(model, refits=rounds)
