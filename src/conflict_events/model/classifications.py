"""How source datasets file an event in their own taxonomies."""

from __future__ import annotations

import attrs

from conflict_events.model import fields

__all__ = ["Classification"]


@attrs.frozen
class Classification:
    """
    Where one taxonomy files an event: the scheme, and the path from its broadest class down.

    ACLED files an armed clash under ``("Political violence", "Battles",
    "Armed clash")`` (disorder type, event type, sub-event type); the path
    keeps the scheme's own words, so nothing a dataset said is lost to the
    event types of this library.
    """

    scheme: str = fields.text("The taxonomy: acled, ucdp-ged, plover, ...", required=True)
    path: tuple[str, ...] = fields.texts(
        "The classes, from the broadest to the narrowest, in the scheme's own words.",
        min_items=1,
    )
