"""
Matching events across datasets (ACLED, UCDP GED, reports), with the uncertainty of each match.

`match` pairs the events of two datasets, `match_all` those of several; each
gives `Matches`: `Match` records ``(left_id, right_id, probability,
evidence)``, also as a frame (`Matches.to_frame`). `integrate` clusters the
matches above a threshold into incidents and keeps every source record.

The method, one module per step: candidate pairs by time bounds and space
(`blocking`), interpretable comparison levels (`comparisons`, with the
event-type `crosswalk` and the actor and area `names`), a Fellegi-Sunter
model fitted by EM without labels (`model`), and each pair's odds shared
with its events' rival candidates (`matcher.compete`).
"""

from __future__ import annotations

from conflict_events.matching.integrate import incident_id, integrate
from conflict_events.matching.matcher import initial_model, match, match_all
from conflict_events.matching.matches import Evidence, Match, Matches
from conflict_events.matching.model import Model

__all__ = [
    "Evidence",
    "Match",
    "Matches",
    "Model",
    "incident_id",
    "initial_model",
    "integrate",
    "match",
    "match_all",
]
