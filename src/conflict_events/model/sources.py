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

__all__ = ["Attribution", "Likelihood", "Source", "StatementStatus"]


class StatementStatus(enum.Enum):
    """How a source states something: as fact, as a party's claim, or weaker."""

    REPORTED = "reported"
    OBSERVED = "observed"
    CLAIMED = "claimed"
    ALLEGED = "alleged"
    DENIED = "denied"
    PROJECTED = "projected"
    DOCUMENTED = "documented"


class Likelihood(enum.Enum):
    """
    How likely the source holds what it states, in the words it hedges with.

    Mostly for `StatementStatus.PROJECTED` statements ("they could set up an
    alternative headquarters"), also for hedged reports ("possibly").
    """

    #: "will", "certainly".
    CERTAIN = "certain"
    #: "would", "likely", "expected to".
    LIKELY = "likely"
    #: "could", "may", "possibly".
    POSSIBLE = "possible"
    #: "could even potentially", "might conceivably".
    REMOTE = "remote"


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
    What the source only considers possible ("if the militants seize the city,
    they could ...") has status `StatementStatus.PROJECTED`, a ``likelihood``
    and, when it depends on something, a ``condition`` and ``conditional_on``.
    """

    source: str | None = fields.reference(ReferenceKind.SOURCE, "The source that carries it.")
    status: StatementStatus = fields.choice(
        StatementStatus, "How the statement is made.", default=StatementStatus.REPORTED
    )
    claimant: str | None = fields.reference(
        ReferenceKind.ACTOR,
        "Who makes the claim, denial or allegation: a party, or officials, a spokesperson, "
        "an NGO, activists or residents the source cites ('according to Ukrainian officials').",
    )
    stated: FuzzyDate | None = fields.fuzzy_date("When the statement was made.")
    likelihood: Likelihood | None = fields.choice(
        Likelihood,
        "How likely the source holds it ('could': possible); for projections above all.",
        optional=True,
    )
    condition: str | None = fields.text(
        "What a projection depends on, in the source's words ('if they seize the city')."
    )
    conditional_on: str | None = fields.reference(
        ReferenceKind.EVENT, "An event (often itself projected) that the statement depends on."
    )
    notes: str | None = fields.text("Paraphrase or context of the statement.")
