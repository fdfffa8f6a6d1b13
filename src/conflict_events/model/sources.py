"""Where statements come from, and how strongly each was made."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from conflict_events.model import fields
from conflict_events.model.description import checked_by
from conflict_events.model.fields import ReferenceKind
from conflict_events.model.rules import RequiredWhen
from conflict_events.temporal import FuzzyDate

__all__ = ["Attribution", "Source", "StatementStatus"]


class StatementStatus(enum.Enum):
    """How a source states something: as fact, as a party's claim, or weaker."""

    REPORTED = "reported"
    OBSERVED = "observed"
    CLAIMED = "claimed"
    ALLEGED = "alleged"
    DENIED = "denied"
    PROJECTED = "projected"
    DOCUMENTED = "documented"


_NEEDS_CLAIMANT = frozenset({StatementStatus.CLAIMED, StatementStatus.DENIED})


@attrs.frozen
class Source:
    """A publication that reports events: an article, a dataset release, a statement."""

    id: str = fields.identifier("Identifier of the source, unique in the dataset.")
    publisher: str = fields.text("Who published it (ALBAWABA, UCDP, ACLED).", required=True)
    title: str | None = fields.text("Headline or title.")
    url: str | None = fields.text("Where it can be read.")
    published: FuzzyDate | None = fields.fuzzy_date("Publication date, as EDTF.")
    published_at: datetime | None = fields.timestamp(
        "Publication time with UTC offset, when known to the minute."
    )
    credit: str | None = fields.text("Credit line of the material (AFP/File).")
    language: str | None = fields.text("Language of the text, as a BCP 47 tag.")
    notes: str | None = fields.text("Free-text notes.")
    extensions: dict[str, object] = fields.extensions()


@attrs.frozen
@checked_by(RequiredWhen("claimant", "status", _NEEDS_CLAIMANT))
class Attribution:
    """
    Who says a statement is so, and how strongly.

    A claim by a party ("the SDF claim to have killed at least 620") carries the
    claimant and status `StatementStatus.CLAIMED`; it is not an observed fact.
    """

    source: str | None = fields.reference(ReferenceKind.SOURCE, "The source that carries it.")
    status: StatementStatus = fields.choice(
        StatementStatus, "How the statement is made.", default=StatementStatus.REPORTED
    )
    claimant: str | None = fields.reference(
        ReferenceKind.ACTOR, "The party that makes the claim, denial or allegation."
    )
    stated: FuzzyDate | None = fields.fuzzy_date("When the statement was made.")
    notes: str | None = fields.text("Paraphrase or context of the statement.")
