"""The site works with the keyboard alone: the skip link comes first, focus is visible, and a
person can reach and submit a form without a mouse."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ActiveForumFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _focused(page) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement; "
        "return el.getAttribute('href') || el.getAttribute('name') || el.id || el.tagName }"
    )


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_the_content(page):
    ActiveForumFactory()
    page.goto("/")

    page.keyboard.press("Tab")
    assert _focused(page) == "#main"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    page.keyboard.press("Enter")

    assert outline == "solid"
    assert page.evaluate("() => location.hash") == "#main"
    expect(page.locator("#main")).to_be_focused()


def _tab_to(page, target: str) -> None:
    for _ in range(60):
        page.keyboard.press("Tab")
        if _focused(page) == target:
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key")


def test_signing_in_with_the_keyboard_alone(page):
    ActiveForumFactory()
    UserFactory(email="keyboard@example.org")
    page.goto("/")

    _tab_to(page, "/accounts/login/")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _tab_to(page, "login")
    page.keyboard.type("keyboard@example.org")
    _tab_to(page, "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("heading", name="Register your organization")).to_be_visible()


def test_tab_order_follows_the_page_from_header_to_content(page):
    ActiveForumFactory()
    page.goto("/")
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        order.append(page.evaluate("() => document.activeElement.closest('header, main, footer')?.tagName || 'BODY'"))

    # Header first (skip link, brand, navigation, language), then the content, never back to the
    # header until the end of the page (where focus leaves the document).
    assert "MAIN" in order, order
    first_main = order.index("MAIN")
    assert all(region == "HEADER" for region in order[1:first_main]), order
    after = order[first_main:]
    assert "HEADER" not in after[: after.index("BODY")] if "BODY" in after else "HEADER" not in after, order


def test_nominating_a_representative_with_the_keyboard_alone(page, tmp_path):
    """The richest form of the NGO path — text, date, selects, radio buttons, a file and a
    checkbox — filled and sent without a mouse; then the error path, also by keyboard."""
    from tests.e2e.helpers import portal_sign_in, write_file
    from tests.factories import AccreditationFactory, MembershipFactory, image_bytes

    forum = ActiveForumFactory()
    membership = MembershipFactory(user__email="keyboard.focal@example.org")
    AccreditationFactory(organization=membership.organization, forum=forum, accredited=True)
    photo = write_file(tmp_path, "photo.jpg", image_bytes(size=(400, 480)))
    # Playwright asks the browser to intercept file choosers when the first listener is added,
    # without waiting for the answer: added only at the key press, the interception could come
    # too late and the (headless, invisible) native dialog open instead. Subscribe well before.
    chosen = []
    page.on("filechooser", lambda chooser: chosen.append(chooser))
    portal_sign_in(page, "keyboard.focal@example.org")

    _tab_to(page, "/portal/representatives/new/")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Nominate a representative")).to_be_visible()

    # Sent empty with Enter from the first field: the error summary takes the focus and links
    # to each field.
    _tab_to(page, "family_name")
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    _tab_to(page, "#id_family_name")
    page.keyboard.press("Enter")
    expect(page.locator("#id_family_name")).to_be_focused()

    page.keyboard.type("Mensah")
    _tab_to(page, "given_names")
    page.keyboard.type("Kofi Atta")
    _tab_to(page, "date_of_birth")
    page.keyboard.type("05/17/1980" if page.evaluate("() => navigator.language").startswith("en-US") else "17/05/1980")
    _tab_to(page, "nationality")
    page.keyboard.type("Ghana")
    _tab_to(page, "country_of_residence")
    page.keyboard.type("Ghana")
    _tab_to(page, "email")
    page.keyboard.type("kofi.mensah@example.org")
    _tab_to(page, "modality")  # the first radio button of the group: Space chooses it
    page.keyboard.press("Space")
    _tab_to(page, "photo")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(photo)
    assert len(chosen) == 1
    _tab_to(page, "privacy_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Nominate")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").or_(page.get_by_role("alert")).first).to_contain_text(
        "Kofi Atta MENSAH is nominated."
    )
