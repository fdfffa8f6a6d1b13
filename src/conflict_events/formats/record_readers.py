"""
Record readers: one generated function per record class that reads its plain data in one pass.

The fast converter reads each record class with such a function, written from
the class's description (`conflict_events.model.description.description`).
Each value is checked inline by the expression of its spec's `ValueTest`, the
same expression the model's validator runs, so that the reader and the
constructor refuse the same values; members, dates and nested records are
read by the converter's hooks, whose results are of the field's type by
construction. The frozen object is then built without its ``__init__``: each
value is set on the new instance as the constructor would set it, and the
class's ``__attrs_post_init__`` (its cross-field rules, a dataset's integrity
checks) runs as the constructor runs it.

On any fault the reader raises (`Refused`, or the error of a hook), and the
loader reads the document again with the detailed converter, which reports
every fault with its path: the fast reader only decides whether the data is
valid, so its errors carry no detail.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Callable
from typing import Any, Final

import attrs

from conflict_events.errors import describe
from conflict_events.model.description import FieldDescription, FieldKind, FieldSpec, description
from conflict_events.model.fields import as_tuple

__all__ = ["MISSING", "MemberHook", "Refused", "Unsupported", "record_reader"]

#: A structure hook: ``hook(value, type)``, as cattrs calls them.
Hook = Callable[[Any, Any], Any]
#: The hook reading one value of a field (a date, a timestamp, a record, an event).
HookOf = Callable[[FieldSpec], Hook]


class Refused(ValueError):  # noqa: N818 - a verdict, not an error of the reader
    """The fast reader refused a record's data; the detailed converter says why."""

    def __init__(self, kind: type, field: str) -> None:
        super().__init__(f"{kind.__name__}.{field}" if field else kind.__name__)


class MemberHook:
    """
    The hook reading a member of an enumeration from the value documents write for it.

    A reader looks the value up in `members` itself rather than calling the
    hook; a converter with a hook of its own for the enumeration has that one
    called.
    """

    __slots__ = ("allowed", "members")

    def __init__(self, kind: type[enum.Enum]) -> None:
        self.members: dict[Any, enum.Enum] = {member.value: member for member in kind}
        self.allowed = ", ".join(repr(value) for value in self.members)

    def __call__(self, value: object, _: object) -> enum.Enum:
        """The member whose value is *value*."""
        try:
            return self.members[value]
        except (KeyError, TypeError):
            msg = f"{describe(value)} is not one of {self.allowed}"
            raise ValueError(msg) from None


#: Kinds whose hook builds the value itself (a member, a parsed date, a record read by
#: its own reader), so that the value passes the field's test by construction.
_BUILT_BY_HOOK: Final = frozenset(
    {FieldKind.CHOICE, FieldKind.DATE, FieldKind.WHEN, FieldKind.RECORD, FieldKind.EVENT}
)
#: Kinds read by a hook of the converter, called once per value.
_READ_BY_HOOK: Final = frozenset(
    {FieldKind.DATE, FieldKind.WHEN, FieldKind.TIMESTAMP, FieldKind.RECORD, FieldKind.EVENT}
)
#: The slot attrs keeps a cached hash in (``cache_hash=True``); the constructor empties it.
_HASH_CACHE: Final = "_attrs_cached_hash"


class _Missing:
    """The value of a key a document leaves out."""

    def __repr__(self) -> str:
        return "<missing>"


#: What a positional reader is given for a value left out.
MISSING: Final = _Missing()


class Unsupported(TypeError):  # noqa: N818 - the generator declines the class
    """A class the generator cannot read without its ``__init__``; the caller reads it otherwise."""


def _slots(kind: type) -> set[str]:
    return {name for cls in kind.__mro__ for name in getattr(cls, "__slots__", ())}


class _Source:
    """The lines and names of one generated reader."""

    def __init__(self, kind: type, *, positional: bool = False) -> None:
        self.kind = kind
        self.positional = positional
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "__cls": kind,
            "__new": object.__new__,
            "__setattr": object.__setattr__,
            "__Refused": Refused,
            "__MISSING": MISSING,
        }

    def name(self, field: str, what: str, value: object) -> str:
        """A global of the reader holding *value*, for *what* of *field*."""
        name = f"__{field}_{what}"
        if name in self.namespace and self.namespace[name] is not value:
            msg = f"{self.kind.__name__}: two values named {name}"
            raise Unsupported(msg)
        self.namespace[name] = value
        return name

    def add(self, indent: int, *lines: str) -> None:
        self.lines += ["    " * indent + line for line in lines]

    def refuse(self, indent: int, field: str) -> None:
        self.add(indent, f"raise __Refused(__cls, {field!r})")

    def given(self, field: FieldDescription, default: str | None) -> str:
        """
        The expression of the field's value as given, else *default* (an expression).

        None for a required field. A dict reader looks the field up in ``d``; a
        positional reader takes it as the parameter ``p_<name>``, which holds
        ``__MISSING`` when the row leaves it out.
        """
        name = field.name
        if not self.positional:
            return f"d[{name!r}]" if default is None else f"d.get({name!r}, {default})"
        if default is None or default == "__MISSING":
            return f"p_{name}"
        return f"({default} if p_{name} is __MISSING else p_{name})"


def _test(source: _Source, field: FieldDescription, value: str) -> str:
    """The expression of the field's test on the value named *value*."""
    test = field.spec.test
    if test is None:
        msg = f"{source.kind.__name__}.{field.name} has no value test"
        raise Unsupported(msg)
    return test.source(value, lambda name: source.name(field.name, name, test.names[name]))


def _hook(source: _Source, field: FieldDescription, hooks: HookOf) -> str:
    return source.name(field.name, "hook", hooks(field.spec))


def _target(source: _Source, field: FieldDescription) -> str:
    """The type a hook of the field is called with: its enumeration or record class, else None."""
    target = field.spec.choices or field.spec.record
    return "None" if target is None else source.name(field.name, "type", target)


def _setter(source: _Source, name: str) -> str:
    """The call setting attribute *name* of ``o`` to ``v``: its slot's setter when it has one."""
    slot = getattr(source.kind, name, None)
    if isinstance(slot, types.MemberDescriptorType):
        return f"{source.name(name, 'set', slot.__set__)}(o, v)"
    return f"__setattr(o, {name!r}, v)"


def _read_value(source: _Source, field: FieldDescription, *, in_place: bool) -> int:
    """
    ``v = `` the field's value in ``d``; the indent of the lines that read and check a given one.

    A default that passes those lines as a given value would (*in_place*) is
    read in place of a missing value; any other is set only when the value is
    missing, and the lines that follow run only for a given value.
    """
    name = field.name
    if field.required:
        source.add(1, f"v = {source.given(field, None)}")
        return 1
    if field.default is None:
        source.add(1, f"v = {source.given(field, 'None')}")
        return 1
    if in_place:
        source.add(1, f"v = {source.given(field, source.name(name, 'default', field.default))}")
        return 1
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        default = f"{source.name(name, 'factory', field.default.factory)}()"
    else:
        default = source.name(name, "default", field.default)
    source.add(1, f"v = {source.given(field, '__MISSING')}", "if v is __MISSING:")
    source.add(2, f"v = {default}")
    source.add(1, "else:")
    return 2


def _members(source: _Source, field: FieldDescription, hook: MemberHook) -> None:
    """``v = `` the member a choice names, looked up in the hook's own table."""
    members: dict[Any, Any] = dict(hook.members)
    if field.spec.optional:
        members[None] = None
    if not field.required:
        members[MISSING] = field.default
    table = source.name(field.name, "members", members)
    key = source.given(field, None if field.required else "__MISSING")
    source.add(1, f"v = {table}[{key}]")


def _single(
    source: _Source, field: FieldDescription, attribute: attrs.Attribute[Any], hooks: HookOf
) -> None:
    """Read, convert and check a single-valued field into ``v``."""
    spec = field.spec
    lines: list[str | None] = []  # None: refuse
    if spec.kind is FieldKind.CHOICE or spec.kind in _READ_BY_HOOK:
        hook = hooks(spec)
        if isinstance(hook, MemberHook):
            _members(source, field, hook)
            return
        lines.append(f"v = {_hook(source, field, hooks)}(v, {_target(source, field)})")
    if attribute.converter is not None:
        lines.append(f"v = {source.name(field.name, 'convert', attribute.converter)}(v)")
    if spec.kind not in _BUILT_BY_HOOK:
        lines += [f"if not ({_test(source, field, 'v')}):", None]
    # Only a value that is merely tested can be stood in for by its default.
    in_place = len(lines) == 2 and lines[1] is None and _passes(field)  # noqa: PLR2004 - test, refuse
    indent = _read_value(source, field, in_place=in_place)
    if not lines:
        return
    if spec.optional:
        source.add(indent, "if v is not None:")
        indent += 1
    for line in lines:
        if line is None:
            source.refuse(indent + 1, field.name)
        else:
            source.add(indent, line)


def _passes(field: FieldDescription) -> bool:
    """Whether the field's default passes its test as it is (a flag's False, the version)."""
    test = field.spec.test
    default = field.default
    if test is None or field.required or isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return False
    return bool(test.compiled()(default))


def _many(
    source: _Source,
    field: FieldDescription,
    attribute: attrs.Attribute[Any],
    hooks: HookOf,
) -> None:
    """Read and check a list field into ``v``, a tuple."""
    spec = field.spec
    converter: Any = attribute.converter  # a function here; attrs types it as a Converter
    if converter is not None and converter is not as_tuple:
        msg = f"{source.kind.__name__}.{field.name}: a list field with a converter of its own"
        raise Unsupported(msg)
    if not field.required and field.default != ():
        msg = f"{source.kind.__name__}.{field.name}: a list field defaulting to {field.default!r}"
        raise Unsupported(msg)
    source.add(1, f"v = {source.given(field, None if field.required else '()')}")
    source.add(1, "if type(v) is not tuple and type(v) is not list:")
    source.refuse(2, field.name)
    if spec.kind in _READ_BY_HOOK:
        read = f"{_hook(source, field, hooks)}(x, {_target(source, field)})"
        source.add(1, f"v = tuple([{read} for x in v]) if v else ()")
    else:
        source.add(1, "v = tuple(v)")
    if spec.kind not in _BUILT_BY_HOOK:
        source.add(1, "for x in v:", f"    if not ({_test(source, field, 'x')}):")
        source.refuse(3, field.name)
    if spec.min_items:
        source.add(1, f"if len(v) < {spec.min_items}:")
        source.refuse(2, field.name)


def record_reader(kind: type, hooks: HookOf, *, tag: str = "", positional: bool = False) -> Hook:
    """
    The generated reader of the record class *kind*: plain data in, a checked record out.

    *hooks* gives the hook reading one value of a field that needs one (dates,
    timestamps, nested records, events). An event class (*tag*) also takes its ``type`` key,
    which must be *tag*. A *positional* reader takes each field's value as an
    argument instead of a dict, in the order of the class's fields, with
    `MISSING` for a value left out (its default is read); it does not take the
    ``type``: whoever calls it knows the class.

    Raises:
        Unsupported: *kind* has a feature the reader cannot build without
            ``__init__`` (a pre-init, a field the init leaves to a default).
    """
    if not attrs.has(kind):
        msg = f"{kind!r} is not an attrs class"
        raise Unsupported(msg)
    if hasattr(kind, "__attrs_pre_init__"):
        msg = f"{kind.__name__} has a pre-init"
        raise Unsupported(msg)
    attributes = {attribute.name: attribute for attribute in attrs.fields(kind)}
    for attribute in attributes.values():
        if not attribute.init and attribute.default is not attrs.NOTHING:
            msg = f"{kind.__name__}.{attribute.name} is set to a default outside the init"
            raise Unsupported(msg)
    record = description(kind)
    source = _Source(kind, positional=positional)
    if positional:
        source.add(0, f"def read({', '.join(f'p_{field.name}' for field in record.fields)}):")
        for field in record.fields:
            if field.required:
                source.add(1, f"if p_{field.name} is __MISSING:")
                source.refuse(2, field.name)
    else:
        keys = {field.name for field in record.fields} | ({"type"} if tag else set())
        source.namespace["__keys"] = frozenset(keys)
        source.namespace["__tag"] = tag
        source.add(0, "def read(d, _=None):")
        source.add(1, "if type(d) is not dict or not __keys.issuperset(d):")
        source.refuse(2, "")
        if tag:
            source.add(1, "if d.get('type', __tag) != __tag:")
            source.refuse(2, "type")
    source.add(1, "o = __new(__cls)")
    if _HASH_CACHE in _slots(kind):
        source.add(1, "v = None", _setter(source, _HASH_CACHE))
    for field in record.fields:
        attribute = attributes[field.name]
        if field.spec.many:
            _many(source, field, attribute, hooks)
        else:
            _single(source, field, attribute, hooks)
        source.add(1, _setter(source, field.name))
    post_init = getattr(kind, "__attrs_post_init__", None)
    if post_init is not None:
        source.namespace["__post_init"] = post_init
        source.add(1, "__post_init(o)")
    source.add(1, "return o")
    text = "\n".join(source.lines)
    code = compile(text, f"<conflict_events record reader {kind.__name__}>", "exec")
    exec(code, source.namespace)  # noqa: S102 - code generated above from the class's own description
    reader: Hook = source.namespace["read"]
    reader.__doc__ = f"Read a {kind.__name__} from plain data; raise on any fault."
    return reader
