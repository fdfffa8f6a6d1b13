"""
The JSON Schema (draft 2020-12) of the dataset document, generated from the model classes.

`json_schema` walks the attrs classes of `conflict_events.model`: each field's
type (from its annotation) and metadata (``doc``, ``pattern``, ``minimum``,
``maximum``, ``min_length``, ``min_items``, ``edtf``) become a property, each
class a ``$defs`` entry described by its docstring, each enum a list of strings.
The few rules that span several fields of one object and that a schema can
state (latitude with longitude, a claim names its claimant, an estimate has a
figure, a control change or siege has a location) are added from
`CROSS_FIELD_RULES`. What no JSON Schema can state is listed in
``docs/formats.md`` and checked by the library alone.
"""

from __future__ import annotations

import enum
import functools
import importlib.resources
import inspect
import json
import types
import typing
from datetime import datetime
from typing import Any, Final

import attrs

from conflict_events.errors import ConflictEventsError
from conflict_events.model import (
    EVENT_TYPES,
    SCHEMA_VERSION,
    Attribution,
    ControlChange,
    ControlStatus,
    Dataset,
    Estimate,
    EventBase,
    Location,
    Siege,
    StatementStatus,
)
from conflict_events.model.fields import COUNTRY_PATTERN, ID_PATTERN, VISIBLE_TEXT_PATTERN
from conflict_events.temporal import FuzzyDate, Span
from conflict_events.temporal.edtf_grammar import (
    EDTF_DATE_PATTERN,
    EDTF_INTERVAL_PATTERN,
    EDTF_PATTERN,
    TIMESTAMP_PATTERN,
    anchored,
)

__all__ = [
    "CROSS_FIELD_RULES",
    "EDTF_DATE_PATTERN",
    "EDTF_INTERVAL_PATTERN",
    "EDTF_PATTERN",
    "SCHEMA_DIALECT",
    "TIMESTAMP_PATTERN",
    "json_schema",
    "schema_id",
    "shipped_schema",
]

#: The JSON Schema dialect of the generated schema.
SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

# -- EDTF and timestamps ------------------------------------------------------------------
# The patterns are the EDTF grammar's (conflict_events.temporal.edtf_grammar), imported
# above and re-exported here; the model's own patterns are anchored the same way.

_whole = anchored

_EDTF_PATTERNS: Final = {
    "date": (
        "EdtfDate",
        EDTF_DATE_PATTERN,
        "An EDTF date (ISO 8601-2 levels 0 and 1, and level 2 ranges [a..b]).",
    ),
    "date-or-interval": (
        "EdtfDateOrInterval",
        EDTF_PATTERN,
        "An EDTF date, or an EDTF interval start/end whose ends are such dates.",
    ),
}
_NAMED_PATTERNS: Final = {
    ID_PATTERN: ("Identifier", "An identifier: 1-128 ASCII letters, digits, '_', '.', ':' or '-'."),
    COUNTRY_PATTERN: ("CountryCode", "An ISO 3166-1 alpha-3 country code."),
}


def _null_or(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _present(field: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": [field], "properties": {field: schema}}


def _known(field: str) -> dict[str, Any]:
    return _present(field, {"not": {"type": "null"}})


def _location_rules() -> list[dict[str, Any]]:
    return [
        {"if": _known("latitude"), "then": _known("longitude")},
        {"if": _known("longitude"), "then": _known("latitude")},
    ]


def _estimate_rules() -> list[dict[str, Any]]:
    return [{"anyOf": [_known(name) for name in ("low", "best", "high")]}]


def _attribution_rules() -> list[dict[str, Any]]:
    statuses = sorted(status.value for status in (StatementStatus.CLAIMED, StatementStatus.DENIED))
    return [{"if": _present("status", {"enum": statuses}), "then": _known("claimant")}]


def _located_event_rules() -> list[dict[str, Any]]:
    return [_known("location")]


#: Rules across the fields of one object that the model's ``__attrs_post_init__``
#: enforces and a schema can state, by class.
CROSS_FIELD_RULES: Final[dict[type, typing.Callable[[], list[dict[str, Any]]]]] = {
    Location: _location_rules,
    Estimate: _estimate_rules,
    Attribution: _attribution_rules,
    ControlChange: _located_event_rules,
    ControlStatus: _located_event_rules,
    Siege: _located_event_rules,
}


def schema_id(version: str = SCHEMA_VERSION) -> str:
    """The ``$id`` of the schema of document format *version*."""
    return f"https://conflict-events.org/schema/{version}/dataset.json"


def _describe(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split()) if doc else ""


class _Generator:
    """Walks the model classes once, filling ``$defs`` on the way."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, kind: type) -> dict[str, Any]:
        name = kind.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            self.defs[name] = (
                self.enum_def(kind) if issubclass(kind, enum.Enum) else self.class_def(kind)
            )
        return {"$ref": f"#/$defs/{name}"}

    def enum_def(self, kind: type[enum.Enum]) -> dict[str, Any]:
        return {
            "description": _describe(kind),
            "type": "string",
            "enum": [member.value for member in kind],
        }

    def class_def(self, kind: type) -> dict[str, Any]:
        hints = typing.get_type_hints(kind)
        properties: dict[str, Any] = {}
        required: list[str] = []
        tag = getattr(kind, "event_type", "")
        if tag:
            properties["type"] = {"description": "The kind of event.", "const": tag}
        for field in attrs.fields(kind):
            if not field.init:
                continue
            prop = self.field_schema(hints[field.name], field.metadata)
            if doc := field.metadata.get("doc"):
                prop = {"description": doc, **prop}
            properties[field.name] = prop
            if field.default is attrs.NOTHING:
                required.append(field.name)
        schema: dict[str, Any] = {
            "description": _describe(kind),
            "type": "object",
            "properties": properties,
        }
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        rules = CROSS_FIELD_RULES.get(kind)
        if rules is not None:
            schema["allOf"] = rules()
        return schema

    def field_schema(self, hint: Any, metadata: typing.Mapping[str, Any]) -> dict[str, Any]:
        args = typing.get_args(hint)
        is_union = typing.get_origin(hint) in (typing.Union, types.UnionType)
        if is_union and type(None) in args:
            rest = tuple(arg for arg in args if arg is not type(None))
            inner = rest[0] if len(rest) == 1 else functools.reduce(lambda a, b: a | b, rest)
            return _null_or(self.field_schema(inner, metadata))
        return self.value_schema(hint, metadata)

    def value_schema(self, hint: Any, metadata: typing.Mapping[str, Any]) -> dict[str, Any]:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            if all(isinstance(a, type) and issubclass(a, EventBase) for a in args):
                return self.event_ref()
            if set(args) == {FuzzyDate, Span}:
                return self.edtf(metadata)
            msg = f"no JSON Schema for the union {hint!r}"
            raise TypeError(msg)
        if origin is tuple:
            (item,) = {arg for arg in args if arg is not Ellipsis}
            schema: dict[str, Any] = {"type": "array", "items": self.value_schema(item, metadata)}
            if metadata.get("min_items"):
                schema["minItems"] = metadata["min_items"]
            return schema
        if origin is dict:
            key, value = args
            if value is str:
                text = {"type": "string", "minLength": 1, "pattern": VISIBLE_TEXT_PATTERN}
                return {"type": "object", "propertyNames": text, "additionalProperties": text}
            return {"type": "object"}
        if hint is str:
            schema = {"type": "string"}
            if "pattern" in metadata:
                pattern = _whole(metadata["pattern"].removeprefix("^").removesuffix("$"))
                if metadata["pattern"] in _NAMED_PATTERNS:
                    name, description = _NAMED_PATTERNS[metadata["pattern"]]
                    return self.named(name, description, {"type": "string", "pattern": pattern})
                schema["pattern"] = pattern
            if "min_length" in metadata:
                schema["minLength"] = metadata["min_length"]
            if metadata.get("visible"):
                schema["pattern"] = VISIBLE_TEXT_PATTERN
            return schema
        if hint is bool:
            return {"type": "boolean"}
        if hint is int or hint is float:
            schema = {"type": "integer" if hint is int else "number"}
            for key in ("minimum", "maximum"):
                if key in metadata:
                    schema[key] = metadata[key]
            return schema
        if hint is FuzzyDate:
            return self.edtf(metadata)
        if hint is datetime:
            return self.named(
                "Timestamp",
                "An ISO 8601 date and time with a UTC offset (2017-02-04T10:30:00+03:00).",
                {"type": "string", "pattern": TIMESTAMP_PATTERN},
            )
        if isinstance(hint, type) and (issubclass(hint, enum.Enum) or attrs.has(hint)):
            if hint is EventBase:
                return self.event_ref()
            return self.ref(hint)
        msg = f"no JSON Schema for the type {hint!r}"
        raise TypeError(msg)

    def named(self, name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
        """A reference to a named string type, defined once in ``$defs``."""
        self.defs.setdefault(name, {"description": description, **schema})
        return {"$ref": f"#/$defs/{name}"}

    def edtf(self, metadata: typing.Mapping[str, Any]) -> dict[str, Any]:
        name, pattern, description = _EDTF_PATTERNS[metadata.get("edtf", "date-or-interval")]
        return self.named(name, description, {"type": "string", "pattern": pattern})

    def event_ref(self) -> dict[str, Any]:
        if "Event" not in self.defs:
            self.defs["Event"] = {}
            for kind in EVENT_TYPES.values():
                self.ref(kind)
            self.defs["Event"] = {
                "description": (
                    "One event, of the kind its `type` names: " + ", ".join(EVENT_TYPES) + "."
                ),
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": list(EVENT_TYPES)}},
                "allOf": [
                    {
                        "if": {"properties": {"type": {"const": tag}}},
                        "then": {"$ref": f"#/$defs/{kind.__name__}"},
                    }
                    for tag, kind in EVENT_TYPES.items()
                ],
            }
        return {"$ref": "#/$defs/Event"}


@functools.cache
def _generate() -> str:
    generator = _Generator()
    generator.ref(Dataset)
    root = generator.defs.pop("Dataset")
    schema = {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id(),
        "title": f"conflict-events dataset, format {SCHEMA_VERSION}",
        **root,
        "$defs": dict(sorted(generator.defs.items())),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_text() -> str:
    """The generated schema as the JSON text shipped in the package and in the docs."""
    return _generate()


def json_schema(version: str | None = None) -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of the dataset document.

    Generated from the model classes, so it cannot drift from what the library
    accepts; ``docs/formats.md`` lists the checks no JSON Schema can express
    (referential integrity, ``low <= best <= high``, the order of an interval's
    ends, ...), which the library alone performs.

    Args:
        version: The document format version; None, or `SCHEMA_VERSION`, the
            only one so far.

    Returns:
        A fresh dictionary, safe to modify.

    Raises:
        ConflictEventsError: *version* is not a known document format version.
    """
    if version is not None and version != SCHEMA_VERSION:
        raise ConflictEventsError(
            f"no JSON Schema for document format {version!r}; known: {SCHEMA_VERSION!r}"
        )
    result: dict[str, Any] = json.loads(_generate())
    return result


def shipped_schema() -> str:
    """The text of the schema file shipped in the package (``formats/schemas/``)."""
    resource = importlib.resources.files("conflict_events.formats").joinpath(
        f"schemas/dataset-{SCHEMA_VERSION}.schema.json"
    )
    return resource.read_text(encoding="utf-8")
