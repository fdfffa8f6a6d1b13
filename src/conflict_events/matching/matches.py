"""
Typed results: each matched pair with its probability and evidence, and the sequence of them.

A `Match` unpacks as the 4-tuple ``(left_id, right_id, probability,
evidence)``; `Matches` is a sequence of them with the fitted model, and
`Matches.to_frame` gives one row per pair (pandas, polars or an Arrow table;
pandas and pyarrow come with the ``arrow`` extra, polars is installed apart).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any, Final, overload

import attrs

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.matching.model import Model

__all__ = ["BACKENDS", "Evidence", "Match", "Matches"]

#: The frame libraries `Matches.to_frame` can build.
BACKENDS: Final = ("pandas", "polars", "arrow")
_ARROW_HINT: Final = "pip install 'conflict-events[arrow]'"
_POLARS_HINT: Final = "pip install polars (it is not part of any extra but 'test')"


@attrs.frozen
class Evidence:
    """
    What one comparison says of a pair: the level it fell into and that level's weight.

    Fields:
        comparison: The comparison's name (``date``, ``place``, ``type``, ``actors`` ...).
        level: The level the pair fell into, or None when one side says nothing.
        weight: The level's weight ``ln(m / u)``: positive for, negative against; 0 for no level.
        detail: What the level rests on, in words.
    """

    comparison: str
    level: str | None
    weight: float
    detail: str


@attrs.frozen
class Match:
    """
    Two events that may be one incident, how probably, and why.

    Unpacks as ``left_id, right_id, probability, evidence``.

    Fields:
        left_id: The event of the left dataset (`match`), or the lesser id (`match_all`).
        right_id: The other event.
        probability: The probability that the two are one incident: the model's, shared
            with the rival candidates of both events (`matcher.compete`).
        evidence: One entry per comparison, in the model's order.
    """

    left_id: str
    right_id: str
    probability: float
    evidence: tuple[Evidence, ...]

    def __iter__(self) -> Iterator[Any]:
        return iter((self.left_id, self.right_id, self.probability, self.evidence))

    def swapped(self) -> Match:
        """The same match seen from the other side."""
        return attrs.evolve(self, left_id=self.right_id, right_id=self.left_id)


def _columns(matches: Sequence[Match], names: Sequence[str]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {
        "left_id": [m.left_id for m in matches],
        "right_id": [m.right_id for m in matches],
        "probability": [m.probability for m in matches],
    }
    for position, name in enumerate(names):
        columns[f"{name}_level"] = [m.evidence[position].level for m in matches]
        columns[f"{name}_weight"] = [m.evidence[position].weight for m in matches]
    return columns


@attrs.frozen
class Matches(Sequence[Match]):
    """
    The matched pairs, most probable first, and the model that weighed them.

    Fields:
        matches: The pairs.
        model: The Fellegi-Sunter model fitted (or given) for them.
    """

    matches: tuple[Match, ...]
    model: Model

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Match]: ...
    def __getitem__(self, index: int | slice) -> Match | Sequence[Match]:
        return self.matches[index]

    def __len__(self) -> int:
        return len(self.matches)

    def above(self, threshold: float) -> list[Match]:
        """The matches whose probability is at least *threshold*."""
        return [m for m in self.matches if m.probability >= threshold]

    def f1_threshold(self) -> float:
        """
        The threshold whose pairs have the highest expected F1 by the model's own probabilities.

        Calibrated probabilities tell, without labels, how many true pairs
        there are (about the sum of all of them) and how many a threshold
        keeps (the sum of those it keeps), so the pairwise F1 of every cut
        can be estimated as ``2 * kept_sum / (kept + total_sum)``; this is the
        lowest probability of the best cut. It lies below 0.5 when many true
        pairs are uncertain (about 0.37 on the benchmark, where it raises F1
        by 3 to 5 points and that of month-wide dates by 9, see docs/matching.md);
        0.5 picks pairs more likely than not to be one incident instead. Pairs
        left out by ``min_probability`` count for nothing. With no pair of a
        probability above 0, 0.5.
        """
        values = sorted((m.probability for m in self.matches), reverse=True)
        if not values or values[0] <= 0.0:
            return 0.5
        total = math.fsum(values)
        kept = 0.0
        best, threshold = -1.0, 0.5
        for count, value in enumerate(values, start=1):
            kept += value
            if count < len(values) and values[count] == value:
                continue  # a cut keeps every pair of one probability or none
            expected = 2.0 * kept / (count + total)
            if expected > best:
                best, threshold = expected, value
        return threshold

    def of(self, event_id: str) -> list[Match]:
        """The matches that name *event_id* on either side, most probable first."""
        return [m for m in self.matches if event_id in (m.left_id, m.right_id)]

    def to_frame(self, backend: str = "pandas") -> Any:
        """
        One row per pair, as a frame of *backend* (``pandas``, ``polars`` or ``arrow``).

        The columns: ``left_id``, ``right_id``, ``probability``, and per
        comparison ``<name>_level`` and ``<name>_weight``.

        Raises:
            ConflictEventsError: *backend* is not one of `BACKENDS`, or its library is
                not installed (the message says what to install).
        """
        if backend not in BACKENDS:
            msg = f"unknown backend {describe(backend)}: use one of {', '.join(BACKENDS)}"
            raise ConflictEventsError(msg)
        columns = _columns(self.matches, self.model.comparisons)
        if backend == "polars":
            try:
                import polars as pl  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
            except ModuleNotFoundError:
                msg = f"backend 'polars' needs polars: {_POLARS_HINT}"
                raise ConflictEventsError(msg) from None
            return pl.DataFrame(columns, schema=_polars_schema(pl, columns))
        if backend == "arrow":
            try:
                import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415
            except ModuleNotFoundError as error:
                msg = f"backend 'arrow' needs pyarrow ({error.name} is missing): {_ARROW_HINT}"
                raise ConflictEventsError(msg) from None
            return pa.table(
                {
                    name: pa.array(values, pa.float64() if _is_number(name) else pa.string())
                    for name, values in columns.items()
                }
            )
        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415
        except ModuleNotFoundError as error:
            msg = f"backend 'pandas' needs pandas ({error.name} is missing): {_ARROW_HINT}"
            raise ConflictEventsError(msg) from None
        frame = pd.DataFrame(columns)
        for name in columns:
            frame[name] = frame[name].astype("float64" if _is_number(name) else "object")
        return frame


def _is_number(column: str) -> bool:
    return column == "probability" or column.endswith("_weight")


def _polars_schema(pl: Any, columns: dict[str, list[Any]]) -> dict[str, Any]:
    return {name: pl.Float64 if _is_number(name) else pl.Utf8 for name in columns}
