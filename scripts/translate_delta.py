# ruff: noqa: E501 - a table of whole sentences, one per line, is easier to check than wrapped ones
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
    "Privacy notice": (
        "Avis de confidentialité",
        "Aviso de privacidad",
    ),
    "Version %(version)s, published on %(date)s.": (
        "Version %(version)s, publiée le %(date)s.",
        "Versión %(version)s, publicada el %(date)s.",
    ),
    "The Secretariat of the International Migration Review Forum uses this site to accredit organizations and register their representatives. This notice says what personal data we collect, why, who sees it and how long we keep it.": (
        "Le Secrétariat du Forum d’examen des migrations internationales utilise ce site pour accréditer les organisations et enregistrer leurs représentants. Cet avis indique quelles données personnelles nous recueillons, pourquoi, qui les voit et combien de temps nous les conservons.",
        "La Secretaría del Foro de Examen de la Migración Internacional utiliza este sitio para acreditar a las organizaciones y registrar a sus representantes. Este aviso indica qué datos personales recogemos, por qué, quién los ve y cuánto tiempo los conservamos.",
    ),
    "What we collect": (
        "Ce que nous recueillons",
        "Qué datos recogemos",
    ),
    "Focal points of organizations: name, e-mail address, password (stored only as a salted hash), preferred language.": (
        "Points focaux des organisations\xa0: nom, adresse électronique, mot de passe (conservé uniquement sous forme d’empreinte salée), langue préférée.",
        "Puntos focales de las organizaciones: nombre, dirección de correo electrónico, contraseña (guardada solo como hash con sal), idioma preferido.",
    ),
    "Organizations: name, country, contact details, documents sent with the application.": (
        "Organisations\xa0: nom, pays, coordonnées, documents joints à la demande.",
        "Organizaciones: nombre, país, datos de contacto, documentos enviados con la solicitud.",
    ),
    "Representatives: names as in the passport, date of birth, gender (optional), nationality, country of residence, e-mail address, telephone, job title, photo, accessibility needs (optional), the sessions they register for.": (
        "Représentants\xa0: noms tels qu’ils figurent dans le passeport, date de naissance, genre (facultatif), nationalité, pays de résidence, adresse électronique, téléphone, fonction, photo, besoins d’accessibilité (facultatif), les séances auxquelles ils s’inscrivent.",
        "Representantes: nombres como figuran en el pasaporte, fecha de nacimiento, género (opcional), nacionalidad, país de residencia, dirección de correo electrónico, teléfono, cargo, foto, necesidades de accesibilidad (opcional), las sesiones en las que se inscriben.",
    ),
    "Representatives who ask for a visa support letter: passport number (encrypted), issuing country, dates of issue and expiry, place of birth, the consulate where they apply and their travel dates.": (
        "Représentants qui demandent une lettre d’appui pour le visa\xa0: numéro de passeport (chiffré), pays de délivrance, dates de délivrance et d’expiration, lieu de naissance, le consulat où ils déposent leur demande et leurs dates de voyage.",
        "Representantes que solicitan una carta de apoyo para el visado: número de pasaporte (cifrado), país de expedición, fechas de expedición y de caducidad, lugar de nacimiento, el consulado donde presentan la solicitud y sus fechas de viaje.",
    ),
    "For security: a record of each action taken on the site (who, when, from which network address).": (
        "Pour la sécurité\xa0: un registre de chaque action effectuée sur le site (qui, quand, depuis quelle adresse réseau).",
        "Por seguridad: un registro de cada acción realizada en el sitio (quién, cuándo, desde qué dirección de red).",
    ),
    "Why": (
        "Pourquoi",
        "Por qué",
    ),
    "To decide on accreditation and on representatives, as the rules of the Forum require.": (
        "Pour statuer sur l’accréditation et sur les représentants, comme l’exigent les règles du Forum.",
        "Para decidir sobre la acreditación y sobre los representantes, como exigen las normas del Foro.",
    ),
    "To issue grounds passes at United Nations Headquarters: the photo and the names are checked at the pass and ID office.": (
        "Pour délivrer les laissez-passer du Siège de l’Organisation des Nations Unies\xa0: la photo et les noms sont vérifiés au bureau des badges.",
        "Para expedir los pases de acceso a la Sede de las Naciones Unidas: la foto y los nombres se comprueban en la oficina de pases e identificación.",
    ),
    "To issue visa support letters that a consulate can verify.": (
        "Pour délivrer des lettres d’appui pour le visa qu’un consulat peut vérifier.",
        "Para expedir cartas de apoyo para el visado que un consulado puede verificar.",
    ),
    "To report on participation with anonymous statistics (region, gender, type of organization).": (
        "Pour rendre compte de la participation par des statistiques anonymes (région, genre, type d’organisation).",
        "Para informar sobre la participación con estadísticas anónimas (región, género, tipo de organización).",
    ),
    "Who sees it": (
        "Qui les voit",
        "Quién los ve",
    ),
    "The focal points of your organization see its application and its representatives.": (
        "Les points focaux de votre organisation voient sa demande et ses représentants.",
        "Los puntos focales de su organización ven su solicitud y sus representantes.",
    ),
    "The Secretariat's staff, each only for their task: passport numbers only by visa officers, confidential notes only by those who decide.": (
        "Le personnel du Secrétariat, chacun pour sa seule tâche\xa0: les numéros de passeport par les seuls responsables des visas, les notes confidentielles par les seuls décideurs.",
        "El personal de la Secretaría, cada uno solo para su tarea: los números de pasaporte solo los encargados de visados, las notas confidenciales solo quienes deciden.",
    ),
    "Member States see only the name, country, website and type of organizations applying for special accreditation — never a person's data.": (
        "Les États Membres ne voient que le nom, le pays, le site web et le type des organisations qui demandent une accréditation spéciale — jamais les données d’une personne.",
        "Los Estados Miembros solo ven el nombre, el país, el sitio web y el tipo de las organizaciones que solicitan una acreditación especial — nunca los datos de una persona.",
    ),
    "Anyone can see the list of accredited organizations (name, country, type) — no person is listed.": (
        "Tout le monde peut consulter la liste des organisations accréditées (nom, pays, type) — aucune personne n’y figure.",
        "Cualquiera puede ver la lista de organizaciones acreditadas (nombre, país, tipo) — no figura ninguna persona.",
    ),
    "A consular officer who verifies a visa support letter sees the holder's name and nationality, the last four characters of the passport number and whether the letter is valid.": (
        "Un agent consulaire qui vérifie une lettre d’appui pour le visa voit le nom et la nationalité du titulaire, les quatre derniers caractères du numéro de passeport et si la lettre est valide.",
        "Un funcionario consular que verifica una carta de apoyo para el visado ve el nombre y la nacionalidad del titular, los cuatro últimos caracteres del número de pasaporte y si la carta es válida.",
    ),
    "We do not sell or share personal data with anyone else, and we do not use advertising or tracking.": (
        "Nous ne vendons ni ne partageons les données personnelles avec quiconque, et nous n’utilisons ni publicité ni pistage.",
        "No vendemos ni compartimos los datos personales con nadie más, y no usamos publicidad ni rastreo.",
    ),
    "How long we keep it": (
        "Combien de temps nous les conservons",
        "Cuánto tiempo los conservamos",
    ),
    "Passport data, photos, dates of birth and contact details of representatives are erased some time after the Forum ends.": (
        "Les données de passeport, les photos, les dates de naissance et les coordonnées des représentants sont effacées quelque temps après la fin du Forum.",
        "Los datos de pasaporte, las fotos, las fechas de nacimiento y los datos de contacto de los representantes se borran algún tiempo después de que termine el Foro.",
    ),
    "What remains is the record of participation (names and organizations, as in a list of participants) and anonymous statistics.": (
        "Il reste la trace de la participation (noms et organisations, comme dans une liste des participants) et des statistiques anonymes.",
        "Queda el registro de la participación (nombres y organizaciones, como en una lista de participantes) y estadísticas anónimas.",
    ),
    "Nominating someone else": (
        "Désigner une autre personne",
        "Designar a otra persona",
    ),
    "A focal point who nominates a representative confirms that the person has read this notice and agrees that their data is used as it describes. We record when and under which version of this notice.": (
        "Le point focal qui désigne un représentant confirme que la personne a lu cet avis et accepte que ses données soient utilisées comme il le décrit. Nous enregistrons quand et sous quelle version de cet avis.",
        "El punto focal que designa a un representante confirma que la persona ha leído este aviso y acepta que sus datos se usen como en él se describe. Registramos cuándo y con qué versión de este aviso.",
    ),
    "Your choices": (
        "Vos choix",
        "Sus opciones",
    ),
    "You can correct your data on your page, withdraw a nomination at any time, and ask the Secretariat to see or erase your data by answering any e-mail from this site.": (
        "Vous pouvez corriger vos données sur votre page, retirer une désignation à tout moment, et demander au Secrétariat de voir ou d’effacer vos données en répondant à n’importe quel courriel de ce site.",
        "Puede corregir sus datos en su página, retirar una designación en cualquier momento y pedir a la Secretaría ver o borrar sus datos respondiendo a cualquier correo electrónico de este sitio.",
    ),
    'How we use and protect personal data: <a href="%(privacy_url)s">privacy notice</a>.': (
        'Comment nous utilisons et protégeons les données personnelles\xa0: <a href="%(privacy_url)s">avis de confidentialité</a>.',
        'Cómo usamos y protegemos los datos personales: <a href="%(privacy_url)s">aviso de privacidad</a>.',
    ),
    'Before you nominate someone, share the <a href="%(privacy_url)s">privacy notice</a> with them: it says what we do with their data.': (
        'Avant de désigner une personne, communiquez-lui l’<a href="%(privacy_url)s">avis de confidentialité</a>\xa0: il indique ce que nous faisons de ses données.',
        'Antes de designar a alguien, comparta con esa persona el <a href="%(privacy_url)s">aviso de privacidad</a>: indica qué hacemos con sus datos.',
    ),
    "This person has read the privacy notice and agrees that their data is used as it describes.": (
        "Cette personne a lu l’avis de confidentialité et accepte que ses données soient utilisées comme il le décrit.",
        "Esta persona ha leído el aviso de privacidad y acepta que sus datos se usen como en él se describe.",
    ),
    "Confirm that the representative agrees to the privacy notice.": (
        "Confirmez que le représentant accepte l’avis de confidentialité.",
        "Confirme que el representante acepta el aviso de privacidad.",
    ),
    "consent given": (
        "consentement donné",
        "consentimiento dado",
    ),
    "privacy notice version": (
        "version de l’avis de confidentialité",
        "versión del aviso de privacidad",
    ),
}


# Plural messages: msgid -> ((French singular, plural), (Spanish singular, plural)).
PLURALS = {
    "Passport data, photos, dates of birth and contact details of representatives are erased %(days)s day after the Forum ends.": (
        (
            "Les données de passeport, les photos, les dates de naissance et les coordonnées des représentants sont effacées %(days)s jour après la fin du Forum.",
            "Les données de passeport, les photos, les dates de naissance et les coordonnées des représentants sont effacées %(days)s jours après la fin du Forum.",
        ),
        (
            "Los datos de pasaporte, las fotos, las fechas de nacimiento y los datos de contacto de los representantes se borran %(days)s día después de que termine el Foro.",
            "Los datos de pasaporte, las fotos, las fechas de nacimiento y los datos de contacto de los representantes se borran %(days)s días después de que termine el Foro.",
        ),
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
            if entry.msgid_plural and entry.msgid in PLURALS:
                singular, plural = PLURALS[entry.msgid][index]
                entry.msgstr_plural = {0: singular, 1: plural}
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            elif entry.msgid in TABLE and not entry.msgid_plural:
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
