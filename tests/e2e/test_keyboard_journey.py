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
