"""A Viewer of the Secretariat (DESIGN.md §5 "Roles"), in Chromium: they sign in with their
second factor, read the dashboard, the applications, the representatives and the letters — and
can trigger nothing, and never see an objection note or a passport number."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.helpers import admin_sign_in, new_context
from tests.factories import AccreditationFactory, ActiveForumFactory, StaffUserFactory, VisaLetterFactory

pytestmark = pytest.mark.django_db(transaction=True)

VIEWER = "ines.duarte@un.example"
NOTE = "Objection raised by a Member State delegation on 3 March."
PASSPORT = "X9876543"


def test_a_viewer_reads_everything_and_can_change_nothing(page):
    forum = ActiveForumFactory()
    AccreditationFactory(
        forum=forum,
        non_objection=True,
        organization__name="Red de Migrantes del Sur",
        objection_note=NOTE,
        objection_recorded_at=timezone.now(),
    )
    letter = VisaLetterFactory(
        issued=True,
        passport_number=PASSPORT,
        delegate__accreditation=AccreditationFactory(forum=forum, accredited=True),
        delegate__family_name="Quispe",
    )
    StaffUserFactory(email=VIEWER, group="Viewers")

    admin_sign_in(page, VIEWER)
    expect(page.get_by_role("heading", name="To do")).to_be_visible()

    # The applications: listed, but no action to run on them.
    page.get_by_role("link", name="Accreditations", exact=True).first.click()
    expect(page.get_by_role("heading", name="Select accreditation to view")).to_be_visible()
    expect(page.locator("select[name=action]")).to_have_count(0)
    page.get_by_role("link", name="Red de Migrantes del Sur").click()
    expect(page.get_by_role("heading", name="View accreditation")).to_be_visible()
    change_page = page.url
    expect(page.locator(".decision-button")).to_have_count(0)
    assert NOTE not in page.content()

    # The letters: the reference, the holder, the passport number masked.
    page.goto("/admin/accreditation/visaletter/")
    expect(page.locator("select[name=action]")).to_have_count(0)
    page.get_by_role("link", name=letter.reference).click()
    expect(page.get_by_text("••••6543").first).to_be_visible()
    assert PASSPORT not in page.content()

    # The same application, seen by an accreditation officer: decisions and the note are there
    # (so their absence above is the Viewer's role, not an empty page).
    officer_context = new_context(page.context.browser, page.url.split("/admin/")[0])
    officer = officer_context.new_page()
    StaffUserFactory(email="kofi.mensah@un.example", group="Accreditation officers")
    admin_sign_in(officer, "kofi.mensah@un.example")
    officer.goto(change_page)
    expect(officer.locator(".decision-button").first).to_be_visible()
    expect(officer.get_by_text(NOTE)).to_be_visible()
    officer_context.close()
