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
    "Select this object for an action - {}": (
        "Choisir cet objet pour une action - {}",
        "Seleccione este objeto para una acción - {}",
    ),
    "%(label)s: %(value)s": (f"%(label)s{NBSP}: %(value)s", "%(label)s: %(value)s"),
    "My page": ("Ma page", "Mi página"),
    "%(organization)s cannot be accredited: the application is “%(status)s”.": (
        f"%(organization)s ne peut pas être accréditée{NBSP}: la demande est «{NBSP}%(status)s{NBSP}».",
        "%(organization)s no puede ser acreditada: la solicitud está «%(status)s».",
    ),
    "%(organization)s cannot be asked for information: the application is “%(status)s”.": (
        f"Aucune information ne peut être demandée à %(organization)s{NBSP}: la demande est «{NBSP}%(status)s{NBSP}».",
        "No se puede pedir información a %(organization)s: la solicitud está «%(status)s».",
    ),
    "%(organization)s cannot be refused: the application is “%(status)s”.": (
        f"La demande de %(organization)s ne peut pas être refusée{NBSP}: elle est «{NBSP}%(status)s{NBSP}».",
        "La solicitud de %(organization)s no puede ser denegada: está «%(status)s».",
    ),
    "%(organization)s cannot be placed on the non-objection list: the application is “%(status)s”.": (
        f"%(organization)s ne peut pas être inscrite sur la liste de non-objection{NBSP}: "
        f"la demande est «{NBSP}%(status)s{NBSP}».",
        "%(organization)s no puede incluirse en la lista de no objeción: la solicitud está «%(status)s».",
    ),
    "No objection can be recorded for %(organization)s: the application is “%(status)s”.": (
        f"Aucune objection ne peut être enregistrée pour %(organization)s{NBSP}: "
        f"la demande est «{NBSP}%(status)s{NBSP}».",
        "No se puede registrar ninguna objeción para %(organization)s: la solicitud está «%(status)s».",
    ),
    "%(organization)s cannot be finalized: the application is “%(status)s”.": (
        f"La demande de %(organization)s ne peut pas être finalisée{NBSP}: elle est «{NBSP}%(status)s{NBSP}».",
        "La solicitud de %(organization)s no puede finalizarse: está «%(status)s».",
    ),
    "The accreditation of %(organization)s cannot be revoked: the application is “%(status)s”.": (
        f"L’accréditation de %(organization)s ne peut pas être révoquée{NBSP}: "
        f"la demande est «{NBSP}%(status)s{NBSP}».",
        "La acreditación de %(organization)s no puede revocarse: la solicitud está «%(status)s».",
    ),
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
