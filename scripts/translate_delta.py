"""Fill in French and Spanish for new or fuzzy messages from a small table (used after
`make messages`), then compile. Usage: python scripts/translate_delta.py"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"

TABLE = {
    "region of nationality": ("région de la nationalité", "región de la nacionalidad"),
    "%(label)s:": (f"%(label)s{NBSP}:", "%(label)s:"),
    "My page": ("Ma page", "Mi página"),
}


def main() -> int:
    missing = []
    for index, language in enumerate(("fr", "es")):
        path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.translated() and "fuzzy" not in entry.flags:
                continue
            if entry.msgid in TABLE and not entry.msgid_plural:
                entry.msgstr = TABLE[entry.msgid][index]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            else:
                missing.append((language, entry.msgid))
        catalogue.save(str(path))
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    for language, msgid in missing:
        print(f"untranslated [{language}]: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
