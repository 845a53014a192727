"""The Secretariat's journey through a special-accreditation application, in Chromium.

An accreditation officer opens the back office, reads the dashboard, finds the submitted
application, asks the organization for more information; the focal point answers and submits
again; the officer places it on the non-objection list and, once the period is over without
an objection, finalizes it. The focal point then sees the organization accredited and can
nominate its representatives.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accreditation.enums import DocumentKind, Gender, StakeholderType
from accreditation.models import Accreditation
from tests.e2e.helpers import (
    admin_sign_in,
    expect_success,
    field,
    new_context,
    portal_sign_in,
    screenshot,
)
from tests.factories import (
    AccreditationDocumentFactory,
    AccreditationFactory,
    ActiveForumFactory,
    DelegateFactory,
    MembershipFactory,
    OrganizationFactory,
    StaffUserFactory,
    UserFactory,
    VisaLetterFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

OFFICER = "kofi.mensah@un.example"
FOCAL_POINT = "wanjiru.kamau@haki-mipakani.example"
ORGANIZATION = "Haki Mipakani Migrant Workers' Association"
QUESTION = "Please explain how your members take part in the association's decisions."
ANSWER = (
    "Migrant domestic workers in Nairobi and Mombasa set our priorities; our general assembly elects the board "
    "every two years."
)


def seed_the_forum(forum) -> None:
    """Other organizations in every state, some representatives and letters: the charts have data."""
    for trait, stakeholder_type in [
        ("draft", StakeholderType.YOUTH),
        ("info_requested", StakeholderType.ACADEMIC),
        ("non_objection", StakeholderType.DIASPORA),
        ("rejected", StakeholderType.PRIVATE_SECTOR),
    ]:
        AccreditationFactory(forum=forum, organization__stakeholder_type=stakeholder_type, **{trait: True})
    AccreditationFactory(forum=forum, organization__stakeholder_type=StakeholderType.FAITH_BASED)
    for stakeholder_type in (StakeholderType.NGO, StakeholderType.TRADE_UNION, StakeholderType.MIGRANT):
        accredited = AccreditationFactory(
            forum=forum, ecosoc=True, accredited=True, organization__stakeholder_type=stakeholder_type
        )
        delegates = [
            DelegateFactory(accreditation=accredited),
            DelegateFactory(accreditation=accredited, gender=Gender.UNDISCLOSED),
            DelegateFactory(accreditation=accredited, nominated=True),
        ]
        VisaLetterFactory(delegate=delegates[0], issued=True)
        VisaLetterFactory(delegate=delegates[1])


def test_officer_requests_information_circulates_and_accredits_a_special_application(browser, page, live_server):
    forum = ActiveForumFactory(name="International Migration Review Forum 2026", short_name="IMRF2026")
    organization = OrganizationFactory(name=ORGANIZATION, acronym="HMMWA", stakeholder_type=StakeholderType.MIGRANT)
    MembershipFactory(organization=organization, user=UserFactory(email=FOCAL_POINT, full_name="Wanjiru Kamau"))
    application = AccreditationFactory(
        organization=organization,
        forum=forum,
        reason_for_participation="Domestic workers who migrated to Kenya and the Gulf must be heard at the review.",
    )
    for kind, filename in [
        (DocumentKind.STATUTES, "statutes.pdf"),
        (DocumentKind.HEAD_LETTER, "letter-from-the-chair.pdf"),
        (DocumentKind.REGISTRATION_CERTIFICATE, "registration-certificate.pdf"),
    ]:
        AccreditationDocumentFactory(accreditation=application, kind=kind, original_name=filename)
    seed_the_forum(forum)
    StaffUserFactory(email=OFFICER, full_name="Kofi Mensah", group="Accreditation officers")

    # 1. The officer signs in: the dashboard of the active forum is the back office's front page.
    officer = page
    admin_sign_in(officer, OFFICER)
    dashboard = officer.locator("section.dashboard")
    expect(dashboard.get_by_role("heading", name=forum.name)).to_be_visible()
    expect(dashboard.get_by_role("link", name="2 Applications waiting for a decision")).to_be_visible()
    expect(dashboard.get_by_role("table", name="Applications by status")).to_contain_text("(total 9)")
    expect(dashboard.get_by_role("table", name="Visa support letters by status")).to_contain_text("(total 6)")
    screenshot(officer, "secretariat-dashboard.png")

    # 2. Accreditations, filtered to those submitted; open the application.
    officer.get_by_role("link", name="Accreditations", exact=True).first.click()
    officer.locator("#changelist-filter").get_by_role("link", name="Submitted", exact=True).click()
    expect(officer).to_have_url(re.compile(r"status__exact=submitted"))
    results = officer.locator("#result_list tbody tr")
    expect(results).to_have_count(2)
    officer.get_by_role("link", name=ORGANIZATION).click()
    expect(officer.locator(".field-status .readonly")).to_have_text("Submitted")
    change_url = officer.url
    for filename in ("statutes.pdf", "letter-from-the-chair.pdf", "registration-certificate.pdf"):
        expect(officer.get_by_role("link", name=filename)).to_be_visible()

    # 3. Ask the organization for more information.
    officer.get_by_role("link", name="Request information").click()
    officer.get_by_label("What the organization should add or correct").fill(QUESTION)
    officer.get_by_role("button", name="Request information").click()
    expect_success(officer, "Request information: done.")
    expect(officer.locator(".field-status .readonly")).to_have_text("Information requested")
    expect(officer.locator(".field-info_request_message .readonly")).to_have_text(QUESTION)
    assert "More information is needed" in [m.subject for m in mail.outbox if FOCAL_POINT in m.to][-1]

    # 4. The focal point, in a browser of their own, reads the question and answers it.
    focal_context = new_context(browser, live_server.url)
    try:
        focal = focal_context.new_page()
        portal_sign_in(focal, FOCAL_POINT)
        expect(focal.locator("#application-status")).to_have_text("Information requested")
        question = focal.get_by_role("note").filter(has_text="The Secretariat asks for more information")
        expect(question).to_contain_text(QUESTION)
        focal.get_by_role("link", name="Edit the application").click()
        expect(focal.get_by_role("note")).to_contain_text(QUESTION)
        reason = focal.get_by_label("Reason for participation")
        reason.fill(f"{reason.input_value()}\n\n{ANSWER}")
        focal.get_by_role("button", name="Save and submit").click()
        expect_success(focal, "Your application has been sent to the Secretariat.")
        expect(focal.locator("#application-status")).to_have_text("Submitted")
        expect(focal.get_by_role("link", name="Edit the application")).to_have_count(0)

        # 5. The officer places it on the non-objection list; the confirmation explains the period.
        officer.goto(change_url)
        expect(officer.locator(".field-status .readonly")).to_have_text("Submitted")
        expect(officer.locator(".field-reason_for_participation .readonly")).to_contain_text(ANSWER)
        officer.get_by_role("link", name="Place on the non-objection list").click()
        expect(
            officer.get_by_text("The application goes on the list circulated to Member States today.")
        ).to_contain_text("Unless a Member State objects within 10 days")
        officer.get_by_role("button", name="Place on the non-objection list").click()
        expect_success(officer, "Place on the non-objection list: done.")
        expect(officer.locator(".field-status .readonly")).to_have_text("On the non-objection list")
        # While the period runs an objection could be recorded, and nothing can be finalized yet.
        expect(officer.get_by_role("link", name="Record an objection")).to_be_visible()
        expect(officer.get_by_role("link", name="Finalize after the non-objection period")).to_have_count(0)

        focal.reload()
        expect(focal.locator("#application-status")).to_have_text("On the non-objection list")
        expect(focal.get_by_text("Non-objection period ends")).to_be_visible()

        # 6. Time passes and no Member State objects: the officer finalizes.
        Accreditation.objects.filter(pk=application.pk).update(
            non_objection_ends_at=timezone.now() - timedelta(minutes=1)
        )
        officer.goto(change_url)
        officer.get_by_role("link", name="Finalize after the non-objection period").click()
        officer.get_by_role("button", name="Finalize after the non-objection period").click()
        expect_success(officer, "Finalize after the non-objection period: done.")
        expect(officer.locator(".field-status .readonly")).to_have_text("Accredited")
        expect(officer.get_by_role("link", name="Record an objection")).to_have_count(0)
        assert "Your organization is accredited" in [m.subject for m in mail.outbox if FOCAL_POINT in m.to][-1]

        # 7. The focal point sees the organization accredited and may nominate its representatives.
        focal.reload()
        expect(focal.locator("#application-status")).to_have_text("Accredited")
        expect(focal.get_by_text("0 of 3 places taken.")).to_be_visible()
        focal.get_by_role("link", name="Nominate a representative").click()
        expect(focal.get_by_role("heading", name="Nominate a representative", level=1)).to_be_visible()
        expect(field(focal, "Family name (as in passport)")).to_be_visible()
        expect(focal.get_by_role("button", name="Nominate", exact=True)).to_be_visible()
    finally:
        focal_context.close()
