"""ACLED's (event_type, sub_event_type) for each kind of event, as the ACLED writer codes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import (
    ActorKind,
    ArmedClash,
    Attack,
    CasualtyClaim,
    ChangeMode,
    ControlChange,
    ControlStatus,
    Declaration,
    Demonstration,
    DemonstrationForm,
    Destruction,
    Disaster,
    DisasterKind,
    Estimate,
    FuzzyDate,
    HumanitarianAccess,
    Offensive,
    RemoteMethod,
    RemoteViolence,
    Siege,
)
from conflict_events import strategies as cs
from conflict_events.formats.acled_types import ACLED_EVENT_TYPES, ACLED_TYPES, acled_types
from conflict_events.model import EVENT_TYPES, AccessAction, EventBase

WHEN = FuzzyDate.month(2016, 12)
COMMON = {"id": "e", "when": WHEN, "location": "p"}


class TestExamples:
    def test_acled_types_of_a_control_change_depend_on_the_holder(self) -> None:
        """Government recaptures and non-state takeovers are ACLED's two territorial types."""
        change = ControlChange(id="c", when=WHEN, location="p", new_holder="army")
        assert acled_types(change, {"army": ActorKind.STATE_FORCES}) == (
            "Battles",
            "Government regains territory",
        )
        assert acled_types(change) == ("Battles", "Non-state actor overtakes territory")

    @pytest.mark.parametrize("mode", [ChangeMode.AGREEMENT, ChangeMode.WITHDRAWAL])
    def test_a_change_without_fighting_is_a_non_violent_transfer(self, mode: ChangeMode) -> None:
        """An agreed or withdrawn change is a strategic development, whoever takes the place."""
        change = ControlChange(**COMMON, new_holder="army", mode=mode)
        assert acled_types(change, {"army": ActorKind.STATE_FORCES}) == (
            "Strategic developments",
            "Non-violent transfer of territory",
        )

    def test_a_casualty_claim_has_no_acled_type(self) -> None:
        """A party's claim is not an ACLED event."""
        claim = CasualtyClaim(id="k", when=WHEN, claimant="sdf", claimed=Estimate.at_least(620))
        assert acled_types(claim) is None

    @pytest.mark.parametrize(
        ("event", "expected"),
        [
            (ControlStatus(**COMMON, holder="is"), None),
            (Disaster(**COMMON, disaster=DisasterKind.FLOOD), None),
            (Offensive(**COMMON, attackers=("army",)), ("Battles", "Armed clash")),
            (Siege(**COMMON, besiegers=("is",)), ("Strategic developments", "Other")),
            (ArmedClash(**COMMON, side_a=("army",)), ("Battles", "Armed clash")),
            (Attack(**COMMON), ("Battles", "Armed clash")),
            (
                Attack(**COMMON, civilian_targeting=True),
                ("Violence against civilians", "Attack"),
            ),
            (Attack(**COMMON, terror=True), ("Violence against civilians", "Attack")),
            (
                RemoteViolence(**COMMON, method=RemoteMethod.DRONE_STRIKE),
                ("Explosions/Remote violence", "Air/drone strike"),
            ),
            (
                RemoteViolence(**COMMON, method=RemoteMethod.MISSILE),
                ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
            ),
            (
                RemoteViolence(**COMMON, method=RemoteMethod.CHEMICAL_WEAPON),
                ("Explosions/Remote violence", "Chemical weapon"),
            ),
            (
                Destruction(**COMMON, objects=("p",)),
                ("Strategic developments", "Looting/property destruction"),
            ),
            (
                HumanitarianAccess(**COMMON, action=AccessAction.DELIVERY),
                ("Strategic developments", "Other"),
            ),
            (
                Declaration(**COMMON, declarant="is", subject="a caliphate"),
                ("Strategic developments", "Other"),
            ),
            (Demonstration(**COMMON), ("Protests", "Peaceful protest")),
            (
                Demonstration(**COMMON, form=DemonstrationForm.EXCESSIVE_FORCE),
                ("Protests", "Excessive force against protesters"),
            ),
            (
                Demonstration(**COMMON, form=DemonstrationForm.MOB_VIOLENCE),
                ("Riots", "Mob violence"),
            ),
        ],
    )
    def test_each_kind_of_event(self, event: EventBase, expected: tuple[str, str] | None) -> None:
        """Each event class has its ACLED pair, or None where ACLED has no such event."""
        assert acled_types(event) == expected


class TestTable:
    def test_every_event_class_has_an_entry(self) -> None:
        """A new event class must be given its ACLED coding (None included) to be written."""
        assert set(ACLED_TYPES) == set(EVENT_TYPES.values())

    def test_every_fixed_pair_is_in_acleds_codebook(self) -> None:
        """The fixed pairs of the table are among ACLED's 25 sub-event types."""
        fixed = [entry for entry in ACLED_TYPES.values() if isinstance(entry, tuple)]
        assert fixed
        assert set(fixed) <= ACLED_EVENT_TYPES
        assert len(ACLED_EVENT_TYPES) == 25


@given(cs.events(), st.sampled_from(list(ActorKind)))
def test_every_event_gets_none_or_a_pair_of_the_codebook(event: EventBase, kind: ActorKind) -> None:
    """For any event and any kinds of its actors, the pair is one ACLED's codebook lists."""
    kinds = {ident: kind for ident in (getattr(event, "new_holder", None),) if ident}
    for given_kinds in (kinds, None):
        pair = acled_types(event, given_kinds)
        assert pair is None or pair in ACLED_EVENT_TYPES
