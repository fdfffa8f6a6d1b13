"""
Records drawn from their description: one strategy per field kind, one repair per rule kind.

`records` reads a class through `conflict_events.model.description`, draws each
field with the strategy `FIELD_STRATEGIES` holds for its kind (bounded by the
field's spec: range, pattern, choices, fewest items; None sometimes when
optional, a tuple when it holds many), then makes the drawn values keep each
of the class's cross-field rules with the repair `RULE_REPAIRS` holds for the
rule's kind. A new field or rule in the model is drawn without a change here,
unless its kind is new, and the completeness tests say so.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final, Protocol, TypeVar

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from conflict_events.model import Source
from conflict_events.model.description import (
    FieldDescription,
    FieldKind,
    ReferenceKind,
    description,
)
from conflict_events.model.events import EVENT_TYPES
from conflict_events.model.fields import INVISIBLE, MAX_JSON_INT
from conflict_events.model.rules import (
    AtLeastOne,
    BothOrNeither,
    Disjoint,
    NotAmong,
    Ordered,
    Required,
    RequiredWhen,
)
from conflict_events.strategies.temporal import fuzzy_dates, spans
from conflict_events.temporal import FuzzyDate, Span

__all__ = [
    "FIELD_STRATEGIES",
    "MAX_ITEMS",
    "MAX_NESTED_ITEMS",
    "OVERRIDES",
    "RULE_REPAIRS",
    "Fill",
    "Pool",
    "Scope",
    "extensions",
    "identifiers",
    "records",
    "scoped_records",
    "texts",
    "whens",
]

T = TypeVar("T")
S = st.SearchStrategy

#: The most items a list field of a record drawn on its own (or in a dataset) holds.
MAX_ITEMS: Final = 2
#: The most items a list field of a nested record holds, so that draws stay small.
MAX_NESTED_ITEMS: Final = 1

_ID_START: Final = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_ID_REST: Final = _ID_START + "_.:-"
#: Names of the systems external identifiers usually come from; other texts are drawn too.
_SYSTEMS: Final = ("wikidata", "acled", "ucdp", "geonames")
_OFFSETS: Final = (UTC, timezone(timedelta(hours=3)), timezone(timedelta(hours=-5)))


@functools.cache
def identifiers() -> S[str]:
    """Identifiers as the model accepts them."""
    return st.builds(
        str.__add__,
        st.sampled_from(_ID_START),
        st.text(alphabet=_ID_REST, max_size=12),
    )


@functools.cache
def texts() -> S[str]:
    """Short texts that keep a visible character, as every text field needs."""
    return st.text(min_size=1, max_size=24).filter(lambda text: bool(text.strip(INVISIBLE)))


def _json_values() -> S[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-MAX_JSON_INT, MAX_JSON_INT)
        | st.floats(min_value=-MAX_JSON_INT, max_value=MAX_JSON_INT)
        | st.text(max_size=12)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


@functools.cache
def extensions() -> S[dict[str, Any]]:
    """User extension objects: any JSON object within the model's bounds."""
    return st.dictionaries(st.text(max_size=8), _json_values(), max_size=3)


@functools.cache
def whens() -> S[FuzzyDate | Span]:
    """What an event's ``when`` holds: a date or a span."""
    return fuzzy_dates() | spans()


class Pool:
    """
    The identifiers of the dataset being drawn, read when each record is drawn.

    `datasets` fills it before drawing each record, so that the strategies of
    every record class are built once per `datasets` call rather than once
    per record: building and validating them costs far more than drawing.
    """

    def __init__(self) -> None:
        #: The identifiers each reference kind may point at now.
        self.ids: dict[ReferenceKind, list[str]] = {}
        #: The identifier of the record being drawn.
        self.current = ""

    def own_id(self) -> S[str]:
        """The identifier of the record being drawn."""
        return st.builds(lambda: self.current)

    def pick(self, kind: ReferenceKind) -> S[str]:
        """One of the identifiers of *kind* (never drawn while there are none)."""

        @st.composite
        def draw_pick(draw: st.DrawFn) -> str:
            found = self.ids.get(kind, [])
            assume(found)
            index: int = draw(st.integers(0, len(found) - 1))
            return found[index]

        return draw_pick()

    def empty(self, kind: ReferenceKind) -> bool:
        """True while there is nothing of *kind* to point at."""
        return not self.ids.get(kind)


@attrs.frozen
class Scope:
    """
    What the records drawn in one place refer to.

    ``ids`` draws a record's own identifier; ``references`` draws the
    identifiers each reference kind points at (`st.nothing` where there is
    nothing to point at, so optional references are None and lists empty);
    a ``pool`` instead says at each draw what there is to point at.
    ``depth`` counts how far inside another record a record is drawn.
    """

    ids: S[str] = attrs.field(factory=identifiers)
    references: Mapping[ReferenceKind, S[str]] = attrs.field(factory=dict)
    pool: Pool | None = None
    depth: int = 0

    @classmethod
    def of_pool(cls, pool: Pool) -> Scope:
        """The scope of the records of a dataset whose identifiers *pool* holds."""
        return cls(pool.own_id(), {kind: pool.pick(kind) for kind in ReferenceKind}, pool)

    def reference(self, kind: ReferenceKind) -> S[str]:
        """The identifiers a reference of *kind* is drawn from; any identifier by default."""
        found = self.references.get(kind)
        return found if found is not None else identifiers()

    def inside(self) -> Scope:
        """The scope of a record nested in one of this scope."""
        return attrs.evolve(self, depth=self.depth + 1)

    @property
    def max_items(self) -> int:
        """The most items a list field holds at this depth."""
        return MAX_ITEMS if self.depth == 0 else MAX_NESTED_ITEMS


ValueStrategy = Callable[[FieldDescription, Scope], S[Any]]


def _bounded_integers(field: FieldDescription, _: Scope) -> S[int]:
    spec = field.spec
    if spec.minimum is None or spec.maximum is None:
        # Every count is bounded: orjson refuses integers beyond 64 bits.
        msg = f"count field {field.name} declares no minimum and maximum"
        raise TypeError(msg)
    return st.integers(spec.minimum, spec.maximum)


def _coordinates(field: FieldDescription, _: Scope) -> S[float]:
    spec = field.spec
    return st.floats(spec.minimum, spec.maximum, allow_nan=False, allow_infinity=False)


def _pattern(field: FieldDescription, _: Scope) -> S[str]:
    if field.spec.pattern is None:
        msg = f"field {field.name} declares no pattern"
        raise TypeError(msg)
    return _matching(field.spec.pattern)


@functools.cache
def _matching(pattern: str) -> S[str]:
    return st.from_regex(pattern, fullmatch=True)


def _choices(field: FieldDescription, _: Scope) -> S[Any]:
    if field.spec.choices is None:
        msg = f"choice field {field.name} declares no enumeration"
        raise TypeError(msg)
    return _members(field.spec.choices)


@functools.cache
def _members(choices: type[enum.Enum]) -> S[Any]:
    return st.sampled_from(choices)


def _version(field: FieldDescription, _: Scope) -> S[str]:
    # The pattern also admits versions newer than this library, which readers
    # treat as migrations; records carry the current one, their default.
    return st.just(field.default)


def _timestamps(_: FieldDescription, __: Scope) -> S[datetime]:
    return _TIMESTAMPS


_FUZZY_DATES: Final = fuzzy_dates()
_TIMESTAMPS: Final = st.datetimes(
    min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from(_OFFSETS),
)


def _nested(field: FieldDescription, scope: Scope) -> S[Any]:
    if field.spec.record is None:
        msg = f"record field {field.name} declares no record class"
        raise TypeError(msg)
    return scoped_records(field.spec.record, scope.inside())


def _any_event(_: FieldDescription, scope: Scope) -> S[Any]:
    inner = scope.inside()
    return st.one_of([scoped_records(cls, inner) for cls in EVENT_TYPES.values()])


def _string_maps(_: FieldDescription, __: Scope) -> S[dict[str, str]]:
    return st.dictionaries(st.sampled_from(_SYSTEMS) | texts(), texts(), max_size=MAX_ITEMS)


#: One strategy for one value of each field kind (never None, never a list).
FIELD_STRATEGIES: Final[Mapping[FieldKind, ValueStrategy]] = {
    FieldKind.IDENTIFIER: lambda _, scope: scope.ids,
    FieldKind.REFERENCE: lambda field, scope: scope.reference(_reference_kind(field)),
    FieldKind.TEXT: lambda _, __: texts(),
    FieldKind.COUNTRY: _pattern,
    FieldKind.VERSION: _version,
    FieldKind.CHOICE: _choices,
    FieldKind.FLAG: lambda _, __: st.booleans(),
    FieldKind.COUNT: _bounded_integers,
    FieldKind.COORDINATE: _coordinates,
    FieldKind.DATE: lambda _, __: _FUZZY_DATES,
    FieldKind.WHEN: lambda _, __: whens(),
    FieldKind.TIMESTAMP: _timestamps,
    FieldKind.RECORD: _nested,
    FieldKind.EVENT: _any_event,
    FieldKind.STRING_MAP: _string_maps,
    FieldKind.EXTENSIONS: lambda _, __: extensions(),
}

#: Fields whose generic drawing would be unrealistic, by class and field name.
OVERRIDES: Final[Mapping[tuple[type, str], ValueStrategy]] = {
    # A BCP 47 tag, not any text.
    (Source, "language"): lambda _, __: st.sampled_from(["en", "ar", "fr", "ku", "uk"]),
}


def _reference_kind(field: FieldDescription) -> ReferenceKind:
    if field.spec.reference is None:
        msg = f"reference field {field.name} declares no reference kind"
        raise TypeError(msg)
    return field.spec.reference


def _one_value(cls: type, field: FieldDescription, scope: Scope) -> S[Any]:
    """One value of *field* of *cls*: never None, never a list."""
    strategy = OVERRIDES.get((cls, field.name)) or FIELD_STRATEGIES[field.kind]
    return strategy(field, scope)


def _field_values(cls: type, field: FieldDescription, scope: Scope) -> S[Any]:
    """What *field* of *cls* holds: a tuple when it holds many, sometimes None when optional."""
    spec = field.spec
    strategy = _one_value(cls, field, scope)
    if spec.many:
        most = max(spec.min_items, scope.max_items)
        strategy = st.lists(strategy, min_size=spec.min_items, max_size=most).map(tuple)
    if spec.optional:
        strategy = st.none() | strategy
    if field.kind is FieldKind.REFERENCE and scope.pool is not None:
        strategy = _unless_empty(
            strategy, scope.pool, _reference_kind(field), () if spec.many else None
        )
    elif (
        field.kind is FieldKind.RECORD
        and scope.pool is not None
        and spec.record is not None
        and (spec.many or spec.optional)
    ):
        # Nested records that must point at something (a relation's target) are
        # left out while there is nothing of that kind to point at.
        for kind in _needs(spec.record):
            strategy = _unless_empty(strategy, scope.pool, kind, () if spec.many else None)
    return strategy


@functools.cache
def _needs(cls: type) -> tuple[ReferenceKind, ...]:
    """The kinds a record of *cls* must hold a reference of (a required reference field)."""
    found = []
    for field in description(cls).fields:
        spec = field.spec
        if (
            field.kind is FieldKind.REFERENCE
            and spec.reference is not None
            and (field.required or spec.min_items)
        ):
            found.append(spec.reference)
    return tuple(dict.fromkeys(found))


@st.composite
def _unless_empty(
    draw: st.DrawFn, strategy: S[Any], pool: Pool, kind: ReferenceKind, empty: object
) -> Any:
    """What *strategy* draws, or *empty* while *pool* holds nothing of *kind* to point at."""
    return empty if pool.empty(kind) else draw(strategy)


class Fill(Protocol):
    """
    Draws a value (never None) for the named field of the record being drawn.

    A plain function of the name is accepted too; repairs then only fill.
    """

    def __call__(self, name: str) -> Any:
        """A value of the field *name*."""
        ...

    def optional(self, name: str) -> bool:
        """Whether None is a value of the field *name*."""
        ...


Repair = Callable[[Any, dict[str, Any], Fill], None]


def _both_or_neither(rule: BothOrNeither, values: dict[str, Any], fill: Fill) -> None:
    """Both when the first was drawn, neither when it was not."""
    if values[rule.first] is None:
        values[rule.second] = None
    elif values[rule.second] is None:
        values[rule.second] = fill(rule.second)


def _at_least_one(rule: AtLeastOne, values: dict[str, Any], fill: Fill) -> None:
    """Fill the field the rule names when every field is None."""
    if all(values[name] is None for name in rule.fields):
        values[rule.at] = fill(rule.at)


def _ordered(rule: Ordered, values: dict[str, Any], _: Fill) -> None:
    """Sort the known values into the known fields, in order."""
    known = [name for name in rule.fields if values[name] is not None]
    values.update(zip(known, sorted(values[name] for name in known), strict=True))


def _required_when(rule: RequiredWhen, values: dict[str, Any], fill: Fill) -> None:
    """
    When the deciding field holds one of the values and the field is None, mend one of them.

    An optional deciding field is cleared (a part without a parent is no part),
    since the field it needs may have nothing to point at; else the field is filled.
    """
    if values[rule.when] in rule.values and values[rule.field] is None:
        # A plain function given as fill (older callers) only fills.
        optional = getattr(fill, "optional", None)
        if optional is not None and optional(rule.when):
            values[rule.when] = None
        else:
            values[rule.field] = fill(rule.field)


def _required(rule: Required, values: dict[str, Any], fill: Fill) -> None:
    """Fill the field when it was drawn None."""
    if values[rule.field] is None:
        values[rule.field] = fill(rule.field)


def _not_among(rule: NotAmong, values: dict[str, Any], _: Fill) -> None:
    """Take the value out of the list."""
    values[rule.among] = tuple(item for item in values[rule.among] if item != values[rule.field])


def _disjoint(rule: Disjoint, values: dict[str, Any], _: Fill) -> None:
    """Take out of the second list what the first holds."""
    first = set(values[rule.first])
    values[rule.second] = tuple(item for item in values[rule.second] if item not in first)


#: How the values drawn for a record are made to keep a rule of each kind.
RULE_REPAIRS: Final[Mapping[type, Repair]] = {
    BothOrNeither: _both_or_neither,
    AtLeastOne: _at_least_one,
    Ordered: _ordered,
    RequiredWhen: _required_when,
    Required: _required,
    NotAmong: _not_among,
    Disjoint: _disjoint,
}


@attrs.frozen
class _Filler:
    """The `Fill` of one record being drawn."""

    cls: type
    fields: Mapping[str, FieldDescription]
    scope: Scope
    draw: st.DrawFn

    def __call__(self, name: str) -> Any:
        return self.draw(_one_value(self.cls, self.fields[name], self.scope))

    def optional(self, name: str) -> bool:
        return self.fields[name].spec.optional


def records(
    cls: type,
    *,
    ids: S[str] | None = None,
    references: Mapping[ReferenceKind, S[str]] | None = None,
) -> S[Any]:
    """
    Records of the record class *cls*, drawn from its description, keeping its rules.

    *ids* draws the record's own identifier; *references* the identifiers each
    kind of reference points at (any identifier for a kind not given).
    """
    return scoped_records(cls, Scope(identifiers() if ids is None else ids, dict(references or {})))


def scoped_records(cls: type, scope: Scope) -> S[Any]:
    """Records of *cls* drawn in *scope*: what they are identified by and refer to."""
    record = description(cls)
    fields = {field.name: field for field in record.fields}
    strategies = {name: _field_values(cls, field, scope) for name, field in fields.items()}
    repairs = [(rule, RULE_REPAIRS[type(rule)]) for rule in record.rules]

    @st.composite
    def draw_record(draw: st.DrawFn) -> Any:
        values = {name: draw(strategy) for name, strategy in strategies.items()}
        fill = _Filler(cls, fields, scope, draw)
        for rule, repair in repairs:
            repair(rule, values, fill)
        for name, field in fields.items():
            if field.spec.many:
                # A repair that took items out must leave what the field needs.
                assume(len(values[name]) >= field.spec.min_items)
        return cls(**values)

    return draw_record()
