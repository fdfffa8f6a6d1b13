"""
The JSON Schema (draft 2020-12) of the dataset document, generated from the model's descriptions.

`json_schema` reads each record class through
`conflict_events.model.description`: each field becomes a property by its
kind (`_KIND_SCHEMAS`), each class a ``$defs`` entry described by its
docstring, each enum a list of strings, and each cross-field rule that a
schema can state is added as `RULE_SCHEMAS` says. What no JSON Schema can
state is listed in ``docs/formats.md`` and checked by the library alone.
"""

from __future__ import annotations

import enum
import functools
import importlib.resources
import json
import typing
from typing import Any, Final

from conflict_events.errors import ConflictEventsError
from conflict_events.model import EVENT_TYPES, SCHEMA_VERSION, Dataset
from conflict_events.model.description import FieldKind, FieldSpec, description, summary
from conflict_events.model.fields import COUNTRY_PATTERN, ID_PATTERN, VISIBLE_TEXT_PATTERN
from conflict_events.model.rules import (
    AtLeastOne,
    BothOrNeither,
    Disjoint,
    NotAmong,
    Ordered,
    Required,
    RequiredWhen,
)
from conflict_events.temporal.edtf_grammar import (
    EDTF_DATE_PATTERN,
    EDTF_INTERVAL_PATTERN,
    EDTF_PATTERN,
    TIMESTAMP_PATTERN,
    anchored,
)

__all__ = [
    "EDTF_DATE_PATTERN",
    "EDTF_INTERVAL_PATTERN",
    "EDTF_PATTERN",
    "RULE_SCHEMAS",
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


def _both_or_neither(rule: BothOrNeither) -> list[dict[str, Any]]:
    return [
        {"if": _known(rule.first), "then": _known(rule.second)},
        {"if": _known(rule.second), "then": _known(rule.first)},
    ]


def _at_least_one(rule: AtLeastOne) -> list[dict[str, Any]]:
    return [{"anyOf": [_known(name) for name in rule.fields]}]


def _required_when(rule: RequiredWhen) -> list[dict[str, Any]]:
    values = sorted(getattr(value, "value", value) for value in rule.values)
    return [{"if": _present(rule.when, {"enum": values}), "then": _known(rule.field)}]


def _required(rule: Required) -> list[dict[str, Any]]:
    return [_known(rule.field)]


#: How each kind of cross-field rule is stated in the schema; None for the rules
#: no JSON Schema can state (they compare values), which the library alone checks.
RULE_SCHEMAS: Final[dict[type, typing.Callable[[Any], list[dict[str, Any]]] | None]] = {
    BothOrNeither: _both_or_neither,
    AtLeastOne: _at_least_one,
    RequiredWhen: _required_when,
    Required: _required,
    Ordered: None,
    NotAmong: None,
    Disjoint: None,
}


def schema_id(version: str = SCHEMA_VERSION) -> str:
    """The ``$id`` of the schema of document format *version*."""
    return f"https://conflict-events.org/schema/{version}/dataset.json"


class _Generator:
    """Walks the model's descriptions once, filling ``$defs`` on the way."""

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
            "description": summary(kind),
            "type": "string",
            "enum": [member.value for member in kind],
        }

    def class_def(self, kind: type) -> dict[str, Any]:
        record = description(kind)
        properties: dict[str, Any] = {}
        if record.tag:
            properties["type"] = {"description": "The kind of event.", "const": record.tag}
        for field in record.fields:
            properties[field.name] = {"description": field.spec.doc, **self.field(field.spec)}
        schema: dict[str, Any] = {
            "description": record.doc,
            "type": "object",
            "properties": properties,
        }
        if required := [field.name for field in record.fields if field.required]:
            schema["required"] = required
        schema["additionalProperties"] = False
        rules = [
            statement
            for rule in record.rules
            if (state := RULE_SCHEMAS[type(rule)]) is not None
            for statement in state(rule)
        ]
        if rules:
            schema["allOf"] = rules
        return schema

    def field(self, spec: FieldSpec) -> dict[str, Any]:
        """The schema of a field's value: one value, a list of them, or one or null."""
        schema = _KIND_SCHEMAS[spec.kind](self, spec)
        if spec.many:
            schema = {"type": "array", "items": schema}
            if spec.min_items:
                schema["minItems"] = spec.min_items
        if spec.optional:
            schema = _null_or(schema)
        return schema

    def string(self, spec: FieldSpec) -> dict[str, Any]:
        """A string matching the spec's pattern, named when the pattern is a shared one."""
        if spec.pattern is None:
            msg = f"a {spec.kind.value} field needs a pattern"
            raise TypeError(msg)
        schema = {
            "type": "string",
            "pattern": _whole(spec.pattern.removeprefix("^").removesuffix("$")),
        }
        if spec.pattern in _NAMED_PATTERNS:
            return self.named(*_NAMED_PATTERNS[spec.pattern], schema)
        return schema

    def named(self, name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
        """A reference to a named string type, defined once in ``$defs``."""
        self.defs.setdefault(name, {"description": description, **schema})
        return {"$ref": f"#/$defs/{name}"}

    def edtf(self, form: str) -> dict[str, Any]:
        name, pattern, description = _EDTF_PATTERNS[form]
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


def _bounded(kind: str) -> typing.Callable[[_Generator, FieldSpec], dict[str, Any]]:
    def schema(_: _Generator, spec: FieldSpec) -> dict[str, Any]:
        return {"type": kind, "minimum": spec.minimum, "maximum": spec.maximum}

    return schema


def _record(generator: _Generator, spec: FieldSpec) -> dict[str, Any]:
    if spec.record is None:
        msg = "a record field needs its class"
        raise TypeError(msg)
    return generator.ref(spec.record)


def _choice(generator: _Generator, spec: FieldSpec) -> dict[str, Any]:
    if spec.choices is None:
        msg = "a choice field needs its enumeration"
        raise TypeError(msg)
    return generator.ref(spec.choices)


_VISIBLE_TEXT: Final = {"type": "string", "minLength": 1, "pattern": VISIBLE_TEXT_PATTERN}

#: The schema of one value of each field kind.
_KIND_SCHEMAS: Final[dict[FieldKind, typing.Callable[[_Generator, FieldSpec], dict[str, Any]]]] = {
    FieldKind.IDENTIFIER: _Generator.string,
    FieldKind.REFERENCE: _Generator.string,
    FieldKind.TEXT: lambda _, __: dict(_VISIBLE_TEXT),
    FieldKind.COUNTRY: _Generator.string,
    FieldKind.VERSION: _Generator.string,
    FieldKind.CHOICE: _choice,
    FieldKind.FLAG: lambda _, __: {"type": "boolean"},
    FieldKind.COUNT: _bounded("integer"),
    FieldKind.COORDINATE: _bounded("number"),
    FieldKind.DATE: lambda generator, _: generator.edtf("date"),
    FieldKind.WHEN: lambda generator, _: generator.edtf("date-or-interval"),
    FieldKind.TIMESTAMP: lambda generator, _: generator.named(
        "Timestamp",
        "An ISO 8601 date and time with a UTC offset (2017-02-04T10:30:00+03:00).",
        {"type": "string", "pattern": TIMESTAMP_PATTERN},
    ),
    FieldKind.RECORD: _record,
    FieldKind.EVENT: lambda generator, _: generator.event_ref(),
    FieldKind.STRING_MAP: lambda _, __: {
        "type": "object",
        "propertyNames": dict(_VISIBLE_TEXT),
        "additionalProperties": dict(_VISIBLE_TEXT),
    },
    FieldKind.EXTENSIONS: lambda _, __: {"type": "object"},
}


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
