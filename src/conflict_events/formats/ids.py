"""
Content-derived identifiers: the same name or path always gives the same id, two different never.

An importer names actors, places and sources by what a row says of them, so
that a second export of the same data (other rows, another order) gives the
same ids and `conflict_events.merge` can join them. No counter is ever used.

- A *name* is compared normalised: Unicode NFC, case-folded, white space
  collapsed to single spaces (`normalise`). ``Al Shabaab`` and ``al  shabaab``
  are one actor.
- Its id is ``<prefix><body>``: the body spells the normalised name with each
  space written ``_`` (`name_id`): ``acled-actor:al_shabaab``.
- A *place* is named by its path of levels, separated by ``:`` (ids may not
  hold ``/``): country, admin1, admin2, admin3, then the settlement, each level
  at its own position so that a level a row leaves blank is an empty part
  (``acled-place:syria:homs:tadmur::palmyra``), and a settlement's rounded
  coordinates (`coordinate_part`, ``N34.5604E38.2672``) after it. The position
  says the kind: the district ``iraq:baghdad:baghdad`` and the town
  ``iraq:baghdad:::baghdad`` never share an id.
- Whenever the body is not a faithful image of the text (a character ids
  cannot hold, a literal ``_``, ``--``, a kind of place off the ladder) or the
  id would pass 128 characters, a readable approximation is cut to fit and
  ``--`` plus 8 hex digits of BLAKE2b of the normalised text is appended:
  ``acled-actor:military_forces_of_algeria_-1999--1f0c9a2e``. Faithful bodies
  never hold ``--``, so a hashed id never equals a faithful one.
- `slug` makes the id of a record the dataset itself identifies (an event's
  ``event_id_cnty``): the text as it is (case kept), hashed the same way when
  it cannot be an id as it stands.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

__all__ = [
    "COORDINATE_DECIMALS",
    "MAX_ID",
    "coordinate_part",
    "name_id",
    "normalise",
    "path_id",
    "slug",
]

#: The model's limit on an identifier's length (`conflict_events.model.fields.ID_PATTERN`).
MAX_ID: Final = 128
#: Coordinates equal to this many decimals (about 11 m) are one place: what ACLED writes today.
COORDINATE_DECIMALS: Final = 4
_QUANTUM: Final = Decimal(1).scaleb(-COORDINATE_DECIMALS)
_HASH_SIZE: Final = 4
_MARK: Final = "--"
#: What a faithful name part may hold: a space stands for itself as ``_``.
_FAITHFUL_NAME: Final = re.compile(r"[a-z0-9.\- ]+", re.ASCII)
_FAITHFUL_ID: Final = re.compile(r"[A-Za-z0-9_.:\-]+", re.ASCII)
_NOT_ID: Final = re.compile(r"[^A-Za-z0-9_.:\-]+")
_DASHES: Final = re.compile(r"-{2,}")
#: Joins the parts of a path before hashing: white space, so never inside a normalised part.
_JOIN: Final = "\x1f"


def normalise(text: str) -> str:
    """*text* as names are compared: NFC, case-folded, runs of white space as one space."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return " ".join(folded.split())


def _digest(text: str) -> str:
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=_HASH_SIZE).hexdigest()


def _ascii(text: str) -> str:
    """*text* with accents dropped, for the readable part of a hashed id."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_part(norm: str) -> tuple[str, bool]:
    """The spelling of one normalised name in an id, and whether it is faithful."""
    if norm and _FAITHFUL_NAME.fullmatch(norm) and _MARK not in norm:
        return norm.replace(" ", "_"), True
    rough = _NOT_ID.sub("-", _ascii(norm).replace(" ", "_").lower())
    return _DASHES.sub("-", rough), False


def _finish(prefix: str, body: str, faithful: bool, hashed: str) -> str:
    ident = prefix + body
    if faithful and len(ident) <= MAX_ID and ident[:1].isascii() and ident[:1].isalnum():
        return ident
    room = MAX_ID - len(_MARK) - 2 * _HASH_SIZE
    head = _DASHES.sub("-", ident[:room]).rstrip("-")
    head = head.lstrip("-_.:") or "x"
    return f"{head}{_MARK}{_digest(hashed)}"


def name_id(prefix: str, name: str) -> str:
    """The id of what is called *name* (compared `normalise`-d): ``<prefix>al_shabaab``."""
    norm = normalise(name)
    body, faithful = _name_part(norm)
    return _finish(prefix, body, faithful, norm)


def coordinate_part(latitude: float | None, longitude: float | None) -> str | None:
    """
    A place's coordinates as part of its id, to `COORDINATE_DECIMALS`: ``N34.5604E38.2672``.

    Rounded half away from zero on the decimal text, so ``35.55530`` and ``35.5553`` are
    one place, and ``34.55``/``34.56`` two. None when either is missing.
    """
    if latitude is None or longitude is None:
        return None
    return _degrees(latitude, "N", "S") + _degrees(longitude, "E", "W")


def _degrees(value: float, positive: str, negative: str) -> str:
    rounded = Decimal(repr(float(value))).quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    sign = negative if rounded < 0 else positive
    text = format(rounded.copy_abs().normalize(), "f")
    return f"{sign}{text}"


def path_id(prefix: str, parts: Sequence[str], *, extra: Sequence[str] = ()) -> str:
    """
    The id of a place whose levels are the names *parts* (blank for a level not given).

    *extra* are parts written as they are after the names (a `coordinate_part`);
    a part starting ``kind=`` (a kind of place off the country-to-settlement
    ladder) makes the id hashed, so it differs from the same names on the ladder.
    """
    spelled: list[str] = []
    faithful = True
    norms: list[str] = []
    for part in parts:
        norm = normalise(part)
        norms.append(norm)
        if not part:
            spelled.append("")
            continue
        text, ok = _name_part(norm)
        spelled.append(text)
        faithful = faithful and ok
    for part in extra:
        norms.append(part)
        if part.startswith("kind="):
            faithful = False
        else:
            spelled.append(part)
    return _finish(prefix, ":".join(spelled), faithful, _JOIN.join(norms))


def slug(prefix: str, text: str) -> str:
    """
    The id *prefix* + *text* when that is an identifier; else readable and hashed (see module).

    Case is kept: this names a record by the dataset's own identifier
    (``acled:SYR1234``), where ``SYR1234`` and ``syr1234`` differ.
    """
    text = unicodedata.normalize("NFC", text)
    faithful = bool(_FAITHFUL_ID.fullmatch(text)) and _MARK not in text
    body = text if faithful else _DASHES.sub("-", _NOT_ID.sub("-", _ascii(text))).strip("-_.:")
    return _finish(prefix, body, faithful, text)
