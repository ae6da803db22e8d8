"""Text in every script: case folding for search and sort keys for each language.

PostgreSQL does both itself: `UPPER()` folds every script's case, and its ICU collations
("ru-x-icu", "zh-x-icu", "en-x-icu") sort as each language does. SQLite does neither: its
`LIKE` folds ASCII only and it sorts by code point. The SQLite backend (`core.sqlite`)
registers these functions on each connection, under the names PostgreSQL uses, so a query
reads and answers the same on both databases.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

# The collation of each language of the interface: PostgreSQL's ICU collations, registered
# under the same names on SQLite connections (core.sqlite, with the sort keys below).
COLLATIONS = {"en": "en-x-icu", "ru": "ru-x-icu", "zh": "zh-x-icu"}


def fold_case(value):
    """`value` in upper case, as PostgreSQL's UPPER() gives it (SQLite's LIKE then compares it).

    UPPER() maps each character to one character (the simple case mapping): "ß" stays "ß".
    Python's `str.upper()` may give two ("SS"); such characters are kept as they are, so a
    search finds on SQLite exactly what it finds on PostgreSQL.
    """
    if not isinstance(value, str):
        # NULL stays NULL, bytes as they are; a number is compared as its text, as LIKE does.
        return value if value is None or isinstance(value, bytes) else str(value)
    upper = value.upper()
    if len(upper) == len(value):  # no character grew: every one had a one-to-one mapping
        return upper
    return "".join(character if len(character.upper()) > 1 else character.upper() for character in value)


# Groups of characters in the order ICU sorts them: spaces and punctuation, digits, then the
# scripts in the language's order ("[reorder Cyrl]" in Russian, "[reorder Hani]" in Chinese).
_PUNCTUATION, _DIGIT = 0, 1
# Characters that build the keys: levels are joined by _LEVEL, a pinyin syllable ends with
# _END, and weights start at _FIRST, above both.
_LEVEL, _END, _FIRST = "\x00", "\x01", 0x10
_SCRIPT_ORDER = {
    "en": ("LATIN", "GREEK", "CYRILLIC", "CJK"),
    "ru": ("CYRILLIC", "LATIN", "GREEK", "CJK"),
    "zh": ("CJK", "LATIN", "GREEK", "CYRILLIC"),
}
# Russian folds ё into е at the first level (ICU: the same letter, with a diaeresis).
_SAME_LETTER = {"ё": "е"}


def _script(character: str) -> str:
    name = unicodedata.name(character, "")
    return name.split(" ", 1)[0] if name else ""


@lru_cache(maxsize=8192)
def _hanzi(character: str) -> tuple[str, int]:
    """A Chinese character's most common reading: its syllable and tone (5: neutral)."""
    # Imported at the first Chinese name sorted: its dictionaries take 0.3 s to load.
    from pypinyin import Style, pinyin

    reading = pinyin(character, style=Style.TONE3, heteronym=False, neutral_tone_with_five=True)[0][0]
    if reading[-1:].isdigit():
        return reading[:-1], int(reading[-1])
    return "", 0  # no reading known: before every syllable, then by code point


@lru_cache(maxsize=4096)
def _weights(character: str, language: str) -> tuple[str, str, str]:
    """The character's weights at ICU's three levels (letter, accent, case), each a string.

    A string compares as its characters' code points: a key made of these strings compares
    in one C-level string comparison, which SQLite's sorting calls again and again.
    """
    lower = character.lower()
    letter = _SAME_LETTER.get(lower, lower)
    decomposed = unicodedata.normalize("NFD", letter)
    accent = 1 if letter != lower else 0
    if _script(character) == "LATIN" and len(decomposed) > 1:
        # A Latin letter with an accent is its base letter at the first level (Ö as O).
        letter, accent = decomposed[0], 1 + sum(map(ord, decomposed[1:]))
    case = 1 if character != lower else 0  # lower case first, as ICU
    script = _script(character)
    order = _SCRIPT_ORDER[language]
    if character.isdigit():
        first = chr(_FIRST + _DIGIT) + chr(_FIRST + unicodedata.digit(character, 0))
    elif script not in order:
        first = chr(_FIRST + _PUNCTUATION) + letter
    elif script == "CJK" and language == "zh" and character.isalpha():
        # The syllable ends with a character below every letter: "a" sorts before "ai".
        syllable, tone = _hanzi(character)
        first = chr(_FIRST + 2 + order.index(script)) + syllable + _END + str(tone) + character
    else:
        first = chr(_FIRST + 2 + order.index(script)) + letter
    return first, chr(_FIRST + accent), chr(_FIRST + case)


@lru_cache(maxsize=8192)
def sort_key(text: str, language: str) -> str:
    """The key `text` sorts by in `language` ("en", "ru" or "zh"), as ICU orders it.

    Compared level by level like ICU: letters first (Cyrillic before Latin in Russian, Chinese
    by pinyin in Chinese), then accents (е before ё), then case (lower before upper). A level
    ends with a character below every weight, so a shorter text sorts first.
    """
    weights = [_weights(character, language) for character in unicodedata.normalize("NFC", text)]
    return _LEVEL.join("".join(w[level] for w in weights) for level in range(3))


def collation(language: str) -> Callable[[str, str], int]:
    """A comparison function for sqlite3's `create_collation`."""

    def compare(left: str, right: str) -> int:
        left_key, right_key = sort_key(left, language), sort_key(right, language)
        return (left_key > right_key) - (left_key < right_key)

    return compare
