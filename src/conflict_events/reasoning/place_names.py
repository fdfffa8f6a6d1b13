"""
Place names folded across transliterations, and the names close to a misspelt one.

One place has many spellings: ``ar-Raqqah``, ``Raqqa``, ``Ar Raqqah town``;
``Noākhāli`` and ``Noakhali``. `fold` reduces a name to what such spellings
share, so that two of them compare equal: case, accents (Unicode NFKD),
apostrophes and ayn/hamza marks, hyphens and spaces, Arabic article prefixes
(``al-``, ``ar-``, ``ash-``, ``el-``, ``ez-`` ...), doubled letters and a
trailing ``h`` after a vowel. `core` drops the generic words gazetteers add
(``town``, ``district``, ``governorate`` ...). `close_names` ranks names by
these keys first and by `difflib` only when none fits, so ``Raqqa`` finds
``Ar Raqqah town`` and never ``Iraq``.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Callable, Iterable
from typing import Final

__all__ = [
    "ARTICLES",
    "GENERIC_WORDS",
    "SIMILARITY",
    "close_names",
    "core",
    "fold",
    "name_key",
    "skeleton",
]

#: Arabic article prefixes, as `fold` writes them (doubled letters and a final h folded).
ARTICLES: Final = frozenset(
    {"al", "ar", "as", "ash", "at", "ad", "an", "az", "el", "es", "esh", "et", "ed", "en", "ez"}
)

#: Words that say what kind of place a name is rather than which (as `fold` writes them).
GENERIC_WORDS: Final = frozenset(
    {
        "town",
        "city",
        "vilage",
        "district",
        "subdistrict",
        "sub",
        "governorate",
        "province",
        "region",
        "state",
        "township",
        "division",
        "municipality",
        "county",
        "prefecture",
        "department",
        "nahiya",
    }
)

#: How similar (difflib ratio of folded names) a name must be to be suggested.
SIMILARITY: Final = 0.8

#: Characters dropped without splitting a word: apostrophes, ayn and hamza marks.
_DROPPED: Final = frozenset("'`\u00b4\u2018\u2019\u02bb\u02bc\u02be\u02bf")

#: Letters NFKD does not decompose into a base letter and a mark.
_LETTERS: Final = str.maketrans(
    {
        "\u0131": "i",  # dotless i
        "\u00f8": "o",
        "\u0111": "d",
        "\u0142": "l",
        "\u00e6": "ae",
        "\u0153": "oe",
        "\u00fe": "th",
        "\u00f0": "d",
    }
)

_VOWELS: Final = frozenset("aeiou")

#: Letters a `skeleton` leaves out after the first: vowels and the semivowels of transliterations.
_SOFT: Final = frozenset("aeiouyw")

#: How long a `skeleton` must be to suggest a name by.
_SOUNDS: Final = 2

#: How many times `_letters` folds at most before the text stops changing (it does after two).
_PASSES: Final = 4

#: Names longer than this fold to nothing: they are found only as they are (a bound on work).
_LONGEST: Final = 500


@functools.lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """
    *name* as its transliterations share it: lower case words without marks, space-separated.

    Idempotent (``fold(fold(x)) == fold(x)``). Articles are dropped only
    before or after another word: ``Al`` alone stays ``al``. A name longer
    than 500 characters folds to ``""``, which no folded name matches.
    """
    if len(name) > _LONGEST:
        return ""
    text = _letters(name)
    if len(text) > _LONGEST:  # a mark NFKD spelt out lengthened it
        return ""
    words = [word for word in (_word(word) for word in text.split()) if word]
    named = [word for word in words if word not in ARTICLES]
    return " ".join(named or words)


def name_key(name: str) -> str:
    """The key spellings of one name share: `fold` without spaces (``Nord-Kivu``, ``NordKivu``)."""
    return fold(name).replace(" ", "")


def core(name: str) -> str:
    """`name_key` without generic words (``Ar Raqqah town`` and ``Raqqa`` share ``raqa``)."""
    words = fold(name).split()
    specific = [word for word in words if word not in GENERIC_WORDS]
    return "".join(specific or words)


def skeleton(name: str) -> str:
    """
    The consonants of `core`, ``q`` as ``k``, after a leading vowel: how a name sounds, roughly.

    ``Dayr az-Zawr`` and ``Deir ez-Zor`` share ``drzr``, ``Rakka`` and ``Raqqa``
    share ``rk``; ``Iraq`` is ``irk``. Too loose to find a place by, close enough
    to suggest one.
    """
    kernel = core(name).replace("q", "k")
    if not kernel:
        return ""
    rest = "".join(char for char in kernel[1:] if char not in _SOFT)
    letters = kernel[0] + rest
    return "".join(c for i, c in enumerate(letters) if i == 0 or letters[i - 1] != c)


def close_names(wanted: str, names: Iterable[str], *, limit: int = 5) -> list[str]:
    """
    The names among *names* that may be *wanted* misspelt or transliterated, best first.

    First those with the same `name_key`, then the same `core`, then the same
    `skeleton` (of two consonants or more); only when there are none, those
    whose folded form is at least `SIMILARITY` alike (difflib). A short name
    inside a longer one is no match by itself. Each name once.
    """
    unique = list(dict.fromkeys(names))
    if not name_key(wanted):
        return []
    sound = skeleton(wanted)
    keys: list[Callable[[str], str]] = [name_key, core]
    if len(sound) >= _SOUNDS:
        keys.append(skeleton)
    same: dict[str, None] = {}
    for key in keys:
        target = key(wanted)
        same.update((name, None) for name in unique if key(name) == target)
    if same:
        return list(same)[:limit]
    scored: list[tuple[float, int, str]] = []
    for key in (fold, core):
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(key(wanted))
        for name in unique:
            matcher.set_seq1(key(name))
            if (
                matcher.real_quick_ratio() >= SIMILARITY
                and matcher.quick_ratio() >= SIMILARITY
                and matcher.ratio() >= SIMILARITY
            ):
                scored.append((-matcher.ratio(), len(scored), name))
    return list(dict.fromkeys(name for _, _, name in sorted(scored)))[:limit]


def _letters(text: str) -> str:
    """Lower case letters and digits without marks, anything else a space; a fixed point."""
    for _ in range(_PASSES):
        folded = unicodedata.normalize("NFKD", text.casefold()).translate(_LETTERS)
        folded = "".join(
            ""
            if char in _DROPPED or unicodedata.combining(char)
            else char
            if char.isalnum()
            else " "
            for char in folded
        )
        if folded == text:
            break
        text = folded
    return text


def _word(word: str) -> str:
    """One word folded: runs of a letter as one, then a final h after a vowel dropped."""
    letters = "".join(char for i, char in enumerate(word) if not i or word[i - 1] != char)
    if len(letters) > 1 and letters.endswith("h") and letters[-2] in _VOWELS:
        letters = letters[:-1]
    return letters
