"""
The event-type crosswalk: which of this library's event classes each dataset's own type may be.

ACLED files an event by disorder type, event type and sub-event type; UCDP GED
by ``type_of_violence`` (state-based, non-state, one-sided); this library by
its event classes (``armed_clash``, ``remote_violence`` ...). Two records can
describe one incident only when the classes their types allow meet, so each
event is given the set of classes it *may* be (`possible_classes`):

- an ACLED type becomes the one class the ACLED reader builds for it
  (`conflict_events.formats.acled_roles.roles_of`), so a record read from
  ACLED and one written by hand in the same class agree;
- a UCDP ``type_of_violence`` becomes every class of organised violence it
  spans (`UCDP_CLASSES`): UCDP codes an air strike, a battle and a town taken
  alike as state-based conflict when a government is a side, and a massacre
  or a bombing of civilians as one-sided violence;
- an event with no classification in a known scheme may be only its own class.

The crosswalk never narrows what a record says: an event's own class is
always among its possible classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from conflict_events.formats.acled_roles import roles_of
from conflict_events.model import Classification, EventBase

__all__ = [
    "ACLED_SCHEME",
    "UCDP_CLASSES",
    "UCDP_SCHEME",
    "acled_class",
    "possible_classes",
]

#: The scheme names the readers give their classifications.
ACLED_SCHEME: Final = "acled"
UCDP_SCHEME: Final = "ucdp-ged"

_ORGANISED: Final = frozenset(
    {"armed_clash", "remote_violence", "control_change", "attack", "siege", "offensive"}
)

#: The classes each UCDP ``type_of_violence`` spans, by UCDP's words (case-insensitive).
UCDP_CLASSES: Final[Mapping[str, frozenset[str]]] = {
    # Armed force between a government and an organised group, or two governments.
    "state-based conflict": _ORGANISED,
    # Armed force between two organised groups, neither a government.
    "non-state conflict": _ORGANISED,
    # Armed force by a government or an organised group against civilians.
    "one-sided violence": frozenset({"attack", "remote_violence", "destruction"}),
}


def acled_class(path: tuple[str, ...]) -> str | None:
    """
    The event class the ACLED reader builds for a classification *path*, or None.

    The path is what the reader keeps: (disorder type, event type, sub-event
    type), or the pre-2019 event type alone; blank levels are left out.
    """
    if len(path) >= 2:  # noqa: PLR2004 - (event type, sub-event type) at the end
        found = roles_of(path[-2], path[-1])
        if found is not None:
            return found.cls.event_type
    if path:
        found = roles_of(path[-1], "")
        if found is not None:
            return found.cls.event_type
    return None


def _classes_of(classification: Classification) -> frozenset[str] | None:
    scheme = classification.scheme.casefold()
    if scheme == ACLED_SCHEME:
        found = acled_class(classification.path)
        return None if found is None else frozenset({found})
    if scheme == UCDP_SCHEME:
        return UCDP_CLASSES.get(classification.path[0].strip().casefold())
    return None


def possible_classes(event: EventBase) -> frozenset[str]:
    """
    Every event class *event* may be: its own, and those its known classifications allow.

    Each classification in a known scheme adds its classes; several schemes
    add theirs together (a record already joined from ACLED and UCDP may be
    what either says).
    """
    classes = {type(event).event_type}
    for classification in event.classifications:
        found = _classes_of(classification)
        if found is not None:
            classes |= found
    return frozenset(classes)
