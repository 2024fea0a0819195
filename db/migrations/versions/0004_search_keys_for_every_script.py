"""search keys for every script

The search words and sort keys now count letters and digits of every script (and fold
compatibility forms such as "ﬁ"); associations stored before are keyed again by the same
rules the app applies on every write.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SORT_KEY_LENGTH = 240

# The rules as they were when this revision was written (app/services/swedish.py and the
# category names), frozen here so that replaying the revision does the same whatever the
# app's code becomes.
CATEGORY_NAMES: dict[str, str] = {
    "SPORT": "Idrott",
    "OUTDOOR": "Friluftsliv",
    "CULTURE": "Kultur",
    "MUSIC": "Musik och sång",
    "HERITAGE": "Kulturarv och hembygd",
    "EDUCATION": "Folkbildning",
    "DISABILITY": "Funktionsrätt",
    "HEALTH": "Hälsa",
    "SENIORS": "Pensionärer",
    "CHILDREN_AND_YOUTH": "Barn och unga",
    "SOCIAL": "Socialt arbete",
    "INTEGRATION": "Integration",
    "RELIGION_AND_BELIEF": "Tro och livsåskådning",
    "HUMAN_RIGHTS": "Mänskliga rättigheter",
    "VOLUNTEERING": "Volontärarbete",
    "PROFESSIONAL": "Yrkes- och intresseorganisation",
    "HOBBY": "Hobby",
    "UMBRELLA": "Paraplyorganisation",
}

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


def upgrade() -> None:
    bind = op.get_bind()
    texts: dict[int, list[str]] = defaultdict(list)
    for association_id, description in bind.execute(
        sa.text("SELECT association_id, description FROM association_translations")
    ):
        texts[association_id].append(description)
    for association_id, category in bind.execute(
        sa.text("SELECT association_id, category FROM association_categories")
    ):
        texts[association_id].append(CATEGORY_NAMES[category])
    rows = bind.execute(sa.text("SELECT id, name, description FROM associations")).all()
    for association_id, name, description in rows:
        bind.execute(
            sa.text("UPDATE associations SET sort_key = :key, search_text = :text WHERE id = :id"),
            {
                "id": association_id,
                "key": collation_key(name)[:SORT_KEY_LENGTH],
                "text": search_document(name, description, *texts[association_id]),
            },
        )


def downgrade() -> None:
    """The keys made by the newer rules still order and find every Latin name as before."""
