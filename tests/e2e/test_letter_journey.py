"""A delegate's visa support letter, in Chromium: request, issue, download, verify, revoke.

An approved in-person representative requests the letter from their own page; a Visa officer
issues it with the bulk action; the delegate downloads the PDF, whose QR code's address a
consular officer opens to find it valid. The officer revokes it and the same address says so.
The visa is refused: the delegate reports it and switches to virtual participation, keeping
their place in the delegation.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    admin_action_on_one_row,
    admin_sign_in,
    download,
    expect_success,
    field,
    new_context,
    pdf_screenshot,
    pdf_text,
    portal_sign_in,
    screenshot,
)
from tests.factories import (
    PEOPLE,
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

DELEGATE = "olena.ivanova@example.org"
VISA_OFFICER = "carlos.mendoza@un.example"
PASSPORT = "FP 482 913"
FULL_NAME = "Olena IVANOVA"  # as every page and the letter print it
VERIFY_URL = re.compile(r"https?://[^\s/]+(?P<path>/verify/[A-Za-z0-9_-]{20,64}/)")


def test_delegate_gets_a_visa_letter_verified_revoked_then_participates_virtually(browser, page, live_server):
    forum = ActiveForumFactory(name="International Migration Review Forum 2026", short_name="IMRF2026")
    accreditation = AccreditationFactory(
        forum=forum, accredited=True, organization__name="Kharkiv Human Rights Group on Migration"
    )
    olena = next(person for person in PEOPLE if person.family_name == "Ivanova")
    DelegateFactory(
        accreditation=accreditation,
        person=olena,
        email=DELEGATE,
        country_of_residence="PL",
        user=UserFactory(email=DELEGATE, full_name="Olena Ivanova"),
        invitation_accepted_at=timezone.now(),
    )
    # Someone else's request waits in the same queue: the officer issues only the one selected.
    # (Named explicitly: the factory's sequence of names could otherwise give Olena's name again.)
    someone_else = next(person for person in PEOPLE if person.family_name != "Ivanova")
    VisaLetterFactory(delegate=DelegateFactory(accreditation=accreditation, person=someone_else))
    StaffUserFactory(email=VISA_OFFICER, full_name="Carlos Mendoza", group="Visa officers")

    # 1. The delegate signs in, lands on their own page and requests the letter.
    portal_sign_in(page, DELEGATE)
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", name=FULL_NAME, level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile("visa support letter")).click()
    expect(page.get_by_role("heading", name="Visa support letter", level=1)).to_be_visible()
    field(page, "Passport number").fill(PASSPORT)
    field(page, "Passport issued by").select_option(label="Ukraine")
    field(page, "Passport issued on").fill((timezone.localdate() - timedelta(days=3 * 365)).isoformat())
    field(page, "Passport expires on").fill((forum.ends_on + timedelta(days=7 * 365)).isoformat())
    field(page, "Place of birth").fill(olena.place_of_birth)
    field(page, "Consulate country").select_option(label="Poland")
    field(page, "Consulate city").fill("Warsaw")
    field(page, "Arrival").fill((forum.starts_on - timedelta(days=1)).isoformat())
    field(page, "Departure").fill((forum.ends_on + timedelta(days=1)).isoformat())
    field(page, "Language of the letter").select_option(label="English")
    page.get_by_role("button", name="Send the request").click()
    expect_success(page, "Your request has been sent.")
    expect(page.get_by_role("region", name="Your request")).to_contain_text("Requested")
    expect(page.get_by_role("button", name="Send the request")).to_have_count(0)

    # 2. A Visa officer issues it from the queue with the bulk action.
    officer_context = new_context(browser, live_server.url)
    consulate_context = new_context(browser, live_server.url)
    try:
        officer = officer_context.new_page()
        admin_sign_in(officer, VISA_OFFICER)
        officer.get_by_role("link", name="Visa support letters", exact=True).first.click()
        expect(officer.locator("#result_list tbody tr")).to_have_count(2)
        admin_action_on_one_row(officer, f"Request by {FULL_NAME}", "Issue the letter")
        rows = officer.locator("#result_list tbody tr")
        expect(rows.filter(has_text=FULL_NAME)).to_contain_text("Issued")
        expect(rows.filter(has_text="IMRF2026-000001")).to_have_count(1)
        expect(rows.filter(has_not_text=FULL_NAME)).to_contain_text("Requested")
        assert "Your visa support letter is ready" in [m.subject for m in mail.outbox if DELEGATE in m.to][-1]

        # 3. The delegate downloads the letter: a real PDF, with the reference and the address to verify it.
        page.reload()
        letter_section = page.get_by_role("region", name="Your letter")
        expect(letter_section).to_contain_text("IMRF2026-000001")
        expect(letter_section).to_contain_text("••••2913")
        content = download(page, "Download the letter (PDF)")
        text = pdf_text(content)
        reference = re.search(r"Reference: (IMRF2026-\d{6})", text).group(1)
        assert reference == "IMRF2026-000001"
        assert "Visa support letter for Olena IVANOVA" in text
        assert "FP482913" in text  # the full number is on the letter itself, and only there
        verify_path = VERIFY_URL.search(text).group("path")
        pdf_screenshot(content, "visa-letter.png")

        # 4. A consular officer opens the address (no account): valid, with the name and masked passport.
        consulate = consulate_context.new_page()
        consulate.goto(verify_path)
        expect_verification(consulate, "Valid", reference)
        screenshot(consulate, "letter-verification.png")

        # 5. The Visa officer revokes the letter from its change page, giving the reason.
        officer.get_by_role("link", name=reference).click()
        officer.get_by_role("link", name="Revoke the letter").click()
        officer.get_by_label("Reason").fill("The passport was reported stolen.")
        officer.get_by_role("button", name="Revoke the letter").click()
        expect_success(officer, "Revoke the letter: done.")
        expect(officer.locator(".field-status .readonly")).to_have_text("Revoked")
        expect(officer.locator(".field-revocation_reason .readonly")).to_have_text("The passport was reported stolen.")

        consulate.reload()
        expect_verification(consulate, "Revoked", reference)
    finally:
        officer_context.close()
        consulate_context.close()

    # 6. The visa is refused: the delegate reports it and switches to virtual participation.
    page.reload()
    expect(page.get_by_role("region", name="Your letter")).to_contain_text("Revoked")
    expect(page.get_by_role("link", name="Download the letter (PDF)")).to_have_count(0)
    page.get_by_label("Refused").check()
    page.get_by_role("button", name="Save the outcome").click()
    expect_success(page, "Thank you: the Secretariat now knows the outcome.")
    expect(page.get_by_label("Refused")).to_be_checked()
    page.get_by_role("link", name="Participate virtually").click()
    expect(page.get_by_role("heading", name="Participate virtually", level=1)).to_be_visible()
    expect(page.get_by_text("You keep your place as a representative")).to_be_visible()
    page.get_by_label("Yes, I want to do this").check()
    page.get_by_role("button", name="Switch to virtual participation").click()
    expect_success(page, "You now participate virtually. Your place in the delegation is kept.")
    expect(page).to_have_url(re.compile(r"/me/$"))
    status = page.get_by_role("region", name="Your status")
    expect(status).to_contain_text("Approved")
    expect(status).to_contain_text("You are registered as a representative of your organization.")
    details = page.get_by_role("region", name="Your details")
    expect(details.locator("dt", has_text="Participation").locator("+ dd")).to_have_text("Virtual")
    expect(page.get_by_role("link", name="Your visa support letter")).to_be_visible()


def expect_verification(page: Page, verdict: str, reference: str) -> None:
    expect(page.get_by_role("heading", name="Verification of a visa support letter")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(verdict)
    details = page.locator("dl")
    for label, value in [("Reference", reference), ("Full name", FULL_NAME), ("Passport", "••••2913")]:
        expect(details.locator("dt", has_text=label).locator("+ dd")).to_have_text(value)
    expect(page.get_by_text("FP482913")).to_have_count(0)
