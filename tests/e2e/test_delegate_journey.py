"""The delegate's whole journey, in Chromium, from the invitation to a letter and a seat.

The focal point of an accredited organization nominates a representative through the portal;
the representative opens the link in the invitation e-mail, reads the privacy notice, chooses a
password and lands on their own page. An accreditation officer approves them in the back office.
The representative requests a visa support letter, a Visa officer issues it, and the
representative downloads the PDF; then they take a seat in a round table and find it confirmed
in their schedule. Only the arrangement uses factories; everything else goes through the UI.
"""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import (
    admin_action_on_one_row,
    admin_sign_in,
    download,
    ensure_roles,
    expect_success,
    field,
    link_in_mail,
    new_context,
    pdf_text,
    portal_sign_in,
    write_file,
)
from tests.factories import (
    AccreditationFactory,
    ActiveForumFactory,
    MembershipFactory,
    SessionFactory,
    StaffUserFactory,
    UserFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db(transaction=True)

FORUM = "International Migration Review Forum 2026"
ORGANIZATION = "Amel Association for Migrant Domestic Workers"
FOCAL_POINT = "rana.khoury@amel-migrants.example"
DELEGATE = "yara.haddad@example.org"
FULL_NAME = "Yara HADDAD"  # as every page and the letter print it
DELEGATE_PASSWORD = "Cedars-and-Harbour-2026!"
ACCREDITATION_OFFICER = "kofi.mensah@un.example"
VISA_OFFICER = "carlos.mendoza@un.example"
ROUND_TABLE = "Round table 3: Regular pathways, family reunification and migrant domestic workers"


def test_delegate_from_the_invitation_to_the_letter_and_a_seat(
    browser, page, live_server, tmp_path, _audit_visited_pages
):
    forum = ActiveForumFactory(name=FORUM, short_name="IMRF2026")
    accreditation = AccreditationFactory(forum=forum, accredited=True, organization__name=ORGANIZATION)
    MembershipFactory(
        organization=accreditation.organization, user=UserFactory(email=FOCAL_POINT, full_name="Rana Khoury")
    )
    SessionFactory(
        forum=forum,
        number=3,
        title=ROUND_TABLE,
        starts_at=datetime.combine(forum.starts_on + timedelta(days=1), time(10), tzinfo=forum.tzinfo),
        stakeholder_seats=30,
    )
    ensure_roles()
    StaffUserFactory(email=ACCREDITATION_OFFICER, full_name="Kofi Mensah", group="Accreditation officers")
    StaffUserFactory(email=VISA_OFFICER, full_name="Carlos Mendoza", group="Visa officers")

    # 1. The focal point, in their own browser, nominates the representative; the invitation goes out.
    focal_context = new_context(browser, live_server.url)
    try:
        focal = focal_context.new_page()
        portal_sign_in(focal, FOCAL_POINT)
        expect(focal.locator("#application-status")).to_have_text("Accredited")
        focal.get_by_role("link", name="Nominate a representative").click()
        expect(focal.get_by_role("heading", name="Nominate a representative", level=1)).to_be_visible()
        focal.get_by_label("Family name").fill("Haddad")
        focal.get_by_label("Given names").fill("Yara")
        focal.get_by_label("Date of birth").fill(date(1990, 5, 17).isoformat())
        focal.get_by_label("Nationality").select_option(label="Lebanon")
        focal.get_by_label("Country of residence").select_option(label="Lebanon")
        field(focal, "E-mail").fill(DELEGATE)
        focal.get_by_label("Job title").fill("Community organizer")
        focal.get_by_label("In person").check()
        focal.get_by_label("Photo").set_input_files(write_file(tmp_path, "yara.jpg", image_bytes(size=(400, 480))))
        focal.get_by_label("This person has read the privacy notice").check()
        focal.get_by_role("button", name="Nominate", exact=True).click()
        expect_success(focal, f"{FULL_NAME} is nominated. We e-mailed them a link to their own page.")
        rows = focal.get_by_role("table", name="Representatives of the organization").get_by_role("row")
        expect(rows.filter(has_text=FULL_NAME)).to_contain_text("Nominated")
    finally:
        focal_context.close()
    invitation = [message for message in mail.outbox if DELEGATE in message.to][-1]
    assert invitation.subject == f"[IMRF] You are nominated to the {FORUM}"

    # 2. The representative opens the invitation, reads the privacy notice, and chooses a password.
    page.goto(link_in_mail(DELEGATE, "/me/invitation/"))
    welcome = page.get_by_role("heading", name=f"Welcome, {FULL_NAME}", level=1)
    expect(welcome).to_be_visible()
    # The link works once: audit the form now, as the audit after the journey would find it used.
    problems = _audit_visited_pages.audit_now(page)
    assert not problems, "Page audits failed:\n" + "\n".join(problems)
    expect(page.get_by_text(f"{ORGANIZATION} has nominated you as its representative to the {FORUM}.")).to_be_visible()
    page.get_by_role("link", name="privacy notice", exact=True).click()
    expect(page.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    page.go_back()
    expect(welcome).to_be_visible()
    field(page, "Choose a password").fill(DELEGATE_PASSWORD)
    field(page, "Type the password again").fill(DELEGATE_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect_success(page, "Welcome! This is your page for the forum.")
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", name=FULL_NAME, level=1)).to_be_visible()
    status = page.get_by_role("region", name="Your status")
    expect(status).to_contain_text("Nominated")
    expect(status).to_contain_text(
        "Your organization has nominated you. The Secretariat will review the nomination; you will receive an e-mail."
    )
    expect(page.get_by_role("link", name="Request or download your visa support letter")).to_have_count(0)

    officer_context = new_context(browser, live_server.url)
    visa_context = new_context(browser, live_server.url)
    try:
        # 3. An accreditation officer approves the representative from the list of representatives.
        officer = officer_context.new_page()
        admin_sign_in(officer, ACCREDITATION_OFFICER)
        officer.get_by_role("link", name="Representatives", exact=True).first.click()
        expect(officer.locator("#result_list tbody tr")).to_have_count(1)
        admin_action_on_one_row(officer, FULL_NAME, "Approve the representative")
        expect(officer.locator("#result_list tbody tr")).to_contain_text("Approved")
        assert [m.subject for m in mail.outbox if DELEGATE in m.to][-1] == "[IMRF] Your registration is approved"

        page.reload()
        expect(status).to_contain_text("Approved")
        expect(status).to_contain_text("You are registered as a representative of your organization.")

        # 4. The representative requests a visa support letter.
        page.get_by_role("link", name="Request or download your visa support letter").click()
        expect(page.get_by_role("heading", name="Visa support letter", level=1)).to_be_visible()
        field(page, "Passport number").fill("LR 7316402")
        field(page, "Passport issued by").select_option(label="Lebanon")
        field(page, "Passport issued on").fill((timezone.localdate() - timedelta(days=2 * 365)).isoformat())
        field(page, "Passport expires on").fill((forum.ends_on + timedelta(days=8 * 365)).isoformat())
        field(page, "Place of birth").fill("Beirut")
        field(page, "Consulate country").select_option(label="Lebanon")
        field(page, "Consulate city").fill("Beirut")
        field(page, "Arrival").fill((forum.starts_on - timedelta(days=1)).isoformat())
        field(page, "Departure").fill((forum.ends_on + timedelta(days=1)).isoformat())
        field(page, "Language of the letter").select_option(label="English")
        page.get_by_role("button", name="Send the request").click()
        expect_success(page, "Your request has been sent. You will receive an e-mail when the letter is ready.")
        expect(page.get_by_role("region", name="Your request")).to_contain_text("Requested")
        expect(page.get_by_role("button", name="Send the request")).to_have_count(0)

        # 5. A Visa officer issues it from the queue.
        visa_officer = visa_context.new_page()
        admin_sign_in(visa_officer, VISA_OFFICER)
        visa_officer.get_by_role("link", name="Visa support letters", exact=True).first.click()
        admin_action_on_one_row(visa_officer, f"Request by {FULL_NAME}", "Issue the letter")
        issued_row = visa_officer.locator("#result_list tbody tr").filter(has_text=FULL_NAME)
        expect(issued_row).to_contain_text("Issued")
        expect(issued_row).to_contain_text("IMRF2026-000001")
        assert "Your visa support letter is ready" in [m.subject for m in mail.outbox if DELEGATE in m.to][-1]
    finally:
        officer_context.close()
        visa_context.close()

    # 6. The representative downloads the letter: a PDF in their name, with its reference.
    page.reload()
    letter = page.get_by_role("region", name="Your letter")
    expect(letter).to_contain_text("IMRF2026-000001")
    expect(letter).to_contain_text("Issued")
    content = download(page, "Download the letter (PDF)")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert f"Visa support letter for {FULL_NAME}" in text
    assert "IMRF2026-000001" in text

    # 7. Back on their page, the representative takes a seat in the round table.
    page.get_by_role("link", name="Back to my page").click()
    page.get_by_role("link", name="Choose sessions and see your schedule").click()
    expect(page.get_by_role("heading", name="My sessions", level=1)).to_be_visible()
    schedule = page.get_by_role("region", name="My schedule")
    expect(schedule).to_contain_text("You have not chosen a session yet.")
    choose = page.get_by_role("region", name="Choose sessions")
    expect(choose.get_by_role("listitem").filter(has_text=ROUND_TABLE)).to_contain_text("30 seats left")
    choose.get_by_role("button", name=f"Take a seat — {ROUND_TABLE}").click()
    expect_success(page, f"You have a seat in “{ROUND_TABLE}”.")
    expect(schedule.get_by_role("listitem").filter(has_text=ROUND_TABLE)).to_contain_text("Confirmed")
    expect(choose.get_by_role("listitem")).to_have_count(0)
