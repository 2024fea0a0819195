"""Swedish text rules shared by every domain: search folding, collation keys and slugs.

Case never matters and accents fold (é → e), but å, ä and ö are letters of their own,
sorted after z. Letters and digits of every script count (Дружба is a word too), and sort
after ö. The same keys are stored in the database, so SQLite and PostgreSQL find and
order exactly the same rows.
"""

from __future__ import annotations

import re
import unicodedata

_RING = "\u030a"
_DIAERESIS = "\u0308"
# letters that stay letters: (base, combining mark) -> letter
_SWEDISH_LETTERS = {("a", _RING): "å", ("a", _DIAERESIS): "ä", ("o", _DIAERESIS): "ö"}
# Nordic neighbours written with Swedish letters (Danish/Norwegian æ, ø), and Latin letters
# whose accent Unicode does not decompose (Łódź is lodz)
_LETTERS = str.maketrans(
    {"æ": "ä", "ø": "ö", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ł": "l", "ŧ": "t", "œ": "oe"}
)
# letters, marks (a vowel sign inside a Devanagari word) and digits; "_" "%" "\" are not
_WORD_CATEGORIES = ("L", "M", "N")

# Collation: å, ä, ö after z; ü and y are the same letter (SAOL); other marks ignored.
# Other scripts' letters are above U+007D in code point (so UTF-8 byte) order: after ö.
_COLLATION = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def fold(text: str) -> str:
    """Lower case, accents removed, except that å, ä and ö stay; compatibility forms folded
    too (ﬁ → fi, Ａ → a)."""
    lowered = unicodedata.normalize("NFKD", text).casefold()
    decomposed = unicodedata.normalize("NFKD", lowered.translate(_LETTERS))
    out: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            if out and (out[-1], char) in _SWEDISH_LETTERS:
                out[-1] = _SWEDISH_LETTERS[(out[-1], char)]
            continue
        out.append(char)
    return "".join(out)


def _folded_words(folded: str) -> list[str]:
    found: list[str] = []
    word: list[str] = []
    for char in folded + " ":
        if unicodedata.category(char)[0] in _WORD_CATEGORIES:
            word.append(char)
        elif word:
            found.append("".join(word))
            word = []
    return found


def words(text: str) -> list[str]:
    """The folded words of a text, in order: runs of letters and digits, in any script."""
    return _folded_words(fold(text))


def search_document(*texts: str) -> str:
    """Space-delimited folded words, so that `LIKE '% prefix%'` is a word-prefix match."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(word, None)
    return " " + " ".join(seen) + " "


def collation_key(text: str) -> str:
    """A key whose byte order is Swedish alphabetical order. Text without letters or digits
    keys on its symbols, so it sorts first, as in a dictionary."""
    folded = fold(text.replace("ü", "y").replace("Ü", "Y"))
    key = " ".join(_folded_words(folded)) or "".join(folded.split())
    return key.translate(_COLLATION)


_SLUG_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o"})
_SLUG_WORD = re.compile(r"[0-9a-z]+")


def slugify(text: str) -> str:
    """A URL-safe name: "Råå IF" -> "raa-if". Other scripts are not transliterated: a name
    without Latin letters or digits gets "forening" (made unique by its caller)."""
    return "-".join(_SLUG_WORD.findall(fold(text).translate(_SLUG_FOLD))) or "forening"
