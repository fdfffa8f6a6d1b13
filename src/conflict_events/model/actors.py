"""Who takes part: armed groups, states, alliances, organisations and people."""

from __future__ import annotations

import enum

import attrs

from conflict_events.errors import describe
from conflict_events.model import fields
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.sources import Attribution
from conflict_events.temporal import FuzzyDate, Span

__all__ = ["Actor", "ActorKind", "ActorRelation", "RelationKind"]


class ActorKind(enum.Enum):
    """
    What kind of actor this is.

    The first eight follow ACLED's inter codes 1-8; the rest name what ACLED has
    no code for. UCDP's sides map onto state forces (a government) and the others.
    """

    STATE_FORCES = "state_forces"
    REBEL_GROUP = "rebel_group"
    POLITICAL_MILITIA = "political_militia"
    IDENTITY_MILITIA = "identity_militia"
    RIOTERS = "rioters"
    PROTESTERS = "protesters"
    CIVILIANS = "civilians"
    EXTERNAL_FORCE = "external_force"
    ALLIANCE = "alliance"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    PERSON = "person"
    #: Officials of a government or authority, a ministry, an official spokesperson's office:
    #: a civil voice of a state, apart from its forces.
    OFFICIALS = "officials"
    #: A non-governmental organisation (a monitor, a relief agency).
    NGO = "ngo"
    #: Activists, as reports cite them.
    ACTIVISTS = "activists"
    #: Residents, witnesses and other local people cited as sources.
    RESIDENTS = "residents"
    #: ACLED's *unidentified armed group*: an armed group the source cannot name.
    UNIDENTIFIED = "unidentified"
    #: The source does not say what kind of actor this is.
    UNKNOWN = "unknown"

    @property
    def acled_inter(self) -> int | None:
        """ACLED's inter code (1-8) for this kind, or None where ACLED has none."""
        return _ACLED_INTER.get(self)

    @classmethod
    def from_acled_inter(cls, code: int) -> ActorKind:
        """The kind for ACLED inter code 1-8."""
        for kind, inter in _ACLED_INTER.items():
            if inter == code:
                return kind
        msg = f"{describe(code)} is not an ACLED inter code (1-8)"
        raise ValueError(msg)


_ACLED_INTER = {
    ActorKind.STATE_FORCES: 1,
    ActorKind.REBEL_GROUP: 2,
    ActorKind.POLITICAL_MILITIA: 3,
    ActorKind.IDENTITY_MILITIA: 4,
    ActorKind.RIOTERS: 5,
    ActorKind.PROTESTERS: 6,
    ActorKind.CIVILIANS: 7,
    ActorKind.EXTERNAL_FORCE: 8,
}


class RelationKind(enum.Enum):
    """How one actor stands to another over some time."""

    MEMBER_OF = "member_of"
    BACKED_BY = "backed_by"
    LEADER_OF = "leader_of"
    ALLIED_WITH = "allied_with"
    PART_OF = "part_of"
    OPPOSED_TO = "opposed_to"
    #: Speaks for the target: a spokesperson, a ministry, officials of a government.
    SPEAKS_FOR = "speaks_for"


@attrs.frozen
class ActorRelation:
    """A relation from the actor that holds it to ``target``, during a time if known."""

    kind: RelationKind = fields.choice(RelationKind, "What the relation is.")
    target: str = fields.reference(ReferenceKind.ACTOR, "The other actor.", required=True)
    during: FuzzyDate | Span | None = fields.when(
        "When the relation held, as an EDTF date or interval.", required=False
    )
    attributions: tuple[Attribution, ...] = fields.nested_list(
        Attribution, "Who says the relation holds."
    )


@attrs.frozen
class Actor:
    """An actor with a stable id, every name it goes by, and its relations to others."""

    id: str = fields.identifier("Identifier of the actor, unique in the dataset.")
    name: str = fields.text("The name used by default.", required=True)
    kind: ActorKind = fields.choice(ActorKind, "What kind of actor this is.")
    aliases: tuple[str, ...] = fields.texts(
        "Other names and transliterations (Daesh, ISIS, ISIL, IS)."
    )
    country: str | None = fields.country()
    external_ids: dict[str, str] = fields.string_map(
        "Identifiers elsewhere, by system: wikidata, acled, ucdp."
    )
    relations: tuple[ActorRelation, ...] = fields.nested_list(
        ActorRelation, "Relations to other actors over time."
    )
    notes: str | None = fields.text("Free-text notes.")
    extensions: dict[str, object] = fields.extensions()

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)
