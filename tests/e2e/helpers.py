"""Small helpers the browser journeys share: mail links, files to upload, signing in, screenshots."""

import re
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core import mail
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from imrf.roles import ROLES
from tests.factories import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def link_in_mail(to: str, pattern: str) -> str:
    """The path of the first link matching ``pattern`` in the latest e-mail sent to ``to``."""
    messages = [message for message in mail.outbox if to in message.to]
    assert messages, f"no e-mail was sent to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    match = re.search(rf"https?://[^/\s]+(?P<path>{pattern}[^\s\"'<>]*)", messages[-1].body)
    assert match, f"no link matching {pattern!r} in:\n{messages[-1].body}"
    return match.group("path")


def field(page: Page, label: str) -> Locator:
    """The form control whose label is exactly ``label`` (required fields add a hidden " *")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}(\s*\*)?\s*$"))


def ensure_roles() -> None:
    """The staff groups, as the data migration makes them (``imrf.roles.ROLES``).

    A transactional test flushes the database when it ends, and the groups go with it; the
    permissions come back (``post_migrate``), the groups do not. Idempotent.
    """
    for name, dotted_names in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        codenames = [dotted.split(".", 1) for dotted in dotted_names]
        group.permissions.set(
            [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in codenames]
        )


def download(page: Page, link: str) -> bytes:
    """Click a download link and return the file's bytes."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    return Path(info.value.path()).read_bytes()


def write_file(directory: Path, name: str, content: bytes) -> Path:
    path = directory / name
    path.write_bytes(content)
    return path


def admin_sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in to the back office as a staff member would: the admin sends them to the site's
    sign-in, which asks for the password and then the authenticator app's code."""
    page.goto("/admin/")
    page.get_by_label("Email").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code", exact=True).fill(fresh_totp_code())
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Back office")).to_be_visible()


def fresh_totp_code() -> str:
    """The authenticator app's code, with time left to type it: allauth accepts only the current
    period's code (no tolerance), so a code read in a period's last seconds could expire before
    the server checks it. Then wait (at most a few seconds) for the next period's code."""
    import time

    from allauth.mfa import app_settings

    from tests.factories import totp_code

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    return totp_code()


def expect_success(page: Page, text: str) -> None:
    """The flash message a person sees after an action (the site's and the admin's)."""
    expect(page.get_by_role("status").or_(page.locator(".messagelist")).first).to_contain_text(text)


def admin_action_on_one_row(page: Page, row: str, action: str) -> None:
    """On an admin list, tick one row (by the label of its checkbox), run an action on it from
    the actions menu, and see it reported done."""
    page.get_by_role("checkbox", name=f"Select this object for an action - {row}").check()
    page.get_by_label("Action:").select_option(label=action)
    page.get_by_role("button", name="Go").click()
    expect_success(page, f"{action}: done for 1.")


def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in docs/screenshots/ (committed, so the journey documents the UI)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
    # A 256-colour palette keeps the committed files small (a third of the size) and the text sharp.
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    return path


def new_context(browser, base_url: str):
    """A second person's browser (own cookies), set up like the ``page`` fixture's; close it when done."""
    context = browser.new_context(base_url=base_url, locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context


def portal_sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the site's own login page (/accounts/login/), as a focal point or delegate would."""
    page.goto("/accounts/login/")
    field(page, "Email").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF (pypdf), for asserting what a document says."""
    import io

    from pypdf import PdfReader

    assert content.startswith(b"%PDF"), f"not a PDF: {content[:40]!r}"
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_screenshot(content: bytes, name: str, *, scale: float = 1.5) -> Path:
    """Page 1 of a PDF rendered to docs/screenshots/ (pypdfium2, a dev dependency), like ``screenshot``."""
    import pypdfium2

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    document = pypdfium2.PdfDocument(content)
    try:
        image = document[0].render(scale=scale).to_pil()
    finally:
        document.close()
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path
