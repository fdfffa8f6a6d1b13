"""Spans: things that last (a siege, an offensive, a claim window), with uncertain ends."""

from __future__ import annotations

from datetime import date, timedelta

import attrs

from conflict_events.temporal.calendar import UNBOUNDED_END, UNBOUNDED_START
from conflict_events.temporal.edtf_grammar import (
    StrictEdtf,
    read_interval,
    write_interval,
    write_strict_interval,
)
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate

__all__ = ["Span"]


@attrs.frozen(cache_hash=True)
class Span:
    """
    A stretch of time whose start and end are each a `FuzzyDate`.

    ``end=None`` is an open end: the thing was still going on when last reported
    ("for over two years now"). Its duration then depends on the date one asks at.
    """

    start: FuzzyDate = attrs.field(validator=attrs.validators.instance_of(FuzzyDate))
    end: FuzzyDate | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(FuzzyDate))
    )
    # The EDTF text, written once on first use: values are immutable and often reused.
    _edtf: str | None = attrs.field(default=None, init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end.latest < self.start.earliest:
            msg = f"end {self.end} is before start {self.start}"
            raise ValueError(msg)

    @property
    def is_open(self) -> bool:
        """True when the span had not ended when last reported."""
        return self.end is None

    @property
    def earliest(self) -> date:
        """The first day the span may cover."""
        return self.start.earliest

    @property
    def latest(self) -> date:
        """The last day the span may cover (`UNBOUNDED_END` when open)."""
        return UNBOUNDED_END if self.end is None else self.end.latest

    def _end_bounds(self, reference: date | None) -> tuple[date, date]:
        if self.end is not None:
            return self.end.earliest, self.end.latest
        if reference is None:
            msg = "an open span needs a reference date for its duration"
            raise ValueError(msg)
        return reference, reference

    def shortest(self, reference: date | None = None) -> timedelta:
        """The least time the span can have lasted (to *reference* when open)."""
        end_earliest, _ = self._end_bounds(reference)
        return max(timedelta(0), end_earliest - self.start.latest)

    def longest(self, reference: date | None = None) -> timedelta | None:
        """The most time the span can have lasted, or None when its start is unbounded."""
        _, end_latest = self._end_bounds(reference)
        if self.start.earliest == UNBOUNDED_START or end_latest == UNBOUNDED_END:
            return None
        return end_latest - self.start.earliest

    def possibly_contains(self, when: date) -> bool:
        """True when *when* may fall inside the span."""
        return self.start.earliest <= when <= self.latest

    def definitely_contains(self, when: date, reference: date | None = None) -> bool:
        """True when *when* surely falls inside (an open span runs to *reference*)."""
        if when < self.start.latest:
            return False
        if self.end is None:
            return reference is None or when <= reference
        return when <= self.end.earliest

    @classmethod
    def parse(cls, text: str) -> Span:
        """
        Read an EDTF interval ``start/end`` (see `edtf.parse_interval` for the ends).

        ``..`` as the end marks an open span, an empty end an unknown one.

        Raises:
            TemporalError: *text* is not an EDTF interval, or it ends before it starts.
        """
        start, end = read_interval(text)
        try:
            return cls(FuzzyDate(*start), None if end is None else FuzzyDate(*end))
        except ValueError as error:
            raise TemporalError(text, str(error)) from None

    def to_edtf(self, *, strict: bool = False) -> str:
        """
        The EDTF interval form; `Span.parse` reads it back to an equal value.

        With *strict*, the tightest standard EDTF interval holding the span,
        which the ``edtf`` package and edtf.js read too; `to_strict_edtf` also
        says whether that is wider than the span.
        """
        if strict:
            return self.to_strict_edtf().text
        if self._edtf is None:
            object.__setattr__(self, "_edtf", write_interval(self.start, self.end))
        return self._edtf  # type: ignore[return-value]

    def to_strict_edtf(self) -> StrictEdtf:
        """
        The tightest standard EDTF interval holding the span, and whether it is wider.

        Standard interval ends are days, months or years, so a set or a season
        at an end becomes the month or year holding it, or an unknown end;
        ``wider`` is True when the text admits more than the span.
        """
        return write_strict_interval(self.start, self.end)

    def __str__(self) -> str:
        return self.to_edtf()
