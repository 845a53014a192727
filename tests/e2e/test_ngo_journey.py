"""The NGO focal point's whole journey, in Chromium, through the real UI only.

Sign up and confirm the e-mail address; register an organization that is not legally
registered; apply for special accreditation with the documents it needs; an accreditation
officer places it on the non-objection list and, once the period is over, accredits it;
read the privacy notice, nominate three representatives, meet the cap, withdraw one and
replace them. On the way, the focal point looks at the organization's focal points.
"""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from accreditation.models import Accreditation
from tests.e2e.helpers import (
    admin_sign_in,
    ensure_roles,
    expect_success,
    field,
    link_in_mail,
    screenshot,
    write_file,
)
from tests.factories import ActiveForumFactory, StaffUserFactory, image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

FOCAL_POINT = "amina.yusuf@voices-without-borders.example"
PASSWORD = "Sahel-Crossings-2026!"
ORGANIZATION = "Voices Without Borders"

REPRESENTATIVES = [
    # (given names, family name, as the dashboard prints them, born, nationality, residence, e-mail)
    ("Thị Ánh", "Nguyễn", "Thị Ánh NGUYỄN", date(1988, 3, 14), "Vietnam", "Malaysia", "anh.nguyen@example.org"),
    ("Łukasz", "Żółć", "Łukasz ŻÓŁĆ", date(1979, 11, 2), "Poland", "Germany", "lukasz.zolc@example.org"),
    ("Ólöf", "Ragnarsdóttir", "Ólöf RAGNARSDÓTTIR", date(1995, 7, 30), "Iceland", "Iceland", "olof@example.org"),
]
REPLACEMENT = (
    "José Luis",
    "García Márquez",
    "José Luis GARCÍA MÁRQUEZ",
    date(1983, 1, 9),
    "Colombia",
    "Spain",
    "jl.garcia@example.org",
)


def test_focal_point_registers_applies_is_accredited_and_nominates_within_the_cap(browser, page, live_server, tmp_path):
    forum = ActiveForumFactory(name="International Migration Review Forum 2026", delegate_cap=3)

    # 1. Sign up, confirm the address from the e-mail, and land signed in.
    page.goto("/")
    page.get_by_role("link", name="Register", exact=True).click()
    page.get_by_label("Email").fill(FOCAL_POINT)
    page.get_by_label("Your full name").fill("Grace Achieng")
    field(page, "Password").fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    page.goto(link_in_mail(FOCAL_POINT, "/accounts/confirm-email/"))
    expect(page.get_by_text(FOCAL_POINT)).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    # 2. The portal invites to register the organization; it is not legally registered.
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("heading", name="Register your organization")).to_be_visible()
    page.get_by_role("link", name="Register your organization").click()
    field(page, "Name").fill(ORGANIZATION)
    page.get_by_label("Acronym").fill("VWB")
    page.get_by_label("Stakeholder type").select_option(label="Migrant organization")
    page.get_by_label("Headquarters country").select_option(label="Niger")
    page.get_by_label("Headquarters city").fill("Agadez")
    field(page, "E-mail").fill("contact@voices-without-borders.example")
    page.get_by_label("Work on migration").fill("Legal aid and shelter for migrants crossing the Sahel.")
    page.get_by_label("Head of the organization").fill("Moussa Abdou")
    page.get_by_label("Head's title").fill("Coordinator")
    page.get_by_label("Year founded").fill("2011")
    registered = page.get_by_label("Legally registered")
    registered.uncheck()
    expect(registered).not_to_be_checked()
    page.get_by_label("Why it is not registered").fill(
        "The authorities refuse to register associations that assist migrants in transit."
    )
    page.get_by_role("button", name="Register the organization").click()
    expect_success(page, "Your organization is registered")
    expect(page.get_by_role("heading", name=ORGANIZATION, level=1)).to_be_visible()
    expect(page.get_by_text("Not registered with national authorities.")).to_be_visible()

    # The organization's focal points: only the person who registered it, for now.
    page.get_by_role("link", name="Manage focal points").click()
    expect(page.get_by_role("heading", name="Focal points", level=1)).to_be_visible()
    focal_points = page.get_by_role("table", name="Focal points of the organization")
    expect(focal_points.get_by_role("row").filter(has_text=FOCAL_POINT)).to_contain_text("Grace Achieng")
    expect(page.get_by_label("E-mail address of the person to invite")).to_be_visible()
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.get_by_role("heading", name=ORGANIZATION, level=1)).to_be_visible()

    # 3. The application: special accreditation, saved as a draft; the dashboard lists what is missing.
    page.get_by_role("link", name="Start the application").click()
    page.get_by_label("Special accreditation").check()
    page.get_by_label("Reason for participation").fill(
        "We speak for migrants stranded in the Sahel, whose voices the review must hear."
    )
    page.get_by_role("button", name="Save as draft").click()
    expect_success(page, "Your application is saved as a draft.")
    expect(page.locator("#application-status")).to_have_text("Draft")
    missing = page.get_by_role("note").filter(has_text="Still missing before you can submit")
    expect(missing.get_by_role("listitem")).to_have_text(
        [
            "Your statutes or mission statement",
            "A letter from the head of your organization",
            "An alternative proof of your organization's existence",
        ]
    )
    expect(page.get_by_role("button", name="Submit the application")).to_have_count(0)
    screenshot(page, "ngo-application.png")

    documents = [
        ("Statutes or mission statement", "statutes.pdf"),
        ("Letter from the head of the organization", "letter-from-the-head.pdf"),
        ("Alternative proof of existence", "press-coverage.pdf"),
    ]
    for kind, filename in documents:
        page.get_by_role("link", name="Add a document").click()
        page.get_by_label("Kind of document").select_option(label=kind)
        page.get_by_label("File").set_input_files(write_file(tmp_path, filename, pdf_bytes()))
        page.get_by_role("button", name="Upload").click()
        expect_success(page, f"“{filename}” is uploaded.")
        expect(page.get_by_role("link", name=f"{kind}: {filename}")).to_be_visible()
    expect(missing).to_have_count(0)

    page.get_by_role("button", name="Submit the application").click()
    expect_success(page, "Your application has been sent to the Secretariat.")
    expect(page.locator("#application-status")).to_have_text("Submitted")
    expect(page.get_by_role("link", name="Add a document")).to_have_count(0)

    # 4. An accreditation officer, in a browser of their own, circulates and then accredits.
    ensure_roles()
    StaffUserFactory(email="officer@un.example", full_name="Kofi Mensah", group="Accreditation officers")
    officer_context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    officer_context.set_default_timeout(15_000)
    try:
        officer = officer_context.new_page()
        admin_sign_in(officer, "officer@un.example")
        officer.get_by_role("link", name="Accreditations").first.click()
        officer.get_by_role("link", name=ORGANIZATION).click()
        change_url = officer.url

        officer.get_by_role("link", name="Place on the non-objection list").click()
        officer.get_by_role("button", name="Place on the non-objection list").click()
        expect_success(officer, "Place on the non-objection list: done.")
        expect(officer.locator(".field-status .readonly")).to_have_text("On the non-objection list")
        expect(officer.get_by_role("link", name="Finalize after the non-objection period")).to_have_count(0)

        # Time passes: the non-objection period ends (the status is left to the service).
        accreditation = Accreditation.objects.get(organization__name=ORGANIZATION, forum=forum)
        Accreditation.objects.filter(pk=accreditation.pk).update(
            non_objection_ends_at=timezone.now() - timedelta(minutes=1)
        )
        officer.goto(change_url)
        officer.get_by_role("link", name="Finalize after the non-objection period").click()
        officer.get_by_role("button", name="Finalize after the non-objection period").click()
        expect_success(officer, "Finalize after the non-objection period: done.")
        expect(officer.locator(".field-status .readonly")).to_have_text("Accredited")
    finally:
        officer_context.close()

    # 5. Accredited: nominate three representatives.
    assert "Your organization is accredited" in [m.subject for m in mail.outbox if FOCAL_POINT in m.to][-1]
    page.reload()
    expect(page.locator("#application-status")).to_have_text("Accredited")
    expect(page.get_by_text("0 of 3 places taken.")).to_be_visible()
    # Before nominating, the focal point reads the privacy notice the representatives agree to.
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", name="Privacy notice", level=1)).to_be_visible()
    page.go_back()
    expect(page.locator("#application-status")).to_have_text("Accredited")
    photo = write_file(tmp_path, "photo.jpg", image_bytes(size=(400, 480)))
    for person in REPRESENTATIVES:
        page.get_by_role("link", name="Nominate a representative").click()
        nominate(page, person, photo)
        expect_success(page, f"{person[2]} is nominated.")
        expect(page.get_by_role("cell", name=person[2], exact=True)).to_be_visible()
    expect(page.get_by_text("3 of 3 places taken.")).to_be_visible()
    expect(page.get_by_role("link", name="Nominate a representative")).to_have_count(0)
    expect(page.get_by_text("All places are taken.")).to_be_visible()

    # A fourth, by the nomination page's address: the cap, and who holds it, instead of a form.
    page.goto("/portal/representatives/new/")
    expect(page.get_by_role("heading", name="All places are taken")).to_be_visible()
    expect(
        page.get_by_text("Your organization may register at most 3 representatives, and has them all:")
    ).to_be_visible()
    for name in ("Thị Ánh NGUYỄN", "Łukasz ŻÓŁĆ", "Ólöf RAGNARSDÓTTIR"):
        expect(page.get_by_role("listitem").filter(has_text=name)).to_be_visible()
    expect(page.get_by_label("Family name (as in passport)")).to_have_count(0)
    screenshot(page, "ngo-nomination-cap.png")

    # Withdraw one, and nominate the replacement into the freed place.
    page.get_by_role("link", name="Withdraw Łukasz ŻÓŁĆ").click()
    expect(page.get_by_role("heading", name="Withdraw Łukasz ŻÓŁĆ")).to_be_visible()
    page.get_by_label("Reason (optional)").fill("He cannot travel in April.")
    page.get_by_label("Yes, I want to do this").check()
    page.get_by_role("button", name="Withdraw the representative").click()
    expect_success(page, "Łukasz ŻÓŁĆ is withdrawn; the place is free.")
    expect(page.get_by_text("2 of 3 places taken.")).to_be_visible()

    page.get_by_role("link", name="Nominate a representative").click()
    nominate(page, REPLACEMENT, photo)
    expect_success(page, f"{REPLACEMENT[2]} is nominated.")
    expect(page.get_by_text("3 of 3 places taken.")).to_be_visible()
    rows = page.get_by_role("table", name="Representatives of the organization").get_by_role("row")
    for name, status in [
        ("Thị Ánh NGUYỄN", "Nominated"),
        ("José Luis GARCÍA MÁRQUEZ", "Nominated"),
        ("Ólöf RAGNARSDÓTTIR", "Nominated"),
        ("Łukasz ŻÓŁĆ", "Withdrawn"),
    ]:
        expect(rows.filter(has_text=name)).to_contain_text(status)
    expect(page.get_by_role("link", name="Nominate a representative")).to_have_count(0)
    screenshot(page, "ngo-dashboard.png")


def nominate(page: Page, person: tuple, photo) -> None:
    """Fill the nomination form as a focal point would, and send it."""
    given, family, _printed, born, nationality, residence, email = person
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Given names").fill(given)
    page.get_by_label("Date of birth").fill(born.isoformat())
    page.get_by_label("Nationality").select_option(label=nationality)
    page.get_by_label("Country of residence").select_option(label=residence)
    field(page, "E-mail").fill(email)
    page.get_by_label("Job title").fill("Programme officer")
    page.get_by_label("In person").check()
    page.get_by_label("Photo").set_input_files(photo)
    page.get_by_label("This person has read the privacy notice").check()
    page.get_by_role("button", name="Nominate", exact=True).click()
