"""
Reasoning over events: control timelines, sieges, offensives and event windows.

Built on the model and temporal layers only. `Timelines` answers who held a
place on a day, with every candidate when the record leaves it open, certain
only inside the spans the evidence covers and with a probability per holder;
`siege_status` and `siege_duration` measure sieges; `offensive_results` links
offensives to the control changes they produced; `following` tests claims such
as "each loss is followed by an attack elsewhere within a month";
`timeline_report` writes the text or JSON report ``conflict-events timeline``
prints (its parts are in `conflict_events.reasoning.report`); `summarize` gives
the counts, date range and countries ``conflict-events info`` prints.
"""

from conflict_events.reasoning.evidence import STATEMENT_WEIGHTS
from conflict_events.reasoning.horizon import DEFAULT_HORIZON_DAYS, Turnover
from conflict_events.reasoning.location_lookup import (
    LocationLookupError,
    find_location,
    find_locations,
    location_label,
)
from conflict_events.reasoning.offensives import (
    OffensiveResult,
    offensive_result,
    offensive_results,
)
from conflict_events.reasoning.report import timeline_report
from conflict_events.reasoning.sieges import (
    SiegeDuration,
    SiegePhase,
    access_interruptions,
    besieged_population,
    siege_duration,
    siege_status,
    sieges_at,
)
from conflict_events.reasoning.summary import DatasetSummary, DateRange, summarize, summary_text
from conflict_events.reasoning.timeline import (
    CONTAINER_KINDS,
    PART_KINDS,
    ControlAnswer,
    ControlTimeline,
    Diagnostic,
    DiagnosticKind,
    Holding,
    Timelines,
    UnknownLocationError,
    change_interval,
    change_window,
    controller_at,
)
from conflict_events.reasoning.windows import (
    Follows,
    FollowUp,
    check_followed,
    following,
    follows_within,
    initiated_by,
    losses_of,
)

__all__ = [
    "CONTAINER_KINDS",
    "DEFAULT_HORIZON_DAYS",
    "PART_KINDS",
    "STATEMENT_WEIGHTS",
    "ControlAnswer",
    "ControlTimeline",
    "DatasetSummary",
    "DateRange",
    "Diagnostic",
    "DiagnosticKind",
    "FollowUp",
    "Follows",
    "Holding",
    "LocationLookupError",
    "OffensiveResult",
    "SiegeDuration",
    "SiegePhase",
    "Timelines",
    "Turnover",
    "UnknownLocationError",
    "access_interruptions",
    "besieged_population",
    "change_interval",
    "change_window",
    "check_followed",
    "controller_at",
    "find_location",
    "find_locations",
    "following",
    "follows_within",
    "initiated_by",
    "location_label",
    "losses_of",
    "offensive_result",
    "offensive_results",
    "siege_duration",
    "siege_status",
    "sieges_at",
    "summarize",
    "summary_text",
    "timeline_report",
]
