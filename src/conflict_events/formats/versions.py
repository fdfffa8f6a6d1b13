"""
Versions of the document format, and the migrations that upgrade old documents.

The format has its own semantic version, `SCHEMA_VERSION`, written into every
document. A minor or patch version only adds (old documents stay valid); a
major version may change meanings, so a document of a newer major version than
this library knows is refused, never half-read. Older documents are upgraded
step by step, one registered function per step, and each step says what it
changed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any, Final

import attrs

from conflict_events.errors import ConflictEventsError, ErrorDetail, ValidationError, describe
from conflict_events.model import SCHEMA_VERSION

__all__ = [
    "SUPPORTED_VERSIONS",
    "Migration",
    "MigrationResult",
    "UnsupportedVersionError",
    "migrate",
    "migrate_with_report",
    "parse_version",
]

_VERSION = re.compile(r"(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})", re.ASCII)

Version = tuple[int, int, int]
Step = Callable[[dict[str, Any]], list[str]]


def parse_version(text: object) -> Version:
    """``"1.2.3"`` as ``(1, 2, 3)``; `ValidationError` at ``schema_version`` otherwise."""
    if type(text) is not str or (match := _VERSION.fullmatch(text)) is None:
        raise ValidationError(
            [ErrorDetail("schema_version", f"{describe(text)} is not a version such as '1.0.0'")]
        )
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


class UnsupportedVersionError(ValidationError):
    """A document written in a format version this library cannot read."""

    def __init__(self, found: str, supported: str) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            [
                ErrorDetail(
                    "schema_version",
                    f"document format {found} is newer than {supported}, the newest this "
                    "version of conflict-events reads; upgrade conflict-events",
                )
            ]
        )

    def __reduce__(self) -> tuple[type[UnsupportedVersionError], tuple[str, str]]:  # type: ignore[override]
        return (type(self), (self.found, self.supported))


@attrs.frozen
class Migration:
    """One step: upgrades documents of ``source`` to ``target`` in place and says what changed."""

    source: str
    target: str
    upgrade: Step


@attrs.frozen
class MigrationResult:
    """A migrated document and, per step, what was changed."""

    document: dict[str, Any]
    source_version: str
    changes: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """True when a step applied."""
        return bool(self.changes)


def _from_1_0_0(_: dict[str, Any]) -> list[str]:
    """
    1.0.0 to 1.1.0: only additions, so a 1.0.0 document is a 1.1.0 document as it stands.

    1.1.0 adds participants' ``strength``, locations' ``part``, ``side`` and
    ``relations`` (stated distances and directions), events' ``assessments``,
    attributions' ``likelihood``, ``condition`` and ``conditional_on``, and new
    members of ``Extent`` (most, parts, pockets, outskirts), ``Role``
    (reinforcement), ``ActorKind`` (officials, ngo, activists, residents) and
    ``RelationKind`` (speaks_for). Nothing is moved or reinterpreted: what a
    1.0.0 document kept in notes or extensions stays there.
    """
    return []


#: Registered steps, oldest first; a format change adds one here with its CHANGELOG entry.
MIGRATIONS: list[Migration] = [Migration("1.0.0", "1.1.0", _from_1_0_0)]

#: Every format version this library reads: each step's source and the current one.
SUPPORTED_VERSIONS: Final = tuple(
    sorted(
        {SCHEMA_VERSION, *(step.source for step in MIGRATIONS)},
        key=lambda text: tuple(int(part) for part in text.split(".")),
    )
)


def _steps(migrations: list[Migration]) -> dict[str, Migration]:
    by_source = {step.source: step for step in migrations}
    if len(by_source) != len(migrations):
        msg = "two migrations start from the same version"
        raise ConflictEventsError(msg)
    return by_source


def migrate_with_report(
    document: dict[str, Any],
    *,
    current: str = SCHEMA_VERSION,
    migrations: list[Migration] | None = None,
) -> MigrationResult:
    """
    Upgrade *document* to the *current* format version, step by step.

    The input is not modified. A document without ``schema_version`` is taken to
    be of the current version. A newer major version raises
    `UnsupportedVersionError`; a newer minor or patch of the same major is read
    as is, since such changes only add.
    """
    if type(document) is not dict:
        raise ValidationError([ErrorDetail("$", f"{describe(document)} is not an object")])
    found = document.get("schema_version", current)
    found_version = parse_version(found)
    current_version = parse_version(current)
    if found_version[0] > current_version[0]:
        raise UnsupportedVersionError(str(found), current)
    if found_version >= current_version:
        return MigrationResult(document, str(found), ())
    steps = _steps(MIGRATIONS if migrations is None else migrations)
    upgraded = copy.deepcopy(document)
    changes: list[str] = []
    version = str(found)
    while parse_version(version) < current_version:
        step = steps.get(version)
        if step is None:
            raise ValidationError(
                [
                    ErrorDetail(
                        "schema_version",
                        f"document format {version} is older than any this version of "
                        f"conflict-events can upgrade (it reads {', '.join(SUPPORTED_VERSIONS)})",
                    )
                ]
            )
        changes.extend(f"{step.source} -> {step.target}: {note}" for note in step.upgrade(upgraded))
        upgraded["schema_version"] = version = step.target
    return MigrationResult(upgraded, str(found), tuple(changes))


def migrate(document: dict[str, Any]) -> dict[str, Any]:
    """Upgrade a document of any supported older format version to the current one."""
    return migrate_with_report(document).document
