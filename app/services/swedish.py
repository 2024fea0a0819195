"""Swedish text rules shared by every domain: search folding, collation keys and slugs.

Case never matters and accents fold (é → e), but å, ä and ö are letters of their own,
sorted after z. The same keys are stored in the database, so SQLite and PostgreSQL
find and order exactly the same rows.
"""

from __future__ import annotations

import re
import unicodedata

_RING = "\u030a"
_DIAERESIS = "\u0308"
# letters that stay letters: (base, combining mark) -> letter
_SWEDISH_LETTERS = {("a", _RING): "å", ("a", _DIAERESIS): "ä", ("o", _DIAERESIS): "ö"}
# Nordic neighbours written with Swedish letters (Danish/Norwegian æ, ø)
_NORDIC = str.maketrans({"æ": "ä", "ø": "ö"})
_WORD = re.compile(r"[0-9a-zåäö]+")

# Collation: å, ä, ö after z; ü and y are the same letter (SAOL); other marks ignored
_COLLATION = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def fold(text: str) -> str:
    """Lower case, accents removed, except that å, ä and ö stay."""
    decomposed = unicodedata.normalize("NFD", text.casefold().translate(_NORDIC))
    out: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            if out and (out[-1], char) in _SWEDISH_LETTERS:
                out[-1] = _SWEDISH_LETTERS[(out[-1], char)]
            continue
        out.append(char)
    return "".join(out)


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def search_document(*texts: str) -> str:
    """Space-delimited folded words, so that `LIKE '% prefix%'` is a word-prefix match."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            seen.setdefault(word, None)
    return " " + " ".join(seen) + " "


def collation_key(text: str) -> str:
    """A key whose byte order is Swedish alphabetical order."""
    folded = fold(text.replace("ü", "y").replace("Ü", "Y"))
    return " ".join(_WORD.findall(folded)).translate(_COLLATION)


_SLUG_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o"})


def slugify(text: str) -> str:
    """A URL-safe name: "Råå IF" -> "raa-if"."""
    return "-".join(words(text)).translate(_SLUG_FOLD) or "forening"
