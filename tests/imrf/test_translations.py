"""The French and Spanish catalogues: complete, faithful to their placeholders, compiled, and used.

The catalogue checks read ``locale/<lang>/LC_MESSAGES/django.po`` with polib and need no
database. The compiled ``.mo`` files are committed (a fresh checkout needs no gettext), so
they are checked against their ``.po`` by content, not by modification time: each ``.mo``
must hold exactly the translated messages of its ``.po``. After ``makemessages``, translate
every new message, then ``compilemessages --ignore=.venv``.
"""

import gettext
import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

LANGUAGES = ["fr", "es"]
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
}
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
NBSP = "\u00a0"

# %(name)s, %(name)d, %s, %d, {name} (letter-template placeholders), HTML tags and entities.
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sd]|%[sd]|\{[A-Za-z_]\w*\}|</?[A-Za-z][^<>]*>|&#?\w+;")
HTML = re.compile(r"</?[A-Za-z][^<>]*>|&#?\w+;")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def _messages(language: str) -> list[polib.POEntry]:
    return [entry for entry in _catalogue(language) if not entry.obsolete]


def _label(entry: polib.POEntry) -> str:
    where = entry.occurrences[0] if entry.occurrences else ("?", "")
    return f"{entry.msgid!r} ({where[0]}:{where[1]})"


def _forms(entry: polib.POEntry) -> list[str]:
    if not entry.msgid_plural:
        return [entry.msgstr]
    return [entry.msgstr_plural.get(index, "") for index in range(max(len(entry.msgstr_plural), 2))]


def _placeholder_errors(entry: polib.POEntry) -> list[str]:
    if not entry.msgid_plural:
        if Counter(PLACEHOLDER.findall(entry.msgid)) != Counter(PLACEHOLDER.findall(entry.msgstr)):
            return [f"{_label(entry)} -> {entry.msgstr!r}"]
        return []
    singular = Counter(PLACEHOLDER.findall(entry.msgid))
    plural = Counter(PLACEHOLDER.findall(entry.msgid_plural))
    errors = []
    for index, form in sorted(entry.msgstr_plural.items()):
        reference = singular if index == 0 else plural
        found = Counter(PLACEHOLDER.findall(form))
        # Form 0 also covers 0 in French, so it may carry the plural's number.
        allowed = reference | (plural if index == 0 else Counter())
        extra = found - allowed
        # A form may drop a placeholder only if the English singular lacks it too.
        dropped = {name: n for name, n in (reference - found).items() if singular[name] > 0 or HTML.match(name)}
        html_differs = Counter(HTML.findall(form)) != Counter(
            HTML.findall(entry.msgid if index == 0 else entry.msgid_plural)
        )
        if extra or dropped or html_differs:
            errors.append(f"{_label(entry)} form {index} -> {form!r}")
    return errors


# --- the catalogues ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    untranslated = [_label(entry) for entry in _messages(language) if not all(_forms(entry))]
    assert untranslated == [], f"{len(untranslated)} untranslated in {language}: {untranslated[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_fuzzy(language):
    catalogue = _catalogue(language)
    fuzzy = [_label(entry) for entry in catalogue if "fuzzy" in entry.flags and not entry.obsolete]
    assert not catalogue.metadata_is_fuzzy
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_tags(language):
    errors = [error for entry in _messages(language) for error in _placeholder_errors(entry)]
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_leading_and_trailing_whitespace(language):
    def edges(text: str) -> tuple[str, str]:
        return (text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :])

    errors = []
    for entry in _messages(language):
        sources = [entry.msgid] if not entry.msgid_plural else [entry.msgid, entry.msgid_plural]
        for index, form in enumerate(_forms(entry)):
            source = sources[min(index, len(sources) - 1)]
            if form and edges(form) != edges(source):
                errors.append(_label(entry))
    assert errors == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_header(language):
    catalogue = _catalogue(language)
    assert catalogue.metadata["Plural-Forms"] == PLURAL_FORMS[language]
    assert catalogue.metadata["Language"] == language
    assert catalogue.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    for entry in _messages(language):
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], _label(entry)


def test_placeholder_check_catches_a_broken_translation():
    broken = polib.POEntry(msgid="Dear %(recipient)s,", msgstr="Bonjour %(destinataire)s,")
    assert _placeholder_errors(broken)
    renamed_tag = polib.POEntry(msgid="Say <b>%(name)s</b>", msgstr="Dites <strong>%(name)s</strong>")
    assert _placeholder_errors(renamed_tag)
    kept_brace = polib.POEntry(msgid="e.g. {full_name}", msgstr="p. ex. {full_name}")
    assert _placeholder_errors(kept_brace) == []
    dropped_count = polib.POEntry(
        msgid="%(count)d seat",
        msgid_plural="%(count)d seats",
        msgstr_plural={0: "Une place", 1: "%(count)d places"},
    )
    assert _placeholder_errors(dropped_count)
    english_singular_without_count = polib.POEntry(
        msgid="One seat",
        msgid_plural="%(count)d seats",
        msgstr_plural={0: "%(count)d place", 1: "%(count)d places"},
    )
    assert _placeholder_errors(english_singular_without_count) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_holds_exactly_the_translated_messages(language):
    """The committed .mo is the .po compiled: same messages, same translations."""
    expected = {}
    for entry in _messages(language):
        if "fuzzy" in entry.flags:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, form in entry.msgstr_plural.items():
                if form:
                    expected[(key, index)] = form
        elif entry.msgstr:
            expected[key] = entry.msgstr
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo", "rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)
    catalog = {key: value for key, value in compiled._catalog.items() if key != ""}
    missing = sorted(str(key) for key in expected.keys() - catalog.keys())
    stale = sorted(str(key) for key in catalog.keys() - expected.keys())
    changed = sorted(str(key) for key in expected.keys() & catalog.keys() if expected[key] != catalog[key])
    assert (missing, stale, changed) == ([], [], []), "run: manage.py compilemessages --ignore=.venv"
    # The plural rule comes from the header: French uses the singular for zero, Spanish does not.
    assert [compiled.plural(n) for n in (0, 1, 2)] == {"fr": [0, 0, 1], "es": [1, 0, 1]}[language]


# --- the catalogues in use --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "sign_in", "title"),
    [
        ("fr", "Se connecter", "Accréditation au FEMI"),
        ("es", "Iniciar sesión", "Acreditación para el FEMI"),
    ],
)
def test_key_strings_render_translated(language, sign_in, title):
    with translation.override(language):
        assert _("Sign in") == sign_in
        assert _("IMRF Accreditation") == title
        assert (
            translation.ngettext("%(left)s seat left", "%(left)s seats left", 2) % {"left": 2}
            == {
                "fr": "2 places restantes",
                "es": "Quedan 2 asientos",
            }[language]
        )
        assert (
            translation.ngettext("%(left)s seat left", "%(left)s seats left", 1) % {"left": 1}
            == {
                "fr": "1 place restante",
                "es": "Queda 1 asiento",
            }[language]
        )
        # French uses the singular for zero, Spanish the plural.
        assert (
            translation.ngettext("%(left)s seat left", "%(left)s seats left", 0) % {"left": 0}
            == {
                "fr": "0 place restante",
                "es": "Quedan 0 asientos",
            }[language]
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            f"Votre organisation compte déjà 3 représentants sur 3{NBSP}: Brian OTIENO, Li CHEN, María José PÉREZ. "
            "Pour désigner une autre personne, retirez d’abord l’un d’entre eux.",
        ),
        (
            "es",
            "Su organización ya tiene 3 de 3 representantes: Brian OTIENO, Li CHEN, María José PÉREZ. "
            "Para designar a otra persona, retire primero a uno de ellos.",
        ),
    ],
)
def test_the_cap_message_of_nominations_is_translated(language, expected):
    from accreditation.errors import AccreditationError
    from accreditation.services.nominations import delegate_nominate
    from tests.factories import AccreditationFactory, DelegateFactory, nominee_data

    accreditation = AccreditationFactory(accredited=True)
    for given, family in (("Brian", "Otieno"), ("Li", "Chen"), ("María José", "Pérez")):
        DelegateFactory(accreditation=accreditation, given_names=given, family_name=family)
    person = nominee_data()

    with translation.override(language), pytest.raises(AccreditationError) as caught:
        delegate_nominate(accreditation=accreditation, data=person, actor=None)

    assert caught.value.code == "cap"
    assert caught.value.message == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject", "greeting", "sentence"),
    [
        (
            "fr",
            "[IMRF] Votre organisation est accréditée",
            "Bonjour Amina Wanjiku,",
            "Migrants Forum est accréditée au International Migration Review Forum 2026.",
        ),
        (
            "es",
            "[IMRF] Su organización está acreditada",
            "Estimado/a Amina Wanjiku:",
            "Migrants Forum está acreditada ante el International Migration Review Forum 2026.",
        ),
    ],
)
def test_an_email_is_rendered_in_the_recipients_language(mailoutbox, language, subject, greeting, sentence):
    from imrf.mail import deliver_templated_email

    deliver_templated_email.enqueue(
        template="accredited",
        to=["amina@example.org"],
        language=language,
        context={
            "recipient": "Amina Wanjiku",
            "organization": "Migrants Forum",
            "forum": "International Migration Review Forum 2026",
            "portal_url": "https://example.org/portal/",
        },
    )

    [message] = mailoutbox
    assert message.subject == subject
    assert greeting in message.body
    assert sentence in message.body
    assert "You can now" not in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "headings"),
    [
        (
            "fr",
            [
                "Forum d’examen des migrations internationales",
                "Qui peut présenter une demande",
                "Deux voies d’accréditation",
                "Représentants",
                "Dates limites",
            ],
        ),
        (
            "es",
            [
                "Foro de Examen de la Migración Internacional",
                "Quién puede presentar una solicitud",
                "Dos vías de acreditación",
                "Representantes",
                "Plazos",
            ],
        ),
    ],
)
def test_the_landing_page_follows_accept_language(language, headings):
    response = Client(HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5").get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    found = [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, re.S)]
    for heading in headings:
        assert heading in found, (heading, found)
    assert "Who can apply" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "signed_in"),
    [("fr", "Connexion avec {} réussie."), ("es", "Ha iniciado sesión exitosamente como {}.")],
)
def test_signing_in_switches_to_the_accounts_language_at_once(language, signed_in):
    """From an English browser, a person whose account says French (or Spanish) reads the
    "signed in" message and the page it leads to in their language."""
    from allauth.account.utils import user_display

    from tests.factories import PASSWORD, UserFactory

    user = UserFactory(language=language)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, follow=True)

    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [signed_in.format(user_display(user))]
    assert f'<html lang="{language}">' in response.content.decode()
