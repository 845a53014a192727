"""Everything works without JavaScript, in Chromium with scripts turned off.

Public pages (the landing page and its language switcher, the programme and a session, the
accredited organizations with a filter, the verification of a letter); the NGO path (sign up,
confirm, register the organization, save the application, upload the documents, submit); and
the delegate's pages (their page, the visa-letter request with its errors then accepted, taking
a seat). Every form is sent by the browser itself and the page shows its result or its errors.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accreditation.enums import StakeholderType
from tests.e2e.helpers import expect_success, field, link_in_mail, portal_sign_in, write_file
from tests.factories import (
    PEOPLE,
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    SessionFactory,
    UserFactory,
    VisaLetterFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db(transaction=True)

FORUM = "International Migration Review Forum 2026"
ROUND_TABLE = "Round table 2: Protecting migrants' rights, integration and inclusion"
VIEWPORT = {"width": 1280, "height": 900}


def page_without_javascript(browser, live_server) -> Page:
    """A browser with JavaScript turned off (the page audit re-opens its pages with scripts on)."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=VIEWPORT, java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Make sure: a script that would change the text does not run.
    page.set_content(
        "<p id='probe'>scripts off</p><script>document.getElementById('probe').textContent = 'on'</script>"
    )
    expect(page.locator("#probe")).to_have_text("scripts off")
    return page


def expect_errors(page: Page, *lines: str) -> None:
    """The error summary at the top of the form lists each problem, linked to its field."""
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    for line in lines:
        expect(summary.get_by_role("link", name=line)).to_be_visible()


def test_public_pages_without_javascript(browser, live_server):
    forum = ActiveForumFactory(name=FORUM, short_name="IMRF2026")
    SessionFactory(forum=forum, number=1, title="Round table 1: Drivers of migration")
    session = SessionFactory(forum=forum, number=2, title=ROUND_TABLE, room="Conference Room 2")
    SessionFactory(forum=forum, hearing=True)
    sahel = AccreditationFactory(
        forum=forum, accredited=True, organization__name="Sahel Migrants Network", organization__country="NE"
    )
    AccreditationFactory(
        forum=forum,
        accredited=True,
        organization__name="Andean Diaspora Council",
        organization__country="PE",
        organization__stakeholder_type=StakeholderType.DIASPORA,
    )
    AccreditationFactory(forum=forum, organization__name="Still Under Review")  # submitted, not listed
    letter = VisaLetterFactory(issued=True, delegate=DelegateFactory(accreditation=sahel), passport_number="FP482913")
    page = page_without_javascript(browser, live_server)

    # The landing page; the language switcher is a plain form.
    page.goto("/")
    expect(page.get_by_role("heading", name=FORUM, level=1)).to_be_visible()
    page.get_by_label("Language", exact=True).select_option("fr")
    page.get_by_role("button", name="Change language").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_label("Langue", exact=True).select_option("en")
    page.get_by_role("button", name="Changer de langue").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The programme, filtered by kind of session, then a session's page.
    page.get_by_role("link", name="Programme", exact=True).first.click()
    expect(page.get_by_role("heading", name="Programme", level=1)).to_be_visible()
    expect(page.get_by_role("heading", level=3)).to_have_count(3)
    page.get_by_label("Kind of session").select_option("round_table")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"kind=round_table"))
    expect(page.get_by_role("heading", level=3)).to_have_count(2)
    page.get_by_role("link", name=ROUND_TABLE).click()
    expect(page.get_by_role("heading", name=ROUND_TABLE, level=1)).to_be_visible()
    expect(page.locator("dd").filter(has_text="Conference Room 2")).to_be_visible()
    expect(page.get_by_text(f"{session.stakeholder_seats} of {session.stakeholder_seats} left")).to_be_visible()

    # The accredited organizations, filtered by country.
    page.get_by_role("link", name="Accredited organizations").first.click()
    table = page.get_by_role("table", name="Accredited organizations")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and two organizations
    page.get_by_label("Country").select_option("PE")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"country=PE"))
    expect(table.get_by_role("row")).to_have_count(2)
    expect(table).to_contain_text("Andean Diaspora Council")
    expect(table).not_to_contain_text("Sahel Migrants Network")
    expect(page.get_by_label("Country")).to_have_value("PE")

    # The verification form: its errors, then a letter's answer.
    page.goto("/verify/")
    page.get_by_role("button", name="Verify").click()
    expect_errors(page, "Reference of the letter: This field is required.")
    field(page, "Reference of the letter").fill(letter.reference.lower())
    field(page, "Passport number of the holder").fill("fp 482 913")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Verification of a visa support letter")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Valid")
    expect(page.locator("dl")).to_contain_text(letter.reference)


def test_ngo_path_without_javascript(browser, live_server, tmp_path):
    ActiveForumFactory(name=FORUM)
    email = "grace.achieng@kituo.example"
    page = page_without_javascript(browser, live_server)

    # Sign up (first with passwords that differ), confirm the address.
    page.goto("/")
    page.get_by_role("link", name="Register", exact=True).click()
    field(page, "Email").fill(email)
    field(page, "Your full name").fill("Grace Achieng")
    field(page, "Password").fill("Kituo-cha-Sheria-2026")
    field(page, "Password (again)").fill("Kituo-cha-Sheria-2025")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_have_count(0)
    field(page, "Password").fill("Kituo-cha-Sheria-2026")
    field(page, "Password (again)").fill("Kituo-cha-Sheria-2026")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    page.goto(link_in_mail(email, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/portal/$"))

    # Register the organization: unticking "Legally registered" without saying why is an error.
    page.get_by_role("link", name="Register your organization").click()
    field(page, "Name").fill("Kituo cha Wahamiaji")
    page.get_by_label("Stakeholder type").select_option(label="Migrant organization")
    page.get_by_label("Headquarters country").select_option(label="Kenya")
    page.get_by_label("Headquarters city").fill("Mombasa")
    field(page, "E-mail").fill("info@kituo.example")
    page.get_by_label("Work on migration").fill("Legal aid for migrant workers on the coast.")
    page.get_by_label("Head of the organization").fill("Hassan Omar")
    page.get_by_label("Head's title").fill("Director")
    page.get_by_label("Legally registered").uncheck()
    page.get_by_role("button", name="Register the organization").click()
    expect_errors(page, re.compile(r"^Why it is not registered: Explain why your organization is not registered"))
    expect(field(page, "Name")).to_have_value("Kituo cha Wahamiaji")
    expect(page.get_by_label("Legally registered")).not_to_be_checked()
    page.get_by_label("Why it is not registered").fill("Migrant associations may not register under county law.")
    page.get_by_role("button", name="Register the organization").click()
    expect_success(page, "Your organization is registered")
    expect(page.get_by_role("heading", name="Kituo cha Wahamiaji", level=1)).to_be_visible()

    # The application, saved as a draft.
    page.get_by_role("link", name="Start the application").click()
    page.get_by_role("button", name="Save as draft").click()
    expect_errors(page, "Basis: This field is required.")
    page.get_by_label("Special accreditation").check()
    page.get_by_label("Reason for participation").fill("Migrant workers on the coast have no voice at the review.")
    page.get_by_role("button", name="Save as draft").click()
    expect_success(page, "Your application is saved as a draft.")
    expect(page.locator("#application-status")).to_have_text("Draft")

    # The documents: an upload without a file is an error; then the three documents.
    page.get_by_role("link", name="Add a document").click()
    page.get_by_role("button", name="Upload").click()
    expect_errors(page, "File: This field is required.")
    for kind, filename in [
        ("Statutes or mission statement", "statutes.pdf"),
        ("Letter from the head of the organization", "letter-from-the-head.pdf"),
        ("Alternative proof of existence", "county-letter.pdf"),
    ]:
        if not page.url.endswith("/portal/documents/new/"):
            page.get_by_role("link", name="Add a document").click()
        page.get_by_label("Kind of document").select_option(label=kind)
        field(page, "File").set_input_files(write_file(tmp_path, filename, pdf_bytes()))
        page.get_by_role("button", name="Upload").click()
        expect_success(page, f"“{filename}” is uploaded.")
        expect(page.get_by_role("link", name=f"{kind}: {filename}")).to_be_visible()

    page.get_by_role("button", name="Submit the application").click()
    expect_success(page, "Your application has been sent to the Secretariat.")
    expect(page.locator("#application-status")).to_have_text("Submitted")


def test_delegate_pages_without_javascript(browser, live_server):
    forum = ActiveForumFactory(name=FORUM, short_name="IMRF2026")
    SessionFactory(forum=forum, number=2, title=ROUND_TABLE, stakeholder_seats=40)
    olena = next(person for person in PEOPLE if person.family_name == "Ivanova")
    email = "olena.ivanova@example.org"
    DelegateFactory(
        accreditation=AccreditationFactory(forum=forum, accredited=True, organization__name="Kharkiv Migrant Aid"),
        person=olena,
        email=email,
        country_of_residence="PL",
        user=UserFactory(email=email, full_name="Olena Ivanova"),
        invitation_accepted_at=timezone.now(),
    )
    page = page_without_javascript(browser, live_server)

    # Their own page.
    portal_sign_in(page, email)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", name="Olena IVANOVA", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Your status")).to_contain_text("Approved")

    # The visa-letter request: sent incomplete, it comes back with each error; then accepted.
    page.get_by_role("link", name=re.compile("visa support letter")).click()
    field(page, "Passport number").fill("FP 482 913")
    field(page, "Arrival").fill((forum.ends_on + timedelta(days=2)).isoformat())
    field(page, "Departure").fill((forum.starts_on - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Send the request").click()
    expect_errors(
        page,
        "Passport issued by: This field is required.",
        "Passport issued on: This field is required.",
        "Passport expires on: This field is required.",
        "Place of birth: This field is required.",
    )
    expect(field(page, "Place of birth")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_place_of_birth_error")).to_have_text("This field is required.")
    expect(field(page, "Passport number")).to_have_value("FP 482 913")

    field(page, "Passport issued by").select_option(label="Ukraine")
    field(page, "Passport issued on").fill((timezone.localdate() - timedelta(days=3 * 365)).isoformat())
    field(page, "Passport expires on").fill((forum.ends_on + timedelta(days=7 * 365)).isoformat())
    field(page, "Place of birth").fill(olena.place_of_birth)
    field(page, "Consulate city").fill("Warsaw")
    page.get_by_role("button", name="Send the request").click()
    # The request's own rules come next: the stay must cover the forum.
    expect_errors(page, re.compile(r"^Arrival: Arrival must be between"))
    field(page, "Arrival").fill((forum.starts_on - timedelta(days=1)).isoformat())
    field(page, "Departure").fill((forum.ends_on + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Send the request").click()
    expect_success(page, "Your request has been sent.")
    expect(page.get_by_role("region", name="Your request")).to_contain_text("Requested")

    # Sessions: take a seat.
    page.get_by_role("link", name="Back to my page").click()
    page.get_by_role("link", name="Choose sessions and see your schedule").click()
    choose = page.get_by_role("region", name="Choose sessions")
    choose.get_by_role("button", name=f"Take a seat — {ROUND_TABLE}").click()
    expect_success(page, f"You have a seat in “{ROUND_TABLE}”.")
    schedule = page.get_by_role("region", name="My schedule")
    expect(schedule.get_by_role("listitem").filter(has_text=ROUND_TABLE)).to_contain_text("Confirmed")
    expect(choose.get_by_role("listitem")).to_have_count(0)
