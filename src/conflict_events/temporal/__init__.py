"""Time as conflict reports state it: uncertain dates, spans, EDTF, relative expressions."""

from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Precision
from conflict_events.temporal.span import Span

__all__ = ["UNBOUNDED_END", "UNBOUNDED_START", "FuzzyDate", "Precision", "Span", "TemporalError"]
