"""
Typed conflict-event data with explicit uncertainty, attribution and reasoning over time.

The public names are re-exported here, each imported on first use (so that
``import conflict_events`` is quick and loads no extra); the submodules hold
the implementation:
`conflict_events.temporal` (uncertain dates), `conflict_events.model` (the attrs
classes), `conflict_events.formats` (JSON and other formats),
`conflict_events.strategies` (Hypothesis strategies, imported on demand).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conflict_events.errors import (
        ConflictEventsError,
        ErrorDetail,
        FieldError,
        ValidationError,
    )
    from conflict_events.formats import (
        from_dict,
        from_json,
        iter_records,
        json_schema,
        to_dict,
        to_json,
        write_records,
    )
    from conflict_events.formats.acled_update import (
        Update,
        update,
    )
    from conflict_events.formats.arrow import (
        from_arrow,
        read_parquet,
        to_arrow,
        write_parquet,
    )
    from conflict_events.formats.frames import (
        event_actors_frame,
        events_frame,
    )
    from conflict_events.formats.geoparquet import (
        to_geopandas,
        write_geoparquet,
    )
    from conflict_events.formats.versions import migrate
    from conflict_events.matching import integrate, match, match_all
    from conflict_events.model import (
        EVENT_TYPES,
        SCHEMA_VERSION,
        AccessAction,
        AccessModality,
        Actor,
        ActorKind,
        ActorRelation,
        ArmedClash,
        Assessment,
        Attack,
        Attribution,
        CasualtyClaim,
        ChangeMode,
        Classification,
        CompassPoint,
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
        Distance,
        DistanceUnit,
        Estimate,
        EstimateQualifier,
        Event,
        EventBase,
        Extent,
        HumanitarianAccess,
        Likelihood,
        Location,
        LocationKind,
        Offensive,
        OffensiveOutcome,
        Participant,
        PartKind,
        RelationKind,
        RemoteMethod,
        RemoteViolence,
        Role,
        Siege,
        SiegeStatus,
        Source,
        SpatialPrecision,
        SpatialRelation,
        SpatialRelationKind,
        StatementStatus,
        Superlative,
    )
    from conflict_events.model.merging import merge
    from conflict_events.temporal import (
        FuzzyDate,
        Span,
        TemporalError,
    )

__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "AccessAction",
    "AccessModality",
    "Actor",
    "ActorKind",
    "ActorRelation",
    "ArmedClash",
    "Assessment",
    "Attack",
    "Attribution",
    "CasualtyClaim",
    "ChangeMode",
    "Classification",
    "CompassPoint",
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
    "Distance",
    "DistanceUnit",
    "ErrorDetail",
    "Estimate",
    "EstimateQualifier",
    "Event",
    "EventBase",
    "Extent",
    "FieldError",
    "FuzzyDate",
    "HumanitarianAccess",
    "Likelihood",
    "Location",
    "LocationKind",
    "Offensive",
    "OffensiveOutcome",
    "PartKind",
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
    "SpatialRelation",
    "SpatialRelationKind",
    "StatementStatus",
    "Superlative",
    "TemporalError",
    "Update",
    "ValidationError",
    "event_actors_frame",
    "events_frame",
    "from_arrow",
    "from_dict",
    "from_json",
    "integrate",
    "iter_records",
    "json_schema",
    "match",
    "match_all",
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


#: Where each public name lives: imported on first use, so that importing the package
#: (or any of its modules) costs only what is used.
_LAZY = {
    "Assessment": "conflict_events.model",
    "CompassPoint": "conflict_events.model",
    "Distance": "conflict_events.model",
    "DistanceUnit": "conflict_events.model",
    "Likelihood": "conflict_events.model",
    "PartKind": "conflict_events.model",
    "SpatialRelation": "conflict_events.model",
    "SpatialRelationKind": "conflict_events.model",
    "Superlative": "conflict_events.model",
    "ConflictEventsError": "conflict_events.errors",
    "ErrorDetail": "conflict_events.errors",
    "FieldError": "conflict_events.errors",
    "ValidationError": "conflict_events.errors",
    "from_dict": "conflict_events.formats",
    "from_json": "conflict_events.formats",
    "iter_records": "conflict_events.formats",
    "json_schema": "conflict_events.formats",
    "to_dict": "conflict_events.formats",
    "to_json": "conflict_events.formats",
    "write_records": "conflict_events.formats",
    "Update": "conflict_events.formats.acled_update",
    "update": "conflict_events.formats.acled_update",
    "migrate": "conflict_events.formats.versions",
    "EVENT_TYPES": "conflict_events.model",
    "SCHEMA_VERSION": "conflict_events.model",
    "AccessAction": "conflict_events.model",
    "AccessModality": "conflict_events.model",
    "Actor": "conflict_events.model",
    "ActorKind": "conflict_events.model",
    "ActorRelation": "conflict_events.model",
    "ArmedClash": "conflict_events.model",
    "Attack": "conflict_events.model",
    "Attribution": "conflict_events.model",
    "CasualtyClaim": "conflict_events.model",
    "ChangeMode": "conflict_events.model",
    "Classification": "conflict_events.model",
    "ControlChange": "conflict_events.model",
    "ControlStatus": "conflict_events.model",
    "Dataset": "conflict_events.model",
    "Declaration": "conflict_events.model",
    "Demonstration": "conflict_events.model",
    "DemonstrationForm": "conflict_events.model",
    "Destruction": "conflict_events.model",
    "DestructionTarget": "conflict_events.model",
    "Disaster": "conflict_events.model",
    "DisasterKind": "conflict_events.model",
    "Estimate": "conflict_events.model",
    "EstimateQualifier": "conflict_events.model",
    "Event": "conflict_events.model",
    "EventBase": "conflict_events.model",
    "Extent": "conflict_events.model",
    "HumanitarianAccess": "conflict_events.model",
    "Location": "conflict_events.model",
    "LocationKind": "conflict_events.model",
    "Offensive": "conflict_events.model",
    "OffensiveOutcome": "conflict_events.model",
    "Participant": "conflict_events.model",
    "RelationKind": "conflict_events.model",
    "RemoteMethod": "conflict_events.model",
    "RemoteViolence": "conflict_events.model",
    "Role": "conflict_events.model",
    "Siege": "conflict_events.model",
    "SiegeStatus": "conflict_events.model",
    "Source": "conflict_events.model",
    "SpatialPrecision": "conflict_events.model",
    "StatementStatus": "conflict_events.model",
    "merge": "conflict_events.model.merging",
    "integrate": "conflict_events.matching",
    "match": "conflict_events.matching",
    "match_all": "conflict_events.matching",
    "FuzzyDate": "conflict_events.temporal",
    "Span": "conflict_events.temporal",
    "TemporalError": "conflict_events.temporal",
    "from_arrow": "conflict_events.formats.arrow",
    "read_parquet": "conflict_events.formats.arrow",
    "to_arrow": "conflict_events.formats.arrow",
    "write_parquet": "conflict_events.formats.arrow",
    "event_actors_frame": "conflict_events.formats.frames",
    "events_frame": "conflict_events.formats.frames",
    "to_geopandas": "conflict_events.formats.geoparquet",
    "write_geoparquet": "conflict_events.formats.geoparquet",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("conflict-events")
    msg = f"module 'conflict_events' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    """The module's names, the lazily imported ones included, as tab completion shows them."""
    return sorted({*globals(), *_LAZY, "__version__"})
