"""
The one description of each record class: its fields, what kind of value each holds, and its rules.

Every consumer of the model (the converter, the JSON Schema, the Arrow codec,
the reference checks, the CSV loss report, GeoJSON, the test strategies and
the generator) reads a class through `description` and maps each `FieldKind`
to its own behaviour, instead of reading annotations or attrs metadata
itself. A new field is written once, in the model, with a builder of
`conflict_events.model.fields`; every format follows from its kind.
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol

import attrs

__all__ = [
    "SPEC_KEY",
    "FieldDescription",
    "FieldKind",
    "FieldSpec",
    "RecordDescription",
    "ReferenceKind",
    "Rule",
    "ValueTest",
    "description",
    "summary",
]

#: The attrs metadata key under which a field keeps its `FieldSpec`; read by `description` only.
SPEC_KEY: Final = "conflict_events.spec"


class ReferenceKind(enum.Enum):
    """What an identifier field points at inside a dataset."""

    ACTOR = "actor"
    LOCATION = "location"
    SOURCE = "source"
    EVENT = "event"

    # Members are compared by identity, so they may be hashed by it: the dataset's
    # reference check looks a kind up for every reference it meets, and Enum's own
    # hash is a Python method (hashing the name), this one a slot of the object.
    __hash__ = object.__hash__


class FieldKind(enum.Enum):
    """What kind of value a field holds; every consumer has one behaviour per kind."""

    #: The record's own identifier.
    IDENTIFIER = "identifier"
    #: The identifier of another record of the dataset (`FieldSpec.reference` says which).
    REFERENCE = "reference"
    #: A text with a visible character.
    TEXT = "text"
    #: An ISO 3166-1 alpha-3 country code.
    COUNTRY = "country"
    #: The version of the document format.
    VERSION = "version"
    #: A member of an enumeration (`FieldSpec.choices`).
    CHOICE = "choice"
    #: True or false.
    FLAG = "flag"
    #: A whole number within `FieldSpec.minimum` and `FieldSpec.maximum`.
    COUNT = "count"
    #: A WGS84 coordinate in decimal degrees within the bounds.
    COORDINATE = "coordinate"
    #: An uncertain date (`FuzzyDate`), written as EDTF.
    DATE = "date"
    #: A date or a span (`FuzzyDate` or `Span`), written as EDTF.
    WHEN = "when"
    #: A date and time with a UTC offset in whole minutes.
    TIMESTAMP = "timestamp"
    #: A nested record of the class `FieldSpec.record`.
    RECORD = "record"
    #: An event of any event type.
    EVENT = "event"
    #: A mapping of names to texts (identifiers elsewhere).
    STRING_MAP = "string_map"
    #: The user's own data: any JSON object.
    EXTENSIONS = "extensions"


@attrs.frozen
class ValueTest:
    """
    Whether a field accepts one value, written once as the source of a Python expression.

    The field's validator runs the expression (built by
    `conflict_events.model.fields`), and a reader that generates code may
    write the same expression inline (`source`), so that what the model
    checks and what a fast reader checks cannot drift apart. The template
    reads the value as ``{v}`` (a plain name, read several times) and every
    other name it needs as ``{name}``, a key of `names`. None and the list
    around the items of a list field are the spec's concern
    (`FieldSpec.optional`, `FieldSpec.many`), not the test's.
    """

    #: The expression, true when the field accepts the value ``{v}``.
    template: str
    #: The objects the template names, by the names it gives them.
    names: Mapping[str, Any] = attrs.field(factory=dict, eq=False, hash=False, repr=False)

    def source(self, value: str, name_of: Callable[[str], str] = str) -> str:
        """The expression testing the value named *value*; *name_of* renames each of `names`."""
        return self.template.format(v=value, **{name: name_of(name) for name in self.names})

    def compiled(self) -> Callable[[object], bool]:
        """The test as a function of the value."""
        namespace = dict(self.names)
        code = compile(f"lambda v: {self.source('v')}", "<conflict_events value test>", "eval")
        accepts: Callable[[object], bool] = eval(code, namespace)  # noqa: S307 - the model's own expression
        return accepts


@attrs.frozen
class FieldSpec:
    """
    What one field holds, as its builder in `conflict_events.model.fields` declared it.

    The field's validator is built from this same spec, so what the model
    checks and what the formats state about a field cannot disagree.
    """

    #: What kind of value the field holds.
    kind: FieldKind
    #: One sentence for the schema and the docs.
    doc: str
    #: None is a value of the field (an unknown).
    optional: bool = False
    #: The field holds a list of such values (a tuple in Python).
    many: bool = False
    #: The fewest items a list field holds.
    min_items: int = 0
    #: The record kind a reference points at.
    reference: ReferenceKind | None = None
    #: The enumeration of a choice.
    choices: type[enum.Enum] | None = None
    #: The class of a nested record.
    record: type | None = None
    #: The smallest value of a count or coordinate.
    minimum: int | None = None
    #: The largest value of a count or coordinate.
    maximum: int | None = None
    #: The regular expression a string matches whole (identifiers, codes, versions).
    pattern: str | None = None
    #: Written even when it holds its default (the document's version).
    always_written: bool = False
    #: The test each value (each item of a list field) passes once read into Python, None
    #: aside; every builder of `conflict_events.model.fields` gives one.
    test: ValueTest | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class FieldDescription:
    """One field of a record class: its name, its spec, and whether it must be given."""

    name: str
    spec: FieldSpec
    #: The field has no default: a record without it is refused.
    required: bool
    #: The default value; `attrs.NOTHING` when required, an `attrs.Factory` for mappings.
    default: Any = attrs.field(eq=False)

    @property
    def kind(self) -> FieldKind:
        """The kind of value the field holds."""
        return self.spec.kind


class Rule(Protocol):
    """A rule across several fields of one record, checked when the record is built."""

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the rule reads."""
        ...

    @property
    def statement(self) -> str:
        """The rule in one sentence, for the docs."""
        ...

    def check(self, record: Any) -> None:
        """Raise `FieldError` when *record* breaks the rule."""
        ...


@attrs.frozen
class RecordDescription:
    """A record class as every consumer reads it: fields in order, event tag, and rules."""

    cls: type
    #: The first paragraph of the class's docstring.
    doc: str
    #: The event ``type`` written in documents; empty for records that are not events.
    tag: str
    fields: tuple[FieldDescription, ...]
    rules: tuple[Rule, ...]

    def field(self, name: str) -> FieldDescription:
        """The field called *name*."""
        return self._by_name[name]

    @functools.cached_property
    def _by_name(self) -> Mapping[str, FieldDescription]:
        return {field.name: field for field in self.fields}

    @functools.cached_property
    def references(self) -> tuple[FieldDescription, ...]:
        """The fields that hold identifiers of other records."""
        return tuple(field for field in self.fields if field.kind is FieldKind.REFERENCE)

    @functools.cached_property
    def nested(self) -> tuple[FieldDescription, ...]:
        """The fields that hold records (which may hold references of their own)."""
        return tuple(
            field for field in self.fields if field.kind in (FieldKind.RECORD, FieldKind.EVENT)
        )


def summary(obj: object) -> str:
    """The first paragraph of *obj*'s docstring on one line."""
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split()) if doc else ""


_RULES_ATTRIBUTE: Final = "__conflict_events_rules__"


def rules_of(cls: type) -> tuple[Rule, ...]:
    """The cross-field rules declared on *cls* with `checked_by` (none for most classes)."""
    found: tuple[Rule, ...] = getattr(cls, _RULES_ATTRIBUTE, ())
    return found


def _post_init(checks: tuple[Callable[[Any], None], ...]) -> Callable[[Any], None]:
    """A post-init calling each check on the record; the common one or two without a loop."""
    if len(checks) == 1:
        (only,) = checks

        def check_one(record: Any) -> None:
            only(record)

        return check_one
    if len(checks) == 2:  # noqa: PLR2004 - the common case
        first, second = checks

        def check_two(record: Any) -> None:
            first(record)
            second(record)

        return check_two

    def check_all(record: Any) -> None:
        for check in checks:
            check(record)

    return check_all


def checked_by(*rules: Rule) -> Callable[[type], type]:
    """
    Declare the cross-field rules of a record class; apply it below ``@attrs.frozen``.

    The class gets an ``__attrs_post_init__`` that checks each rule in order,
    so a record that breaks one cannot be built, and `description` lists them
    for the schema and the strategies.
    """

    def declare(cls: type) -> type:
        if "__attrs_post_init__" in vars(cls):
            msg = f"{cls.__name__} checks its rules with checked_by; it has a post-init of its own"
            raise TypeError(msg)
        cls.__attrs_post_init__ = _post_init(tuple(rule.check for rule in rules))  # type: ignore[attr-defined]
        setattr(cls, _RULES_ATTRIBUTE, rules)
        return cls

    return declare


_DESCRIPTIONS: dict[type, RecordDescription] = {}


def description(cls: type) -> RecordDescription:
    """
    The description of the attrs record class *cls*, built once.

    Raises:
        TypeError: *cls* is not a record class, or one of its fields was not
            made with a builder of `conflict_events.model.fields`.
    """
    if (known := _DESCRIPTIONS.get(cls)) is not None:
        return known
    if not attrs.has(cls):
        msg = f"{cls!r} is not a record class"
        raise TypeError(msg)
    described: list[FieldDescription] = []
    for attribute in attrs.fields(cls):
        if not attribute.init:
            continue
        spec = attribute.metadata.get(SPEC_KEY)
        if not isinstance(spec, FieldSpec):
            msg = f"{cls.__name__}.{attribute.name} has no field spec: build it with model.fields"
            raise TypeError(msg)
        described.append(
            FieldDescription(
                attribute.name,
                spec,
                required=attribute.default is attrs.NOTHING,
                default=attribute.default,
            )
        )
    record = _DESCRIPTIONS[cls] = RecordDescription(
        cls,
        summary(cls),
        getattr(cls, "event_type", ""),
        tuple(described),
        rules_of(cls),
    )
    return record
