"""
Integration: matched records clustered into incidents, every source record kept as it is.

`integrate` joins the pairs at or above a threshold by union-find into
clusters; each cluster of two or more records is one *incident*. Nothing is
chosen, averaged or dropped: the result is every input record
(`conflict_events.merge` of the datasets, so one id is one record), each
clustered event carrying in ``extensions['matching']`` its incident's id and
the events it was matched to with their probabilities, and the dataset
carrying in ``extensions['matching']`` the threshold and each incident: its
events, the hull of their date bounds and the sources their attributions
cite (ids sorted, incidents by id, so the order of the datasets changes
only the order of the records). The datasets' own extensions are kept where
they agree; where they differ (two versions of one source, with two
headers) no value stands for them all, so each one is kept, once, under
``extensions['matching']['differing']`` at the same path. The model has no
event class for "one incident as several datasets record it", so the
incident lives in extensions, where the schema allows anything and every
reader keeps it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.matching.matches import Match
from conflict_events.model import Dataset
from conflict_events.model.merging import merge

__all__ = ["EXTENSION", "incident_id", "integrate"]

#: The extensions key `integrate` writes, on the dataset and on each clustered event.
EXTENSION: Final = "matching"
_JOIN: Final = "\x1f"


def incident_id(event_ids: Iterable[str]) -> str:
    """The id of the incident of these events: the same events always give the same id."""
    text = _JOIN.join(sorted(set(event_ids)))
    return "incident:" + hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _agreed(
    extensions: Sequence[Mapping[str, Any]],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """
    What *extensions* (the datasets') agree on, and where they differ, each value once.

    Objects are compared key by key, as `conflict_events.merge` compares them;
    a key with different values is left out of the first and given in the
    second at the same path, as the list of its values (sorted by their JSON
    text, so the datasets' order changes nothing).
    """
    agreed: dict[str, Any] = {}
    differing: dict[str, Any] = {}
    keys = dict.fromkeys(key for mapping in extensions for key in mapping)
    for key in keys:
        values = [mapping[key] for mapping in extensions if key in mapping]
        if all(isinstance(value, Mapping) for value in values):
            inner, apart = _agreed(values)
            if inner or not apart:  # an object left empty only by what differs is left out
                agreed[key] = inner
            if apart:
                differing[key] = apart
        elif all(value == values[0] for value in values):
            agreed[key] = values[0]
        else:
            texts = {json.dumps(value, sort_keys=True): value for value in values}
            differing[key] = [texts[text] for text in sorted(texts)]
    return agreed, differing


class _Clusters:
    """Union-find over event ids, by size, with path halving."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        self.size.setdefault(item, 1)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]


def integrate(
    datasets: Sequence[Dataset], matches: Iterable[Match], threshold: float = 0.5
) -> Dataset:
    """
    Every record of *datasets* as one dataset, the *matches* at or above *threshold* as incidents.

    Raises:
        ValidationError: *threshold* is not between 0 and 1; a match names an
            event no dataset holds; a record or dataset already has a
            ``matching`` extension (integrate a dataset once); or the datasets'
            records conflict (see `conflict_events.merge`).
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValidationError(
            [ErrorDetail("threshold", f"{describe(threshold)} is not between 0 and 1")]
        )
    agreed, differing = _agreed([dataset.extensions for dataset in datasets])
    merged = merge(*(attrs.evolve(dataset, extensions={}) for dataset in datasets))
    known = {event.id for event in merged.events}
    errors: list[ErrorDetail] = []
    clusters = _Clusters()
    partners: dict[str, dict[str, float]] = {}
    for position, found in enumerate(matches):
        if found.probability < threshold:
            continue
        for side, ident in (("left_id", found.left_id), ("right_id", found.right_id)):
            if ident not in known:
                errors.append(
                    ErrorDetail(
                        f"matches[{position}].{side}", f"unknown event id {describe(ident)}"
                    )
                )
        if found.left_id == found.right_id:
            continue
        clusters.union(found.left_id, found.right_id)
        for a, b in ((found.left_id, found.right_id), (found.right_id, found.left_id)):
            mine = partners.setdefault(a, {})
            mine[b] = max(mine.get(b, 0.0), found.probability)
    if EXTENSION in agreed or EXTENSION in differing:
        errors.append(
            ErrorDetail(f"extensions[{EXTENSION!r}]", "is already set: integrate a dataset once")
        )
    if errors:
        raise ValidationError(errors)
    members: dict[str, list[str]] = {}
    for ident in sorted(partners):  # by id: the same incidents whatever the datasets' order
        members.setdefault(clusters.find(ident), []).append(ident)
    incident_of: dict[str, str] = {}
    incidents: list[dict[str, Any]] = []
    for ids in members.values():
        ident = incident_id(ids)
        incident_of.update(dict.fromkeys(ids, ident))
        events = [merged.event(i) for i in ids]
        sources = sorted(
            {a.source for event in events for a in event.attributions if a.source is not None}
        )
        incidents.append(
            {
                "id": ident,
                "events": ids,
                "earliest": min(e.when.earliest for e in events).isoformat(),
                "latest": max(e.when.latest for e in events).isoformat(),
                "sources": sources,
            }
        )
    incidents.sort(key=lambda incident: incident["id"])
    events_out = []
    for position, event in enumerate(merged.events):
        if event.id not in incident_of:
            events_out.append(event)
            continue
        if EXTENSION in event.extensions:
            errors.append(
                ErrorDetail(
                    f"events[{position}].extensions[{EXTENSION!r}]",
                    f"event {describe(event.id)} is already integrated: integrate a dataset once",
                )
            )
            continue
        matched = [
            {"event": other, "probability": probability}
            for other, probability in sorted(partners[event.id].items())
        ]
        extension = {"incident": incident_of[event.id], "matches": matched}
        events_out.append(
            attrs.evolve(event, extensions={**event.extensions, EXTENSION: extension})
        )
    if errors:
        raise ValidationError(errors)
    return attrs.evolve(
        merged,
        events=tuple(events_out),
        extensions={
            **agreed,
            EXTENSION: {
                "threshold": threshold,
                "incidents": incidents,
                **({"differing": differing} if differing else {}),
            },
        },
    )
