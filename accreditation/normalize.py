"""Normalized keys that make names comparable across case, accents, spacing and order."""

import re
import unicodedata
from datetime import date

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
# Letters that NFKD does not decompose into a base letter plus an accent.
_FOLD = str.maketrans(
    {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free, single-spaced."""
    # Case-fold before the table, which lists lower-case letters only ("Æ" must fold like "æ").
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_FOLD))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NON_WORD.sub(" ", text.casefold()).replace("_", " ")
    return " ".join(text.split())


def organization_key(name: str) -> str:
    return fold(name)[:300]


def person_key(*, family_name: str, given_names: str, date_of_birth: date | None) -> str:
    """Names in any order (family and given names are sometimes swapped) plus date of birth."""
    tokens = sorted(fold(f"{family_name} {given_names}").split())
    return f"{' '.join(tokens)}|{date_of_birth.isoformat() if date_of_birth else ''}"[:400]
