"""The first journey: the landing page, and a staff member reaching the back office."""

import pytest

from tests.e2e.helpers import admin_sign_in
from tests.factories import ActiveForumFactory, StaffUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_landing_page_shows_the_active_forum_and_its_deadlines(page):
    forum = ActiveForumFactory(name="International Migration Review Forum 2026", delegate_cap=3)

    page.goto("/")

    assert page.locator("h1").inner_text() == forum.name
    assert page.get_by_role("heading", name="Deadlines").is_visible()
    assert page.get_by_text("at most 3 representatives").is_visible()
    assert page.get_by_role("link", name="Register your organization").is_visible()


def test_staff_member_signs_in_to_the_back_office_and_sees_the_dashboard(page):
    StaffUserFactory(email="officer@example.org", is_superuser=True)

    admin_sign_in(page, "officer@example.org")

    assert page.get_by_role("heading", name="Back office").is_visible()
    assert page.get_by_role("link", name="Accreditations").is_visible()
