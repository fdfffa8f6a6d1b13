"""
A griffe extension: every attrs class of the API reference gets a table of its fields.

attrs fields (``name: type = attrs.field(...)`` or a bare annotation under
``@attrs.define``/``@attrs.frozen``) rarely carry a docstring, and griffe
leaves undocumented attributes out, so the reference showed record classes
without a single field. This extension finds each class that is an attrs
class at run time and appends to its docstring a "Fields" section: every
public field, inherited ones included, in attrs order, with its type and a
description taken from the first of

1. the entry of an ``Attributes:`` section of the class's docstring (the
   section is replaced by the table, so nothing is listed twice),
2. the attribute's own docstring (a string literal after the field),
3. ``#:`` comment lines right above the field,
4. the field's metadata: the ``doc`` of a `FieldSpec` (how model fields are
   declared, `conflict_events.model.fields`), or a ``description``/``doc`` text.

A class whose module cannot be imported (an optional extra missing) is
recognised by its attrs decorator instead, and its fields are read from the
source. Other attributes without a docstring (module constants, class
attributes) get their ``#:`` comment as docstring, which griffe does not
read. Loaded by mkdocstrings (``extensions:`` in mkdocs.yml) and by
tests/test_api_reference.py.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Iterator
from typing import Any

import griffe

#: The decorators that make an attrs class, as they are spelled in source.
_ATTRS_DECORATORS = re.compile(r"^(attrs?\.)?(define|frozen|mutable|attrs|s|dataclass)\b")
#: The title of the section the extension adds (as mkdocstrings titles "Parameters:").
TITLE = "Fields:"


class AttrsFields(griffe.Extension):
    """Append a "Fields" section (name, type, description) to every attrs class's docstring."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Document the fields of every attrs class of *pkg*, once the package is loaded."""
        del kwargs
        fields_of: dict[str, set[str]] = {}
        for cls in _classes(pkg):
            fields = _fields(cls)
            if fields is not None:
                _document(cls, fields)
                fields_of[cls.path] = {name for name, _, _ in fields}
        _comments_as_docstrings(pkg, fields_of)


def _comments_as_docstrings(
    owner: griffe.Module | griffe.Class, fields_of: dict[str, set[str]]
) -> None:
    """
    Give each attribute without a docstring its ``#:`` comment (constants, class attributes).

    The project documents constants with ``#:`` lines above them, which griffe
    does not read; an attrs field is left as it is (its class's table has it).
    """
    fields = fields_of.get(owner.path, set())
    for name, member in list(owner.members.items()):
        if member.is_alias:
            continue
        if isinstance(member, (griffe.Module, griffe.Class)):
            _comments_as_docstrings(member, fields_of)
        elif isinstance(member, griffe.Attribute) and member.docstring is None:
            comment = _comment(member)
            if comment and name not in fields:
                member.docstring = griffe.Docstring(
                    comment,
                    lineno=member.lineno,
                    parent=member,
                    parser=owner.docstring.parser if owner.docstring else None,
                    parser_options=owner.docstring.parser_options if owner.docstring else None,
                )


def _classes(module: griffe.Module | griffe.Class) -> Iterator[griffe.Class]:
    """Every class defined in *module* (nested ones too), not those it imports."""
    for member in list(module.members.values()):
        if member.is_alias:
            continue
        if isinstance(member, griffe.Class):
            yield member
            yield from _classes(member)
        elif isinstance(member, griffe.Module):
            yield from _classes(member)


def _runtime(cls: griffe.Class) -> object | None:
    """The class object itself, or None when its module cannot be imported."""
    try:
        found: object = importlib.import_module(cls.module.path)
    except Exception:  # noqa: BLE001 - an optional extra missing, or any import-time fault
        return None
    for name in cls.path.removeprefix(cls.module.path + ".").split("."):
        found = getattr(found, name, None)
        if found is None:
            return None
    return found


def _fields(cls: griffe.Class) -> list[tuple[str, Any, str]] | None:
    """``(name, annotation, description)`` of each public field, or None for a non-attrs class."""
    runtime = _runtime(cls)
    if runtime is not None:
        import attrs  # noqa: PLC0415 - the documented package needs it anyway

        if not (isinstance(runtime, type) and attrs.has(runtime)):
            return None
        return [
            (field.name, field.type, _metadata_doc(field.metadata))
            for field in attrs.fields(runtime)
            if not field.name.startswith("_")
        ]
    if not any(_ATTRS_DECORATORS.match(str(d.value)) for d in cls.decorators):
        return None
    return [(name, None, "") for name in _source_fields(cls)]


def _source_fields(cls: griffe.Class) -> list[str]:
    """The annotated class attributes of *cls* and its bases, base fields first (as attrs)."""
    names: list[str] = []
    for base in reversed([cls, *_safe_mro(cls)]):
        for name, member in base.members.items():
            if (
                not member.is_alias
                and isinstance(member, griffe.Attribute)
                and member.annotation is not None
                and "instance-attribute" in member.labels  # griffe's word for not a ClassVar
                and not name.startswith("_")
                and name not in names
            ):
                names.append(name)
    return names


def _safe_mro(cls: griffe.Class) -> list[griffe.Class]:
    """The resolved base classes of *cls* (those griffe can find)."""
    with contextlib.suppress(ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return list(cls.mro())
    return []


def _metadata_doc(metadata: Any) -> str:
    """The description a field's attrs metadata holds, else an empty string."""
    for value in metadata.values():
        doc = getattr(value, "doc", None)
        if isinstance(doc, str):
            return doc
    for key in ("description", "doc", "help"):
        if isinstance(metadata.get(key), str):
            return str(metadata[key])
    return ""


def _member(cls: griffe.Class, name: str) -> griffe.Attribute | None:
    """The attribute *name* as *cls* or its nearest base declares it."""
    for owner in (cls, *_safe_mro(cls)):
        member = owner.members.get(name)
        if member is not None and not member.is_alias and isinstance(member, griffe.Attribute):
            return member
    return None


def _comment(member: griffe.Attribute) -> str:
    """The ``#:`` comment lines right above *member* in its source, joined."""
    lineno = member.lineno
    if lineno is None:
        return ""
    lines = member.module.lines
    found: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#:"):
        found.insert(0, lines[index].strip().removeprefix("#:").strip())
        index -= 1
    return " ".join(found)


def _document(cls: griffe.Class, fields: list[tuple[str, Any, str]]) -> None:
    """Append the "Fields" section to *cls*'s docstring; an ``Attributes:`` section gives way."""
    if cls.docstring is None:
        return  # undocumented: the reference leaves the class out
    sections = cls.docstring.parsed
    stated: dict[str, griffe.DocstringAttribute] = {}
    for section in [s for s in sections if isinstance(s, griffe.DocstringSectionAttributes)]:
        stated.update({attribute.name: attribute for attribute in section.value})
        sections.remove(section)
    rows = []
    for name, runtime_type, metadata_doc in fields:
        member = _member(cls, name)
        annotation = member.annotation if member is not None else None
        if annotation is None and runtime_type is not None:
            annotation = runtime_type if isinstance(runtime_type, str) else _type_name(runtime_type)
        entry = stated.get(name)
        description = next(
            (
                text
                for text in (
                    entry.description if entry is not None else "",
                    member.docstring.value if member is not None and member.docstring else "",
                    _comment(member) if member is not None else "",
                    metadata_doc,
                )
                if text
            ),
            "",
        )
        rows.append(griffe.DocstringAttribute(name, description=description, annotation=annotation))
    if rows:
        sections.append(griffe.DocstringSectionAttributes(rows, title=TITLE))


def _type_name(value: object) -> str:
    """A readable name of a run-time type annotation."""
    return getattr(value, "__qualname__", None) or str(value)
