"""The NGO focal point's journey in French and in Spanish, in Chromium.

Sign up, confirm the e-mail address (the e-mail is in the person's language), register an
organization that is not legally registered, apply for special accreditation with its three
documents and submit; once the Secretariat has accredited it (through the services), nominate a
representative. Every text the journey looks for is computed with Django's translation machinery
(never typed in French or Spanish here), so the test follows the catalogues in locale/.

The French run starts from a French browser (Accept-Language); the Spanish run starts from an
English browser and switches with the language switcher. Both then sign in from a fresh English
browser: the language chosen is remembered on the account.
"""

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Page, expect

from accreditation.enums import AccreditationStatus, Basis, DelegateStatus, DocumentKind, ParticipationModality
from accreditation.forms import ApplicationForm, DocumentForm, NominationForm, OrganizationForm
from accreditation.models import Accreditation
from accreditation.services.decisions import accreditation_circulate, accreditation_finalize
from imrf.models import User
from tests.e2e.helpers import expect_success, field, link_in_mail, write_file
from tests.factories import ActiveForumFactory, StaffUserFactory, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Sahel-Crossings-2026!"
VIEWPORT = {"width": 1280, "height": 900}
BROWSER_LOCALES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}

# What the focal point types: data, the same in every language.
PEOPLE = {
    "fr": ("aissata.diallo@voix-sans-frontieres.example", "Aïssata Diallo", "Voix sans frontières", "VSF"),
    "es": ("lucia.quispe@voces-sin-fronteras.example", "Lucía Quispe", "Voces sin Fronteras", "VSIF"),
}
REPRESENTATIVES = [
    ("Thị Ánh", "Nguyễn", date(1988, 3, 14), "anh.nguyen@example.org", "VN", "MY"),
    ("José Luis", "García Márquez", date(1979, 11, 2), "jl.garcia@example.org", "CO", "EC"),
    ("Amani", "Wanjirũ", date(1992, 6, 30), "amani.wanjiru@example.org", "KE", "UG"),
]


def t(language: str, message: str, /, **params) -> str:
    """``message`` as a person reading ``language`` sees it (``%(name)s`` placeholders filled)."""
    with translation.override(language):
        text = gettext(message)
    assert_translated(language, message, text)
    return text % params if params else text


def tn(language: str, singular: str, plural: str, count: int, /, **params) -> str:
    with translation.override(language):
        text = ngettext(singular, plural, count)
    assert_translated(language, plural if count != 1 else singular, text)
    return text % params


def assert_translated(language: str, message: str, text: str) -> None:
    """A phrase the catalogue leaves in English would pass unnoticed (the page and the test would
    agree): every phrase this journey looks for has a translation."""
    if language != "en" and " " in message:
        assert text != message, f"{message!r} has no {language} translation in the catalogues"


def labels(language: str, form) -> dict[str, str]:
    """The labels of a form's fields in ``language`` (model fields' verbose names, capitalized)."""
    with translation.override(language):
        return {name: str(bound.label) for name, bound in form.fields.items()}


def pair(language: str, label: str, value: str) -> str:
    """ "label: value" as written in ``language`` (French puts a no-break space before the colon)."""
    with translation.override(language):
        return gettext("%(label)s: %(value)s") % {"label": label, "value": value}


def choice(language: str, label) -> str:
    with translation.override(language):
        return str(label)


def expect_language(page: Page, language: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    nav = page.get_by_role("navigation", name=t(language, "Main"))
    expect(nav.get_by_role("link", name=t(language, "Programme"), exact=True)).to_be_visible()


@pytest.mark.parametrize(
    ("language", "start_in_english"),
    [pytest.param("fr", False, id="fr-from-browser"), pytest.param("es", True, id="es-from-switcher")],
)
def test_focal_point_journey_in_another_language(browser, live_server, tmp_path, language, start_in_english):
    forum = ActiveForumFactory(name="International Migration Review Forum 2026", delegate_cap=3)
    email, full_name, organization_name, acronym = PEOPLE[language]

    def _(message: str, **params) -> str:
        return t(language, message, **params)

    context = browser.new_context(
        base_url=live_server.url,
        locale=BROWSER_LOCALES["en" if start_in_english else language],
        viewport=VIEWPORT,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()

    # 1. The landing page, in the browser's language; or in English, switched with the switcher.
    page.goto("/")
    if start_in_english:
        expect_language(page, "en")
        page.get_by_label(t("en", "Language"), exact=True).select_option(language)
        page.get_by_role("button", name=t("en", "Change language")).click()
        expect(page).to_have_url(re.compile(r"/$"))
    expect_language(page, language)
    expect(page.get_by_label(_("Language"), exact=True)).to_have_value(language)
    with translation.override(language):
        forum_dates = gettext("%(start)s to %(end)s · %(venue)s, %(city)s") % {
            "start": date_format(forum.starts_on, "DATE_FORMAT"),
            "end": date_format(forum.ends_on, "DATE_FORMAT"),
            "venue": forum.venue,
            "city": forum.city,
        }
    expect(page.get_by_text(forum_dates)).to_be_visible()

    # 2. Sign up; the confirmation e-mail is in the language; confirm and land signed in.
    page.get_by_role("link", name=_("Register your organization")).click()
    expect_language(page, language)
    field(page, _("Email")).fill(email)
    field(page, _("Your full name")).fill(full_name)
    field(page, _("Password")).fill(PASSWORD)
    field(page, _("Password (again)")).fill(PASSWORD)
    page.get_by_role("button", name=_("Sign Up")).click()
    expect(page.get_by_role("heading", name=_("Verify Your Email Address"))).to_be_visible()

    confirmation = [message for message in mail.outbox if email in message.to][-1]
    assert confirmation.subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Please Confirm Your Email Address")
    page.goto(link_in_mail(email, "/accounts/confirm-email/"))
    expect_language(page, language)
    expect(page.get_by_role("heading", name=_("Confirm Email Address"))).to_be_visible()
    page.get_by_role("button", name=_("Confirm"), exact=True).click()
    expect(page.get_by_role("link", name=_("Sign out"))).to_be_visible()
    assert User.objects.get(email=email).language == language

    # 3. Register the organization; it is not legally registered.
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("heading", name=_("Register your organization"), level=1)).to_be_visible()
    page.get_by_role("link", name=_("Register your organization")).click()
    expect_language(page, language)
    organization = labels(language, OrganizationForm())
    field(page, organization["name"]).fill(organization_name)
    field(page, organization["acronym"]).fill(acronym)
    field(page, organization["stakeholder_type"]).select_option("migrant")
    field(page, organization["country"]).select_option("NE")
    field(page, organization["city"]).fill("Agadez")
    field(page, organization["email"]).fill(f"contact@{email.split('@')[1]}")
    field(page, organization["migration_work"]).fill("Legal aid and shelter for migrants crossing the Sahel.")
    field(page, organization["head_name"]).fill("Moussa Abdou")
    field(page, organization["head_title"]).fill("Coordinator")
    field(page, organization["year_founded"]).fill("2011")
    registered = field(page, organization["is_registered"])
    registered.uncheck()
    expect(registered).not_to_be_checked()
    field(page, organization["registration_explanation"]).fill(
        "The authorities refuse to register associations that assist migrants in transit."
    )
    page.get_by_role("button", name=_("Register the organization")).click()
    expect_success(page, _("Your organization is registered. You can now apply for accreditation."))
    expect(page.get_by_role("heading", name=organization_name, level=1)).to_be_visible()
    expect(page.get_by_text(_("Not registered with national authorities."))).to_be_visible()

    # The deadlines are dates in the language, in the venue's time zone.
    deadlines = page.locator("dl.deadlines dd")
    for position, moment in enumerate(
        [forum.applications_close_at, forum.nominations_close_at, forum.visa_requests_close_at]
    ):
        local = timezone.localtime(moment, forum.tzinfo)
        with translation.override(language):
            expected = date_format(local, "DATETIME_FORMAT")
        with translation.override("en"):
            assert expected != date_format(local, "DATETIME_FORMAT"), "the test needs a date that differs in English"
        expect(deadlines.nth(position)).to_have_text(expected)

    # 4. The application: special accreditation, saved as a draft.
    page.get_by_role("link", name=_("Start the application")).click()
    expect_language(page, language)
    application = labels(language, ApplicationForm())
    page.get_by_label(choice(language, Basis.SPECIAL.label), exact=True).check()
    field(page, application["reason_for_participation"]).fill(
        "We speak for migrants stranded in the Sahel, whose voices the review must hear."
    )
    page.get_by_role("button", name=_("Save as draft")).click()
    expect_success(page, _("Your application is saved as a draft."))
    status = page.locator("#application-status")
    expect(status).to_have_text(choice(language, AccreditationStatus.DRAFT.label))
    missing = page.get_by_role("note").filter(has_text=_("Still missing before you can submit"))
    expect(missing.get_by_role("listitem")).to_have_count(3)
    expect(page.get_by_role("button", name=_("Submit the application"))).to_have_count(0)

    # 5. The three documents, then submit.
    document = labels(language, DocumentForm())
    for kind, filename in [
        (DocumentKind.STATUTES, "statuts.pdf"),
        (DocumentKind.HEAD_LETTER, "lettre-du-responsable.pdf"),
        (DocumentKind.ALTERNATIVE_PROOF, "revue-de-presse.pdf"),
    ]:
        page.get_by_role("link", name=_("Add a document")).click()
        expect_language(page, language)
        field(page, document["kind"]).select_option(label=choice(language, kind.label))
        field(page, document["file"]).set_input_files(write_file(tmp_path, filename, pdf_bytes()))
        page.get_by_role("button", name=_("Upload")).click()
        expect_success(page, _("“%(name)s” is uploaded.", name=filename))
        expect(page.get_by_role("link", name=pair(language, choice(language, kind.label), filename))).to_be_visible()
    expect(missing).to_have_count(0)

    page.get_by_role("button", name=_("Submit the application")).click()
    expect_success(page, _("Your application has been sent to the Secretariat."))
    expect(status).to_have_text(choice(language, AccreditationStatus.SUBMITTED.label))
    expect(page.get_by_role("link", name=_("Add a document"))).to_have_count(0)

    # 6. The Secretariat circulates it; the non-objection period ends; it is accredited.
    officer = StaffUserFactory(email="officer@un.example", full_name="Kofi Mensah")
    accreditation = Accreditation.objects.get(organization__name=organization_name, forum=forum)
    accreditation_circulate(accreditation=accreditation, actor=officer)
    Accreditation.objects.filter(pk=accreditation.pk).update(
        non_objection_ends_at=timezone.now() - timedelta(minutes=1)
    )
    accreditation_finalize(accreditation=accreditation, actor=officer)
    accredited_mail = [message for message in mail.outbox if email in message.to][-1]
    assert accredited_mail.subject == settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Your organization is accredited")

    page.reload()
    expect_language(page, language)
    expect(status).to_have_text(choice(language, AccreditationStatus.ACCREDITED.label))
    cap = forum.delegate_cap
    places = "%(used)s of %(cap)s place taken.", "%(used)s of %(cap)s places taken."
    expect(page.get_by_text(tn(language, *places, cap, used=0, cap=cap))).to_be_visible()

    # 7. Nominate three representatives: the organization's whole allowance.
    nomination = labels(language, NominationForm(forum=forum))
    photo = write_file(tmp_path, "photo.jpg", image_bytes(size=(400, 480)))
    for used, (given, family, born, representative_email, nationality, residence) in enumerate(REPRESENTATIVES):
        page.get_by_role("link", name=_("Nominate a representative")).click()
        expect_language(page, language)
        field(page, nomination["family_name"]).fill(family)
        field(page, nomination["given_names"]).fill(given)
        field(page, nomination["date_of_birth"]).fill(born.isoformat())
        field(page, nomination["nationality"]).select_option(nationality)
        field(page, nomination["country_of_residence"]).select_option(residence)
        field(page, nomination["email"]).fill(representative_email)
        field(page, nomination["job_title"]).fill("Programme officer")
        page.get_by_label(choice(language, ParticipationModality.IN_PERSON.label), exact=True).check()
        field(page, nomination["photo"]).set_input_files(photo)
        page.get_by_label(nomination["privacy_consent"]).check()
        page.get_by_role("button", name=_("Nominate"), exact=True).click()
        printed = f"{given} {family.upper()}"
        expect_success(page, _("%(name)s is nominated. We e-mailed them a link to their own page.", name=printed))
        expect_language(page, language)
        table = page.get_by_role("table", name=_("Representatives of the organization"))
        expect(table.get_by_role("row").filter(has_text=printed)).to_contain_text(
            choice(language, DelegateStatus.NOMINATED.label)
        )
        expect(page.get_by_text(tn(language, *places, cap, used=used + 1, cap=cap))).to_be_visible()
    # The allowance is used: no more "Nominate" link.
    expect(page.get_by_role("link", name=_("Nominate a representative"))).to_have_count(0)
    context.close()

    # 8. Another day, an English browser: once signed in, the pages are in the language chosen.
    fresh = browser.new_context(base_url=live_server.url, locale=BROWSER_LOCALES["en"], viewport=VIEWPORT)
    fresh.set_default_timeout(15_000)
    page = fresh.new_page()
    page.goto("/accounts/login/")
    expect_language(page, "en")
    field(page, t("en", "Email")).fill(email)
    field(page, t("en", "Password")).fill(PASSWORD)
    page.get_by_role("button", name=t("en", "Sign In")).click()
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect_language(page, language)
    expect(page.get_by_role("link", name=_("Sign out"))).to_be_visible()
    expect(page.get_by_label(_("Language"), exact=True)).to_have_value(language)
    expect(page.locator("#application-status")).to_have_text(choice(language, AccreditationStatus.ACCREDITED.label))
    page.get_by_role("link", name=_("Programme"), exact=True).click()
    expect_language(page, language)
    expect(page.get_by_role("heading", name=_("Programme"), level=1)).to_be_visible()
    fresh.close()
