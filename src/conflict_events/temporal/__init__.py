"""
Time as conflict reports state it: uncertain dates, spans, EDTF, relative expressions.

`FuzzyDate` is a day known to lie between two bounds, `Span` something that
lasts between two uncertain ends; both read and write EDTF. `resolve` turns
"last June" or "for over two years now" into them against a report's date,
`codes` maps ACLED and UCDP GED precision codes, and `allen` reasons about how
intervals relate. Below them, `calendar` counts days (month lengths, seasons,
weeks) and `edtf_grammar` is the EDTF grammar, whose patterns the JSON Schema
states. This layer imports only the standard library, attrs, python-dateutil
and the error classes of `conflict_events.errors`.
"""

from conflict_events.temporal import allen, calendar, codes, edtf, edtf_grammar
from conflict_events.temporal.allen import (
    Constraint,
    InconsistentNetworkError,
    Network,
    Relation,
    compose,
    necessary_relation,
    possible_relations,
)
from conflict_events.temporal.codes import from_acled, from_ucdp, to_acled, to_ucdp
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Precision
from conflict_events.temporal.resolve import RULES, Resolution, Rule, explain, resolve
from conflict_events.temporal.span import Span

__all__ = [
    "RULES",
    "UNBOUNDED_END",
    "UNBOUNDED_START",
    "Constraint",
    "FuzzyDate",
    "InconsistentNetworkError",
    "Network",
    "Precision",
    "Relation",
    "Resolution",
    "Rule",
    "Span",
    "TemporalError",
    "allen",
    "calendar",
    "codes",
    "compose",
    "edtf",
    "edtf_grammar",
    "explain",
    "from_acled",
    "from_ucdp",
    "necessary_relation",
    "possible_relations",
    "resolve",
    "to_acled",
    "to_ucdp",
]
