"""Names as they are stored (cleaned of invisible characters), and the keys that make them
comparable across case, accents, spacing, order, invisible characters and look-alike letters.

The keys fold look-alikes with the confusable data of Unicode Technical Standard #39, through
ICU's skeleton (the ``icu`` module of the pinned ``pyicu-wheels``). A new ICU or Python version
can change a key for a rare character: recompute the stored keys then (migration 0009 shows how).
"""

import string
import unicodedata
from datetime import date
from functools import lru_cache

import icu

# Letters that NFKD does not decompose into a base letter plus an accent.
_FOLD = str.maketrans(
    {"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
)

ZWNJ, ZWJ = "\u200c", "\u200d"
# Rendered as nothing, yet not a space: Braille's blank pattern.
_BLANK = {"\u2800"}
_VIRAMA = 9  # canonical combining class
# Unicode Joining_Type values, as ICU numbers them (UJoiningType).
_JOIN_CAUSING, _DUAL, _LEFT, _RIGHT, _TRANSPARENT = 1, 2, 3, 4, 5


def _joining_type(char: str) -> int:
    return icu.Char.getIntPropertyValue(char, icu.UProperty.JOINING_TYPE)


@lru_cache(maxsize=4096)
def is_invisible(char: str) -> bool:
    """Format and control characters (zero-width spaces and joiners, soft hyphen, bidi controls,
    BOM, word joiner, tags, variation selectors…): Unicode's Default_Ignorable_Code_Point plus
    the general categories Cf and Cc. Spaces are not invisible; they are spaces."""
    if " " <= char <= "~":
        return False
    return (
        unicodedata.category(char) in ("Cf", "Cc")
        or icu.Char.hasBinaryProperty(char, icu.UProperty.DEFAULT_IGNORABLE_CODE_POINT)
    ) and not char.isspace()


def _joiner_needed(text: str, index: int) -> bool:
    """Whether the zero-width (non-)joiner at ``text[index]`` changes the spelling: the contexts
    of IDNA (RFC 5892, appendix A.1 and A.2) — after a virama (Indic scripts), and for the
    non-joiner between two letters that would otherwise join (Persian, Urdu, Kurdish…)."""
    if index > 0 and unicodedata.combining(text[index - 1]) == _VIRAMA:
        return True
    if text[index] != ZWNJ:
        return False
    before = index - 1
    while before >= 0 and _joining_type(text[before]) == _TRANSPARENT:
        before -= 1
    after = index + 1
    while after < len(text) and _joining_type(text[after]) == _TRANSPARENT:
        after += 1
    return (
        before >= 0
        and after < len(text)
        and _joining_type(text[before]) in (_DUAL, _LEFT, _JOIN_CAUSING)
        and _joining_type(text[after]) in (_DUAL, _RIGHT, _JOIN_CAUSING)
    )


def clean_name(text: str | None) -> str:
    """A name as typed, without what no one types on purpose: invisible characters removed (the
    joiners kept only where they change the spelling), every kind of space a single space, no
    space around, NFC-composed. A name made only of invisible characters becomes empty."""
    text = text or ""
    kept = []
    for index, char in enumerate(text):
        if char.isspace() or char in _BLANK:
            kept.append(" ")
        elif char in (ZWNJ, ZWJ):
            if _joiner_needed(text, index):
                kept.append(char)
        elif not is_invisible(char):
            kept.append(char)
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


def _without_invisible(text: str) -> str:
    return "".join(char for char in text if not is_invisible(char))


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free, single-spaced; invisible characters ignored."""
    # Removed before anything else: a zero-width space or a soft hyphen inside a word is no word break.
    text = _without_invisible(text or "")
    # Case-fold before the table, which lists lower-case letters only ("Æ" must fold like "æ").
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    # Letters, numbers and the marks left (Indic vowel signs are part of the word); the rest is a space.
    return " ".join("".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in text).split())


# --- Look-alike letters (Unicode TR39 confusables) ------------------------------------------

_SPOOF_CHECKER = icu.SpoofChecker()


def _skeleton(text: str) -> str:
    # The first argument (the kind of check) is ignored by ICU since version 58.
    return _SPOOF_CHECKER.getSkeleton(0, text)


def _ascii_by_skeleton(*, upper_first: bool) -> dict[str, str]:
    """The ASCII letter (or digit) whose TR39 skeleton is each prototype: "l" stands for "l", "I"
    and "1"; "O" for "O" and "0"; "rn" for "m". Ties go to the letter of the asked case."""
    by_skeleton: dict[str, list[str]] = {}
    for char in string.ascii_letters + string.digits:
        by_skeleton.setdefault(_skeleton(char), []).append(char)
    first, second = (str.isupper, str.islower) if upper_first else (str.islower, str.isupper)
    return {
        prototype: sorted(chars, key=lambda char: (not first(char), not second(char), char))[0]
        for prototype, chars in by_skeleton.items()
    }


_ASCII_FOR_CAPITAL = _ascii_by_skeleton(upper_first=True)
_ASCII_FOR_SMALL = _ascii_by_skeleton(upper_first=False)
_PUNCTUATION = set(string.punctuation + " ")


@lru_cache(maxsize=8192)
def _lookalike(char: str) -> str:
    """What a folded (lower-case) character is keyed as. ASCII stays itself, so the keys of
    ordinary names do not change; a digit of any script is its value; any other character is its
    TR39 prototype — the ASCII letter it looks like, where there is one.

    The key ignores case, so a letter and its capital must be keyed alike: the capital's look-alike
    wins (Cyrillic "В" looks like "B", so "в" is keyed "b"), then the small letter's (Cyrillic "г"
    looks like "r"). Letters without an ASCII look-alike keep their prototype, in their own script
    (an all-Cyrillic or Arabic name keeps a key of its own)."""
    if char.isascii():
        return char
    if unicodedata.category(char) == "Nd":
        return str(unicodedata.decimal(char))
    capital = char.upper()
    if len(capital) == 1 and capital != char and (ascii_char := _ASCII_FOR_CAPITAL.get(_skeleton(capital))):
        return ascii_char.lower()
    prototype = _skeleton(char)
    if ascii_char := _ASCII_FOR_SMALL.get(prototype):
        return ascii_char.lower()
    if all(part in _PUNCTUATION for part in prototype):
        # Looks like punctuation, which the key ignores: the modifier letter "ʻ" is an apostrophe.
        return " "
    return prototype.casefold()


def _key_text(text: str) -> str:
    """``fold`` with look-alike letters replaced by their prototypes; single-spaced words."""
    # The combining marks a prototype carries stay: Greek "θ" is an "O" with a bar, not an "o".
    keyed = "".join(_lookalike(char) for char in fold(text))
    return unicodedata.normalize("NFC", " ".join(keyed.split()))


def organization_key(name: str) -> str:
    """The name ignoring case, accents, punctuation, invisible characters and look-alike letters."""
    return _key_text(name)[:300]


def person_key(*, family_name: str, given_names: str, date_of_birth: date | None) -> str:
    """Names in any order (family and given names are sometimes swapped) plus date of birth."""
    tokens = sorted(_key_text(f"{family_name} {given_names}").split())
    return f"{' '.join(tokens)}|{date_of_birth.isoformat() if date_of_birth else ''}"[:400]
