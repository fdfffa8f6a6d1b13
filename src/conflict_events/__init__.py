"""
Typed conflict-event data with explicit uncertainty, attribution and reasoning over time.

The public names are re-exported here; the submodules hold the implementation:
`conflict_events.temporal` (uncertain dates), `conflict_events.model` (the attrs
classes), `conflict_events.formats` (JSON and other formats),
`conflict_events.strategies` (Hypothesis strategies, imported on demand).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conflict_events.errors import ConflictEventsError, ErrorDetail, FieldError, ValidationError
from conflict_events.formats import (
    from_dict,
    from_json,
    iter_records,
    json_schema,
    to_dict,
    to_json,
    write_records,
)
from conflict_events.formats.acled_update import Update, update
from conflict_events.formats.versions import migrate
from conflict_events.model import (
    EVENT_TYPES,
    SCHEMA_VERSION,
    AccessAction,
    AccessModality,
    Actor,
    ActorKind,
    ActorRelation,
    ArmedClash,
    Attack,
    Attribution,
    CasualtyClaim,
    ChangeMode,
    Classification,
    ControlChange,
    ControlStatus,
    Dataset,
    Declaration,
    Demonstration,
    DemonstrationForm,
    Destruction,
    DestructionTarget,
    Disaster,
    DisasterKind,
    Estimate,
    EstimateQualifier,
    Event,
    EventBase,
    Extent,
    HumanitarianAccess,
    Location,
    LocationKind,
    Offensive,
    OffensiveOutcome,
    Participant,
    RelationKind,
    RemoteMethod,
    RemoteViolence,
    Role,
    Siege,
    SiegeStatus,
    Source,
    SpatialPrecision,
    StatementStatus,
)
from conflict_events.model.merging import merge
from conflict_events.temporal import FuzzyDate, Span, TemporalError

if TYPE_CHECKING:
    from conflict_events.formats.arrow import from_arrow, read_parquet, to_arrow, write_parquet
    from conflict_events.formats.frames import event_actors_frame, events_frame
    from conflict_events.formats.geoparquet import to_geopandas, write_geoparquet

__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "AccessAction",
    "AccessModality",
    "Actor",
    "ActorKind",
    "ActorRelation",
    "ArmedClash",
    "Attack",
    "Attribution",
    "CasualtyClaim",
    "ChangeMode",
    "Classification",
    "ConflictEventsError",
    "ControlChange",
    "ControlStatus",
    "Dataset",
    "Declaration",
    "Demonstration",
    "DemonstrationForm",
    "Destruction",
    "DestructionTarget",
    "Disaster",
    "DisasterKind",
    "ErrorDetail",
    "Estimate",
    "EstimateQualifier",
    "Event",
    "EventBase",
    "Extent",
    "FieldError",
    "FuzzyDate",
    "HumanitarianAccess",
    "Location",
    "LocationKind",
    "Offensive",
    "OffensiveOutcome",
    "Participant",
    "RelationKind",
    "RemoteMethod",
    "RemoteViolence",
    "Role",
    "Siege",
    "SiegeStatus",
    "Source",
    "Span",
    "SpatialPrecision",
    "StatementStatus",
    "TemporalError",
    "Update",
    "ValidationError",
    "event_actors_frame",
    "events_frame",
    "from_arrow",
    "from_dict",
    "from_json",
    "iter_records",
    "json_schema",
    "merge",
    "migrate",
    "read_parquet",
    "to_arrow",
    "to_dict",
    "to_geopandas",
    "to_json",
    "update",
    "write_geoparquet",
    "write_parquet",
    "write_records",
]


#: Names imported on first use from the module of an optional extra.
_LAZY = {
    "event_actors_frame": "conflict_events.formats.frames",
    "events_frame": "conflict_events.formats.frames",
    "from_arrow": "conflict_events.formats.arrow",
    "read_parquet": "conflict_events.formats.arrow",
    "to_arrow": "conflict_events.formats.arrow",
    "to_geopandas": "conflict_events.formats.geoparquet",
    "write_geoparquet": "conflict_events.formats.geoparquet",
    "write_parquet": "conflict_events.formats.arrow",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        return getattr(importlib.import_module(_LAZY[name]), name)
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("conflict-events")
    msg = f"module 'conflict_events' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    """The module's names, the lazily imported ones included, as tab completion shows them."""
    return sorted({*globals(), *_LAZY, "__version__"})
