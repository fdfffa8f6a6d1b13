"""Deaths broken down by whose they were: each side's, civilians', and of unknown status."""

from __future__ import annotations

import enum

import attrs

from conflict_events.model import fields
from conflict_events.model.description import checked_by
from conflict_events.model.estimates import Estimate
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.rules import RequiredWhen

__all__ = ["Casualties", "CasualtyGroup"]


class CasualtyGroup(enum.Enum):
    """Whose deaths a figure counts."""

    #: The people of one side, named by ``actor`` (UCDP ``deaths_a``, ``deaths_b``).
    SIDE = "side"
    #: Civilians (UCDP ``deaths_civilians``).
    CIVILIANS = "civilians"
    #: Persons whose status the source does not know (UCDP ``deaths_unknown``).
    UNKNOWN = "unknown"


@attrs.frozen
@checked_by(RequiredWhen("actor", "group", frozenset({CasualtyGroup.SIDE})))
class Casualties:
    """The deaths of one group in an event: a side's (with its actor), civilians', or unknown."""

    group: CasualtyGroup = fields.choice(CasualtyGroup, "Whose deaths these are.")
    deaths: Estimate = fields.nested(Estimate, "How many died.", optional=False)
    actor: str | None = fields.reference(
        ReferenceKind.ACTOR, "The side whose people died, for the group ``side``."
    )
