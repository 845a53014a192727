"""A colleague joins an organization as a focal point, in Chromium, through the real UI only
(issue 13, finding 10): the focal point invites an address; the colleague opens the link from
their mailbox, signs in with that address, comes back to the invitation, and accepts it. Only
the arrangement (the two accounts, the organization) uses factories."""

import re

import pytest
from playwright.sync_api import expect

from accreditation.models import Membership
from tests.e2e.helpers import expect_success, field, link_in_mail, new_context, portal_sign_in
from tests.factories import PASSWORD, ActiveForumFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ORGANIZATION = "Voices Without Borders"
FOCAL_POINT = "grace.achieng@voices-without-borders.example"
COLLEAGUE = "moussa.abdou@voices-without-borders.example"


def test_a_colleague_accepts_an_invitation_to_become_a_focal_point(browser, page, live_server, _audit_visited_pages):
    ActiveForumFactory()
    MembershipFactory(organization__name=ORGANIZATION, user=UserFactory(email=FOCAL_POINT, full_name="Grace Achieng"))
    colleague = UserFactory(email=COLLEAGUE, full_name="Moussa Abdou")

    # 1. The focal point invites the colleague's address; nobody is added yet.
    focal_context = new_context(browser, live_server.url)
    try:
        focal = focal_context.new_page()
        portal_sign_in(focal, FOCAL_POINT)
        focal.get_by_role("link", name="Manage focal points").click()
        field(focal, "E-mail address of the person to invite").fill(COLLEAGUE)
        focal.get_by_label("Their name (optional)").fill("Moussa Abdou")
        focal.get_by_role("button", name="Send the invitation").click()
        expect_success(focal, f"We sent an invitation to {COLLEAGUE}.")
        waiting = focal.get_by_role("table", name="Invitations waiting for an answer")
        expect(waiting.get_by_role("row").filter(has_text=COLLEAGUE)).to_contain_text("Grace Achieng")
    finally:
        focal_context.close()
    assert Membership.objects.filter(user=colleague).exists() is False

    # 2. The colleague, signed out, opens the link: sign in first, then back to the invitation.
    link = link_in_mail(COLLEAGUE, "/portal/join/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Invitation to become a focal point", level=1)).to_be_visible()
    expect(page.get_by_text(ORGANIZATION)).to_have_count(0)
    page.get_by_role("main").get_by_role("link", name="Sign in").click()
    field(page, "Email").fill(COLLEAGUE)
    field(page, "Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(re.escape(link) + "$"))
    expect(
        page.get_by_text(f"Grace Achieng ({FOCAL_POINT}) invites you to become a focal point of {ORGANIZATION}.")
    ).to_be_visible()
    # The link works once: audit the page now, as the audit after the journey would find it used.
    problems = _audit_visited_pages.audit_now(page)
    assert not problems, "Page audits failed:\n" + "\n".join(problems)

    # 3. They accept and act for the organization.
    page.get_by_role("button", name="Accept").click()
    expect_success(page, f"You are now a focal point of {ORGANIZATION}.")
    expect(page.get_by_role("heading", name=ORGANIZATION, level=1)).to_be_visible()
    assert Membership.objects.get(user=colleague).organization.name == ORGANIZATION
