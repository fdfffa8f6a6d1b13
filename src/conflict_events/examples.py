"""
The built-in example: the events of ALBAWABA's report of 4 February 2017 on Iraq and Syria.

`dataset` encodes every statement of the report that the model can hold, each
with the uncertainty the report leaves and an attribution. Relative dates
("last June", "mid-December", "for over two years now") are resolved against the
publication date with `conflict_events.temporal.resolve`, and the rule applied is
kept in the event's tags (``rule:<name>``). Where the report is silent (who held
Palmyra before May 2015, when Mosul fell) the commonly documented fact is given
with status ``documented`` and attributed to a named encyclopedia article, or the
matter is left unknown. Notes paraphrase; docs/examples.md lists the choices.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

import attrs

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.model import (
    AccessAction,
    AccessModality,
    Actor,
    ActorKind,
    ActorRelation,
    Assessment,
    Attack,
    Attribution,
    CasualtyClaim,
    ChangeMode,
    CompassPoint,
    ControlChange,
    ControlStatus,
    Dataset,
    Declaration,
    Destruction,
    DestructionTarget,
    Disaster,
    DisasterKind,
    Distance,
    DistanceUnit,
    Estimate,
    EstimateQualifier,
    Event,
    Extent,
    HumanitarianAccess,
    Likelihood,
    Location,
    LocationKind,
    Offensive,
    OffensiveOutcome,
    Participant,
    PartKind,
    RelationKind,
    RemoteMethod,
    RemoteViolence,
    Role,
    Siege,
    SiegeStatus,
    Source,
    SpatialPrecision,
    SpatialRelation,
    SpatialRelationKind,
    StatementStatus,
    Superlative,
)
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Span, explain

__all__ = ["PUBLISHED", "REPORT", "SAMPLES", "dataset", "sample"]

#: The day the report was published, the reference of every relative date in it.
PUBLISHED = date(2017, 2, 4)
#: The id of the report's `Source`.
REPORT = "albawaba-2017-02-04"

_ENCYCLOPEDIA = "Wikipedia"


def _resolved(text: str) -> tuple[FuzzyDate | Span, str]:
    """The report's expression resolved against the publication date, and the rule's tag."""
    resolution = explain(text, PUBLISHED)
    return resolution.value, f"rule:{resolution.rule}"


def _until_published(text: str) -> tuple[FuzzyDate, str]:
    """
    A date the report speaks of as past or present ("this month"), cut at publication.

    What a report describes cannot have begun after it was published.
    """
    value, tag = _resolved(text)
    assert isinstance(value, FuzzyDate)  # noqa: S101 - the texts below are dates
    return FuzzyDate(value.earliest, min(value.latest, PUBLISHED)), tag


def _report(
    notes: str | None = None,
    *,
    status: StatementStatus = StatementStatus.REPORTED,
    claimant: str | None = None,
    likelihood: Likelihood | None = None,
    condition: str | None = None,
    conditional_on: str | None = None,
) -> Attribution:
    return Attribution(
        source=REPORT,
        status=status,
        claimant=claimant,
        stated=FuzzyDate.on(PUBLISHED),
        likelihood=likelihood,
        condition=condition,
        conditional_on=conditional_on,
        notes=notes,
    )


def _projected(
    notes: str, likelihood: Likelihood, condition: str | None = None, on: str | None = None
) -> Attribution:
    """What the report considers possible, not what happened."""
    return _report(
        notes,
        status=StatementStatus.PROJECTED,
        likelihood=likelihood,
        condition=condition,
        conditional_on=on,
    )


#: After publication, open-ended: when what the report projects would happen.
_AFTER_PUBLICATION: Final = FuzzyDate(date(2017, 2, 5), UNBOUNDED_END)


def _documented(source: str, notes: str) -> Attribution:
    return Attribution(source=source, status=StatementStatus.DOCUMENTED, notes=notes)


def _sources() -> list[Source]:
    def article(ident: str, title: str, url: str) -> Source:
        return Source(
            id=ident,
            publisher=_ENCYCLOPEDIA,
            title=title,
            url=url,
            language="en",
            notes="Encyclopedia article cited for what the report leaves unsaid.",
        )

    return [
        Source(
            id=REPORT,
            publisher="ALBAWABA",
            title="Daesh lashes out in Syria following Iraq set backs",
            published=FuzzyDate.on(PUBLISHED),
            published_at=datetime(2017, 2, 4, 12, 0, tzinfo=UTC),
            credit="AFP/File",
            language="en",
            notes="News analysis; the page header carries an unrelated later news ticker.",
        ),
        article(
            "wikipedia-palmyra-offensive-2015",
            "Palmyra offensive (May 2015)",
            "https://en.wikipedia.org/wiki/Palmyra_offensive_(May_2015)",
        ),
        article(
            "wikipedia-fall-of-mosul",
            "Fall of Mosul",
            "https://en.wikipedia.org/wiki/Fall_of_Mosul",
        ),
        article(
            "wikipedia-second-battle-of-tikrit",
            "Second Battle of Tikrit",
            "https://en.wikipedia.org/wiki/Second_Battle_of_Tikrit",
        ),
        article(
            "wikipedia-battle-of-ramadi-2015-2016",
            "Battle of Ramadi (2015-2016)",
            "https://en.wikipedia.org/wiki/Battle_of_Ramadi_(2015%E2%80%932016)",
        ),
        article(
            "wikipedia-kakhovka-dam",
            "Destruction of the Kakhovka Dam",
            "https://en.wikipedia.org/wiki/Destruction_of_the_Kakhovka_Dam",
        ),
    ]


def _actors() -> list[Actor]:
    return [
        Actor(
            id="islamic-state",
            name="Islamic State",
            kind=ActorKind.REBEL_GROUP,
            aliases=("Daesh", "ISIS", "ISIL", "IS", "Islamic State of Iraq and the Levant"),
            external_ids={"wikidata": "Q2429253"},
            notes="Called Daesh, IS and 'the militants' in the report.",
        ),
        Actor(
            id="abu-bakr-al-baghdadi",
            name="Abu Bakr al-Baghdadi",
            kind=ActorKind.PERSON,
            aliases=("al-Baghdadi",),
            relations=(
                ActorRelation(
                    kind=RelationKind.LEADER_OF, target="islamic-state", attributions=(_report(),)
                ),
            ),
        ),
        Actor(
            id="sdf",
            name="Syrian Democratic Forces",
            kind=ActorKind.REBEL_GROUP,
            aliases=("SDF",),
            country="SYR",
            notes="An Arab-Kurdish militia alliance, in the report's words paraphrased.",
        ),
        Actor(
            id="syrian-government",
            name="Syrian government forces",
            kind=ActorKind.STATE_FORCES,
            aliases=("Syrian regime", "Syrian regime forces", "Syrian Army", "Syrian Arab Army"),
            country="SYR",
            relations=(
                ActorRelation(
                    kind=RelationKind.BACKED_BY,
                    target="russia",
                    during=FuzzyDate.month(2016, 3),
                    attributions=(
                        _report("The March 2016 advance on Palmyra was Russian-backed."),
                    ),
                ),
            ),
        ),
        Actor(
            id="iraqi-forces",
            name="Iraqi security forces",
            kind=ActorKind.STATE_FORCES,
            aliases=("Iraqi forces", "Iraqis", "Iraqi army"),
            country="IRQ",
        ),
        Actor(
            id="hashd-al-shaabi",
            name="Popular Mobilization Forces",
            kind=ActorKind.POLITICAL_MILITIA,
            aliases=("Hashd al-Shaabi", "PMF", "Popular Mobilisation Forces"),
            country="IRQ",
            relations=(
                ActorRelation(
                    kind=RelationKind.ALLIED_WITH,
                    target="iraqi-forces",
                    attributions=(_report("Guards Mosul's western edge during the operation."),),
                ),
            ),
            notes="Shia paramilitaries.",
        ),
        Actor(
            id="peshmerga",
            name="Peshmerga",
            kind=ActorKind.STATE_FORCES,
            aliases=("Kurdish Peshmerga",),
            country="IRQ",
            notes="Forces of the Kurdistan Region of Iraq.",
        ),
        Actor(
            id="russia",
            name="Russian armed forces",
            kind=ActorKind.EXTERNAL_FORCE,
            aliases=("Russia",),
            country="RUS",
        ),
        Actor(
            id="us-led-coalition",
            name="US-led coalition",
            kind=ActorKind.ALLIANCE,
            aliases=("coalition", "Combined Joint Task Force - Operation Inherent Resolve"),
        ),
        Actor(
            id="wfp",
            name="World Food Programme",
            kind=ActorKind.INTERNATIONAL_ORGANISATION,
            aliases=("WFP",),
        ),
        Actor(
            id="ukrainian-officials",
            name="Ukrainian officials",
            kind=ActorKind.OFFICIALS,
            country="UKR",
            notes="Cited by the page's news ticker ('according to Ukrainian officials').",
        ),
    ]


def _place(  # noqa: PLR0917 - a table of places reads best by position
    ident: str,
    name: str,
    kind: LocationKind,
    point: tuple[float, float],
    precision: SpatialPrecision,
    country: str,
    parent: str | None = None,
    aliases: tuple[str, ...] = (),
    external_ids: dict[str, str] | None = None,
    notes: str | None = None,
    relations: tuple[SpatialRelation, ...] = (),
) -> Location:
    return Location(
        id=ident,
        name=name,
        kind=kind,
        aliases=aliases,
        latitude=point[0],
        longitude=point[1],
        precision=precision,
        country=country,
        parent=parent,
        external_ids=external_ids or {},
        relations=relations,
        notes=notes,
    )


def _stated(
    target: str,
    words: str,
    *,
    kind: SpatialRelationKind | None = None,
    direction: CompassPoint | None = None,
    distance: Distance | None = None,
    notes: str | None = None,
) -> SpatialRelation:
    """A spatial relation in the report's *words*, attributed to it."""
    return SpatialRelation(
        target=target,
        kind=kind,
        direction=direction,
        distance=distance,
        attributions=(_report(words),),
        notes=notes,
    )


def _locations() -> list[Location]:
    k, p, c, r = LocationKind, SpatialPrecision, CompassPoint, SpatialRelationKind
    return [
        _place("syria", "Syria", k.COUNTRY, (35.0, 38.5), p.COUNTRY, "SYR",
               external_ids={"wikidata": "Q858", "geonames": "163843"}),
        _place("iraq", "Iraq", k.COUNTRY, (33.0, 43.5), p.COUNTRY, "IRQ",
               external_ids={"wikidata": "Q796", "geonames": "99237"}),
        _place("france", "France", k.COUNTRY, (46.6, 2.4), p.COUNTRY, "FRA",
               external_ids={"wikidata": "Q142", "geonames": "3017382"}),
        _place("ukraine", "Ukraine", k.COUNTRY, (49.0, 31.5), p.COUNTRY, "UKR",
               external_ids={"wikidata": "Q212", "geonames": "690791"}),
        # Iraq
        _place("mosul", "Mosul", k.SETTLEMENT, (36.34, 43.13), p.EXACT, "IRQ", "iraq",
               aliases=("al-Mawsil",)),
        attrs.evolve(
            _place("eastern-mosul", "eastern Mosul", k.SETTLEMENT_PART, (36.35, 43.17), p.NEAR,
                   "IRQ", "mosul", aliases=("east Mosul", "left bank of Mosul"),
                   relations=(_stated("tigris", "Iraqi forces reached the river's east bank.",
                                      kind=r.ON, direction=c.EAST),)),
            part=PartKind.SIDE, side=c.EAST,
        ),
        attrs.evolve(
            _place("mosul-western-periphery", "Mosul's western periphery", k.REGION,
                   (36.34, 43.06), p.NEAR, "IRQ", "mosul",
                   aliases=("western periphery of Mosul",),
                   notes="A region around the city, not a part of what IS holds inside it; "
                   "the point is placed at the city's western edge."),
            part=PartKind.PERIPHERY, side=c.WEST,
        ),
        _place("mosul-university", "Mosul University", k.UNIVERSITY, (36.38, 43.14), p.NEAR,
               "IRQ", "eastern-mosul", aliases=("University of Mosul",)),
        _place("mosul-bridges", "Mosul's bridges across the Tigris", k.BRIDGE, (36.34, 43.14),
               p.NEAR, "IRQ", "mosul", aliases=("Mosul bridges",),
               relations=(_stated("tigris", "Every bridge over the river in Mosul.",
                                  kind=r.ACROSS),)),
        _place("tigris", "Tigris", k.RIVER, (36.34, 43.14), p.LINEAR, "IRQ", "iraq",
               aliases=("Tigris River",), notes="Point given where the river crosses Mosul.",
               relations=(_stated("mosul", "The river splits the city in two.",
                                  kind=r.THROUGH),)),
        _place("anbar", "Anbar", k.ADMIN1, (33.0, 42.0), p.ADMIN1, "IRQ", "iraq",
               aliases=("Anbar province", "al-Anbar"),
               relations=(_stated("iraq", "Iraq's thinly peopled, mostly Sunni Arab "
                                  "province in the west", kind=r.WITHIN,
                                  direction=c.WEST),)),
        _place("ramadi", "Ramadi", k.SETTLEMENT, (33.42, 43.30), p.EXACT, "IRQ", "anbar",
               aliases=("al-Ramadi",)),
        _place("kirkuk", "Kirkuk", k.SETTLEMENT, (35.47, 44.39), p.EXACT, "IRQ", "iraq"),
        _place("hawija", "Hawija", k.SETTLEMENT, (35.33, 43.77), p.EXACT, "IRQ", "iraq",
               aliases=("al-Hawija",),
               notes="The report places it in Anbar; it lies in Kirkuk governorate, "
               "south-west of Kirkuk. Parent set to the country to avoid either claim.",
               relations=(_stated("kirkuk", "Hawija lies west of Kirkuk.",
                                  direction=c.WEST),)),
        _place("tikrit", "Tikrit", k.SETTLEMENT, (34.61, 43.68), p.EXACT, "IRQ", "iraq"),
        _place("sinjar", "Sinjar", k.SETTLEMENT, (36.32, 41.88), p.EXACT, "IRQ", "iraq",
               aliases=("Shingal",), notes="A Yazidi town."),
        # Syria
        _place("raqqa", "Raqqa", k.SETTLEMENT, (35.95, 39.01), p.EXACT, "SYR", "syria",
               aliases=("ar-Raqqah", "al-Raqqa"), notes="IS's main Syrian stronghold in 2017.",
               relations=(_stated("syria", "A city in north-eastern Syria.",
                                  kind=r.WITHIN, direction=c.NORTHEAST),)),
        _place("al-tabqa", "al-Tabqa", k.SETTLEMENT, (35.84, 38.55), p.EXACT, "SYR", "syria",
               aliases=("Tabqa", "al-Thawrah", "Tabaqah"),
               relations=(
                   _stated("euphrates", "The town lies on the river.",
                           kind=r.ON),
                   _stated("raqqa", "The SDF push towards the town, to the "
                           "west of Raqqa.", direction=c.WEST),
               )),
        _place("euphrates", "Euphrates", k.RIVER, (35.87, 38.55), p.LINEAR, "SYR", "syria",
               aliases=("Euphrates River",), notes="Point given at al-Tabqa."),
        _place("palmyra", "Palmyra", k.SETTLEMENT, (34.56, 38.28), p.EXACT, "SYR", "syria",
               aliases=("Tadmur", "Tadmor")),
        _place("palmyra-roman-theatre", "Roman theatre of Palmyra", k.HERITAGE_SITE,
               (34.5517, 38.2667), p.EXACT, "SYR", "palmyra",
               aliases=("Palmyra amphitheatre", "Roman theater of Palmyra")),
        _place("deir-ez-zor-province", "Deir ez-Zor province", k.ADMIN1, (35.2, 40.4),
               p.ADMIN1, "SYR", "syria",
               aliases=("Deir ez-Zor Governorate", "Deir az-Zour province"),
               relations=(_stated("syria", "A province in eastern Syria.",
                                  kind=r.WITHIN, direction=c.EAST),)),
        _place("deir-ez-zor", "Deir ez-Zor", k.SETTLEMENT, (35.33, 40.14), p.EXACT, "SYR",
               "deir-ez-zor-province",
               aliases=("Deir az-Zour", "Dayr az-Zawr", "Deir ez Zor", "Deir Ezzor"),
               relations=(
                   _stated("raqqa", "About 90 miles south-east of Raqqa.",
                           direction=c.SOUTHEAST,
                           distance=Distance(Estimate.about(90), DistanceUnit.MILE),
                           notes="The coordinates give about 77 miles (123 km) in a straight line, "
                           "within the 'approximately' of the statement."),
               )),
        _place("deir-ez-zor-airport", "Deir ez-Zor military airport", k.AIRPORT,
               (35.285, 40.176), p.NEAR, "SYR", "deir-ez-zor",
               aliases=("Deir ez-Zor airbase", "Deir ez-Zor air base")),
        # Elsewhere
        _place("paris", "Paris", k.SETTLEMENT, (48.8566, 2.3522), p.EXACT, "FRA", "france",
               external_ids={"wikidata": "Q90", "geonames": "2988507"}),
        _place("dnipro-river", "Dnipro", k.RIVER, (46.78, 33.37), p.LINEAR, "UKR", "ukraine",
               aliases=("Dnieper", "Dnipro River"), notes="Point given at the dam."),
        _place("nova-kakhovka-dam", "Nova Kakhovka dam", k.DAM, (46.7775, 33.3708), p.EXACT,
               "UKR", "ukraine", aliases=("Kakhovka dam", "Kakhovka Hydroelectric Power Plant"),
               notes="Described by the header as Russian-occupied."),
    ]  # fmt: skip


def _control_changes() -> list[Event]:
    may_2015, may_tag = _resolved("in May 2015")
    march_2016, march_tag = _resolved("in March 2016")
    mid_december, december_tag = _resolved("mid-December")
    april_2015, april_tag = _resolved("in April 2015")
    november_2015, november_tag = _resolved("in November 2015")
    # The report dates the recapture of eastern Mosul only as after the start of
    # the Mosul operation "last October" and before publication.
    october, october_tag = _resolved("last October")
    assert isinstance(october, FuzzyDate)  # noqa: S101 - a month
    eastern = FuzzyDate(october.earliest, PUBLISHED)
    return [
        ControlChange(
            id="mosul-taken-2014",
            when=FuzzyDate.day(2014, 6, 10),
            location="mosul",
            new_holder="islamic-state",
            previous_holders=("iraqi-forces",),
            mode=ChangeMode.ASSAULT,
            attributions=(
                _documented("wikipedia-fall-of-mosul", "IS took Mosul from Iraqi forces."),
            ),
            notes="The report implies IS held Mosul by June 2014; the day is documented.",
            tags=("documented",),
        ),
        ControlChange(
            id="tikrit-lost-2015",
            when=april_2015,
            location="tikrit",
            new_holder="iraqi-forces",
            previous_holders=("islamic-state",),
            mode=ChangeMode.ASSAULT,
            attributions=(
                _report("IS lost Tikrit."),
                _documented(
                    "wikipedia-second-battle-of-tikrit", "Iraqi forces and allies retook it."
                ),
            ),
            notes="The report says IS lost the city; who took it is documented elsewhere.",
            tags=(april_tag,),
        ),
        ControlChange(
            id="ramadi-taken-2015",
            when=may_2015,
            location="ramadi",
            new_holder="islamic-state",
            previous_holders=("iraqi-forces",),
            mode=ChangeMode.ASSAULT,
            attributions=(
                _report("IS overran Anbar's provincial capital."),
                _documented("wikipedia-battle-of-ramadi-2015-2016", "Held by Iraqi forces before."),
            ),
            tags=(may_tag,),
        ),
        ControlChange(
            id="ramadi-retaken-2015",
            when=FuzzyDate.month(2015, 12),
            location="ramadi",
            new_holder="iraqi-forces",
            previous_holders=("islamic-state",),
            mode=ChangeMode.ASSAULT,
            attributions=(
                _documented(
                    "wikipedia-battle-of-ramadi-2015-2016", "Iraqi forces retook the city."
                ),
            ),
            notes="Not in the report, which says Anbar's cities were wrecked by the "
            "offensives that drove IS out; the month is documented.",
            tags=("documented",),
        ),
        ControlChange(
            id="palmyra-taken-2015",
            when=may_2015,
            location="palmyra",
            new_holder="islamic-state",
            previous_holders=("syrian-government",),
            mode=ChangeMode.ASSAULT,
            attributions=(
                _report("IS first overran Palmyra."),
                _documented(
                    "wikipedia-palmyra-offensive-2015",
                    "Syrian government forces held the city before.",
                ),
            ),
            tags=(may_tag,),
        ),
        ControlChange(
            id="palmyra-retaken-2016",
            when=march_2016,
            location="palmyra",
            new_holder="syrian-government",
            previous_holders=("islamic-state",),
            mode=ChangeMode.ASSAULT,
            participants=(Participant(actor="russia", role=Role.SUPPORTER),),
            attributions=(_report("A Russian-backed government advance took it back."),),
            tags=(march_tag,),
        ),
        ControlChange(
            id="palmyra-retaken-2016-12",
            when=mid_december,
            location="palmyra",
            new_holder="islamic-state",
            previous_holders=("syrian-government",),
            mode=ChangeMode.ASSAULT,
            attributions=(_report("IS recaptured the ancient city."),),
            tags=(december_tag,),
        ),
        ControlChange(
            id="sinjar-lost-2015",
            when=november_2015,
            location="sinjar",
            new_holder="peshmerga",
            previous_holders=("islamic-state",),
            mode=ChangeMode.ASSAULT,
            attributions=(_report("A Peshmerga offensive took the town from IS."),),
            tags=(november_tag,),
        ),
        ControlChange(
            id="eastern-mosul-retaken",
            when=eastern,
            location="eastern-mosul",
            new_holder="iraqi-forces",
            previous_holders=("islamic-state",),
            mode=ChangeMode.ASSAULT,
            part_of="mosul-offensive",
            attributions=(_report("Iraqi forces retook the east of the city up to the Tigris."),),
            notes="Dated from the start of the Mosul operation to publication.",
            tags=(october_tag, "bounded-by-publication"),
        ),
        ControlChange(
            id="mosul-university-retaken",
            when=eastern,
            location="mosul-university",
            new_holder="iraqi-forces",
            previous_holders=("islamic-state",),
            mode=ChangeMode.ASSAULT,
            part_of="mosul-offensive",
            attributions=(_report("IS was forced out of the university."),),
            tags=(october_tag, "bounded-by-publication"),
        ),
    ]


def _control_statuses() -> list[Event]:
    """Who the report says holds a place, without a change that brought it about."""
    siege, siege_tag = _resolved("for over two years now")
    last_june, june_tag = _resolved("last June")
    now, now_tag = _resolved("presently")
    assert isinstance(siege, Span)  # noqa: S101 - a duration resolves to a span
    assert isinstance(last_june, FuzzyDate)  # noqa: S101 - a month
    assert isinstance(now, FuzzyDate)  # noqa: S101 - the day of publication
    return [
        ControlStatus(
            id="deir-ez-zor-held",
            when=Span(siege.start, now),
            location="deir-ez-zor",
            holder="syrian-government",
            contested_by=("islamic-state",),
            attributions=(_report("The government garrison has kept the city through the siege."),),
            notes="Held by government forces throughout a siege of over two years.",
            tags=(siege_tag, now_tag),
        ),
        ControlStatus(
            id="deir-ez-zor-airport-held",
            when=now,
            location="deir-ez-zor-airport",
            holder="syrian-government",
            contested_by=("islamic-state",),
            attributions=(_report("IS is trying to capture the airport, a key army enclave."),),
            notes="A government enclave that IS is attacking.",
            tags=(now_tag,),
        ),
        ControlStatus(
            id="raqqa-held",
            when=now,
            location="raqqa",
            holder="islamic-state",
            contested_by=("sdf",),
            attributions=(_report("Raqqa is the group's main stronghold in Syria."),),
            notes="IS's primary Syrian stronghold, the aim of the SDF offensive.",
            tags=(now_tag,),
        ),
        ControlStatus(
            id="al-tabqa-held",
            when=Span(last_june, now),
            location="al-tabqa",
            holder="islamic-state",
            contested_by=("sdf",),
            attributions=(
                _report("IS held al-Tabqa against the regime last June; the SDF now aim at it."),
            ),
            notes="Held by IS from the regime's failed attempt last June to publication.",
            tags=(june_tag, now_tag),
        ),
        ControlStatus(
            id="palmyra-held-2017",
            when=now,
            location="palmyra",
            holder="islamic-state",
            attributions=(
                _report(
                    "This time they are destroying parts of the city's Roman-era amphitheater."
                ),
            ),
            notes="IS holds Palmyra at publication, after the mid-December recapture.",
            tags=(now_tag,),
        ),
        ControlStatus(
            id="mosul-held",
            when=now,
            location="mosul",
            holder="islamic-state",
            contested_by=("iraqi-forces",),
            attributions=(
                _report("Aside from Mosul the militants only retain pockets of territory."),
            ),
            notes="IS still holds the city west of the Tigris; the east is retaken.",
            tags=(now_tag,),
        ),
        ControlStatus(
            id="eastern-mosul-held",
            when=now,
            location="eastern-mosul",
            holder="iraqi-forces",
            attributions=(
                _report("Iraqi forces recaptured the eastern side of Mosul, up to the Tigris."),
            ),
            notes="The Iraqi advance stands on the east bank of the Tigris at publication.",
            tags=(now_tag,),
        ),
        ControlStatus(
            id="mosul-western-periphery-held",
            when=now,
            location="mosul-western-periphery",
            holder="hashd-al-shaabi",
            attributions=(
                _report("Shia paramilitaries of the Hashd guard the city's western fringe."),
            ),
            notes="They keep IS from slipping away to Syria.",
            tags=(now_tag,),
        ),
        ControlStatus(
            id="anbar-pockets-held",
            when=now,
            location="anbar",
            holder="islamic-state",
            extent=Extent.POCKETS,
            contested_by=("iraqi-forces",),
            attributions=(_report("Beyond Mosul, IS holds only scattered pockets in Anbar."),),
            notes="No place of the pockets is named.",
            tags=(now_tag,),
        ),
        ControlStatus(
            id="hawija-held",
            when=now,
            location="hawija",
            holder="islamic-state",
            contested_by=("iraqi-forces",),
            attributions=(_report("Iraqi forces are on the offensive against IS at Hawija."),),
            notes="One of the pockets IS still holds in Iraq.",
            tags=(now_tag,),
        ),
    ]


def _offensives() -> list[Event]:
    october, october_tag = _resolved("last October")
    june, june_tag = _resolved("last June")
    early_november, november_tag = _resolved("early November")
    this_month, month_tag = _until_published("this month")
    over_a_year, over_tag = _resolved("in over a year")
    now = FuzzyDate(UNBOUNDED_START, PUBLISHED)
    assert isinstance(october, FuzzyDate)  # noqa: S101 - a month
    assert isinstance(early_november, FuzzyDate)  # noqa: S101 - part of a month
    assert isinstance(over_a_year, Span)  # noqa: S101 - a duration reads as a span
    return [
        Offensive(
            id="mosul-offensive",
            when=Span(october),
            location="mosul",
            attackers=("iraqi-forces",),
            defenders=("islamic-state",),
            objectives=("mosul",),
            participants=(Participant(actor="hashd-al-shaabi", role=Role.SUPPORTER),),
            outcome=OffensiveOutcome.ONGOING,
            attributions=(_report("The Mosul operation opened last October."),),
            notes="Paramilitaries hold the western outskirts so that IS cannot slip away to Syria.",
            tags=(october_tag,),
        ),
        Offensive(
            id="hawija-offensive",
            when=Span(now),
            location="hawija",
            attackers=("iraqi-forces",),
            defenders=("islamic-state",),
            objectives=("hawija",),
            outcome=OffensiveOutcome.ONGOING,
            attributions=(_report("The Iraqis are attacking IS around Hawija."),),
            notes="Under way at publication; its start is not given.",
            tags=("rule:present-tense",),
        ),
        Offensive(
            id="kirkuk-attack-2016",
            when=october,
            location="kirkuk",
            attackers=("islamic-state",),
            defenders=("iraqi-forces",),
            objectives=("kirkuk",),
            outcome=OffensiveOutcome.FAILED,
            attributions=(_report("An IS bid for the oil city failed badly."),),
            notes="Launched in the opening phase of the Mosul operation.",
            tags=(october_tag,),
        ),
        Offensive(
            id="raqqa-offensive",
            when=Span(early_november),
            location="raqqa",
            attackers=("sdf",),
            defenders=("islamic-state",),
            objectives=("raqqa", "al-tabqa"),
            outcome=OffensiveOutcome.ONGOING,
            attributions=(_report("The SDF began it last November to retake Raqqa in the end."),),
            notes="The SDF advance from the north towards al-Tabqa on the Euphrates, west "
            "of Raqqa. 'Last November' and 'early November' agree; the finer is kept.",
            other_locations=("euphrates",),
            tags=(november_tag,),
        ),
        Offensive(
            id="tabqa-offensive-2016",
            when=june,
            location="al-tabqa",
            attackers=("syrian-government",),
            defenders=("islamic-state",),
            objectives=("al-tabqa",),
            outcome=OffensiveOutcome.REPELLED,
            participants=(
                Participant(
                    actor="islamic-state",
                    role=Role.REINFORCEMENT,
                    strength=Estimate(low=200, high=999, qualifier=EstimateQualifier.HUNDREDS),
                ),
            ),
            attributions=(
                _report("Hundreds of IS reinforcements pushed the government attempt back."),
            ),
            tags=(june_tag,),
        ),
        Offensive(
            id="deir-ez-zor-offensive-2017",
            when=Span(this_month),
            location="deir-ez-zor",
            attackers=("islamic-state",),
            defenders=("syrian-government",),
            objectives=("deir-ez-zor-airport", "deir-ez-zor"),
            outcome=OffensiveOutcome.ONGOING,
            attributions=(
                _report("IS's deadliest and most significant offensive in over a year."),
            ),
            assessments=tuple(
                Assessment(
                    measure=measure,
                    since=over_a_year.start,
                    attributions=(
                        _report("The group's bloodiest and weightiest push for more than a year."),
                    ),
                )
                for measure in (Superlative.DEADLIEST, Superlative.MOST_SIGNIFICANT)
            ),
            tags=(month_tag, "bounded-by-publication", over_tag),
        ),
        ControlChange(
            id="deir-ez-zor-capture-projected",
            when=_AFTER_PUBLICATION,
            location="deir-ez-zor",
            new_holder="islamic-state",
            previous_holders=("syrian-government",),
            mode=ChangeMode.ASSAULT,
            attributions=(
                _projected(
                    "The militants may defeat the isolated army enclave and seize the city.",
                    Likelihood.POSSIBLE,
                    "if IS defeats the isolated Syrian Army enclave",
                    "deir-ez-zor-offensive-2017",
                ),
            ),
            notes="A projection: the report's 'if the militants manage to ... seize the "
            "city'. Timelines leave projections out: they are no evidence of control.",
            tags=("projected",),
        ),
        ControlStatus(
            id="deir-ez-zor-headquarters-projected",
            when=_AFTER_PUBLICATION,
            location="deir-ez-zor",
            holder="islamic-state",
            attributions=(
                _projected(
                    "IS could set up an alternative headquarters to Raqqa in Deir ez-Zor.",
                    Likelihood.POSSIBLE,
                    "if IS seizes the city",
                    "deir-ez-zor-capture-projected",
                ),
            ),
            notes="A projection: IS holding the city as its alternative headquarters to Raqqa.",
            tags=("projected",),
        ),
        Offensive(
            id="anbar-incursions-projected",
            when=Span(_AFTER_PUBLICATION),
            location="anbar",
            attackers=("islamic-state",),
            objectives=("anbar",),
            other_locations=("deir-ez-zor",),
            attributions=(
                _projected(
                    "IS might even use Deir ez-Zor as a base for later raids into Anbar.",
                    Likelihood.REMOTE,
                    "if IS defeats the army enclave and takes the city",
                    "deir-ez-zor-capture-projected",
                ),
            ),
            notes="A projection: the report considers it possible, not under way. It "
            "depends on the offensive on Deir ez-Zor succeeding.",
            tags=("projected",),
        ),
    ]


def _other_events() -> list[Event]:
    two_years, siege_tag = _resolved("for over two years now")
    two_weeks, weeks_tag = _resolved("for two weeks")
    this_month, month_tag = _until_published("this month")
    mid_december, december_tag = _resolved("mid-December")
    since_november, since_tag = _resolved("since early November")
    june_2014, june_tag = _resolved("in June 2014")
    november_2015, november_tag = _resolved("in November 2015")
    assert isinstance(since_november, Span)  # noqa: S101 - "since" reads as a span
    assert isinstance(mid_december, FuzzyDate)  # noqa: S101 - part of a month
    until_now = FuzzyDate(UNBOUNDED_START, PUBLISHED)
    population = Estimate.about(100_000)
    return [
        Siege(
            id="deir-ez-zor-siege",
            when=two_years,
            location="deir-ez-zor",
            besiegers=("islamic-state",),
            besieged=("syrian-government",),
            civilian_population=population,
            status=SiegeStatus.ONGOING,
            attributions=(_report("Government soldiers have held out for over two years."),),
            notes="Government troops hold an isolated enclave and the military airport.",
            other_locations=("deir-ez-zor-airport",),
            tags=(siege_tag,),
        ),
        HumanitarianAccess(
            id="wfp-air-drops-halted",
            when=two_weeks,
            location="deir-ez-zor",
            action=AccessAction.INTERRUPTION,
            provider="wfp",
            modality=AccessModality.AIR_DROP,
            beneficiaries=population,
            part_of="deir-ez-zor-offensive-2017",
            attributions=(_report("The offensive stopped WFP air drops for two weeks."),),
            notes="Read as a halt of two weeks up to publication.",
            tags=(weeks_tag,),
        ),
        RemoteViolence(
            id="russian-bombers-deir-ez-zor",
            when=this_month,
            location="deir-ez-zor",
            method=RemoteMethod.AIR_STRIKE,
            platform="Tu-22M3",
            perpetrator_candidates=("russia",),
            targets=("islamic-state",),
            attributions=(_report("Russia sent long-range bombers from its own territory."),),
            notes="The report says Tu-22; the supersonic bomber in service is the Tu-22M3.",
            tags=(month_tag, "bounded-by-publication"),
        ),
        Destruction(
            id="mosul-bridges-destroyed",
            when=until_now,
            location="mosul",
            objects=("mosul-bridges",),
            target=DestructionTarget.INFRASTRUCTURE,
            extent=Extent.FULL,
            perpetrator_candidates=("islamic-state", "us-led-coalition"),
            purpose="to stop movement between the two banks",
            attributions=(_report("Either IS or coalition air strikes destroyed every bridge."),),
            other_locations=("tigris",),
            tags=("rule:before-publication",),
        ),
        Destruction(
            id="palmyra-theatre-damaged",
            when=FuzzyDate(mid_december.earliest, PUBLISHED),
            location="palmyra",
            objects=("palmyra-roman-theatre",),
            target=DestructionTarget.CULTURAL_HERITAGE,
            extent=Extent.PARTIAL,
            perpetrator_candidates=("islamic-state",),
            attributions=(_report("IS wrecked parts of the Roman amphitheatre."),),
            notes="After the December recapture and before publication.",
            tags=(december_tag, "bounded-by-publication"),
        ),
        Destruction(
            id="anbar-cities-ruined",
            when=until_now,
            location="ramadi",
            objects=("ramadi",),
            target=DestructionTarget.RESIDENTIAL,
            extent=Extent.PARTIAL,
            attributions=(_report("Anbar's main cities lie in ruins from the fighting."),),
            notes="The report blames the offensives that drove IS out, naming no one.",
            tags=("rule:before-publication",),
        ),
        CasualtyClaim(
            id="sdf-claim-620",
            when=Span(since_november.start, FuzzyDate.on(PUBLISHED)),
            location="raqqa",
            claimant="sdf",
            claimed=Estimate.at_least(620),
            casualties_of=("islamic-state",),
            killed=True,
            part_of="raqqa-offensive",
            attributions=(
                _report(
                    "The SDF's own figure.",
                    status=StatementStatus.CLAIMED,
                    claimant="sdf",
                ),
            ),
            tags=(since_tag,),
        ),
        Declaration(
            id="caliphate-declared",
            when=june_2014,
            location="mosul",
            declarant="abu-bakr-al-baghdadi",
            subject="the formation of a caliphate",
            attributions=(_report("Al-Baghdadi proclaimed it from Mosul."),),
            notes="Documented accounts date the proclamation to 29 June 2014 and "
            "al-Baghdadi's Mosul sermon to early July; the report's month is kept.",
            tags=(june_tag,),
        ),
        Attack(
            id="paris-attacks-2015",
            when=november_2015,
            location="paris",
            perpetrator_candidates=("islamic-state",),
            civilian_targeting=True,
            terror=True,
            attributions=(_report("Launched the month IS lost Sinjar."),),
            notes="The coordinated attacks of 13 November 2015; the report gives the month.",
            tags=(november_tag,),
        ),
        Disaster(
            id="nova-kakhovka-dam-collapse",
            when=FuzzyDate.day(2023, 6, 6),
            location="nova-kakhovka-dam",
            disaster=DisasterKind.DAM_COLLAPSE,
            attributions=(
                _report("From the page's news ticker, not the article."),
                _documented("wikipedia-kakhovka-dam", "The dam was destroyed on 6 June 2023."),
            ),
            notes="The ticker on the 2017 page is later news; its date is documented.",
            tags=("documented", "page-header"),
        ),
        Disaster(
            id="dnipro-flooding",
            when=FuzzyDate.month(2023, 6),
            location="dnipro-river",
            disaster=DisasterKind.FLOOD,
            caused_by="nova-kakhovka-dam-collapse",
            attributions=(
                _report(
                    "Riverside villages were flooded after the dam failed.",
                    status=StatementStatus.CLAIMED,
                    claimant="ukrainian-officials",
                ),
                _documented("wikipedia-kakhovka-dam", "Flooding followed the collapse."),
            ),
            tags=("documented", "page-header"),
        ),
    ]


@cache
def dataset() -> Dataset:
    """
    The report of 4 February 2017 as a `Dataset`: actors, places, sources and events.

    Built once and cached; the value is immutable.
    """
    return Dataset(
        actors=tuple(_actors()),
        locations=tuple(_locations()),
        sources=tuple(_sources()),
        events=(
            *_control_changes(),
            *_control_statuses(),
            *_offensives(),
            *_other_events(),
        ),
    )


#: The samples shipped with the package (their provenance: ``samples/README.md``): real
#: extracts, and ``acled_syria_2016_synthesised.csv``, rows written in ACLED's current format
#: for events of the UCDP GED 23.1 sample (not ACLED data).
SAMPLES: Final = (
    "acled_v6_africa_2016_sample.csv",
    "ucdp_ged_191_sample.csv",
    "ucdp_ged_231_syria_iraq_sample.csv",
    "acled_syria_2016_synthesised.csv",
)


def sample(name: str) -> Path:
    """
    The path of an ACLED or UCDP GED sample shipped with the package (`SAMPLES`).

    All are real extracts but ``acled_syria_2016_synthesised.csv``, which is synthesised.

    Raises:
        ConflictEventsError: *name* is not one of `SAMPLES`.
    """
    if name not in SAMPLES:
        msg = f"no sample {describe(name)}; the samples are {', '.join(SAMPLES)}"
        raise ConflictEventsError(msg)
    return Path(str(resources.files("conflict_events").joinpath("samples", name)))
