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


def write_file(directory: Path, name: str, content: bytes) -> Path:
    path = directory / name
    path.write_bytes(content)
    return path


def admin_sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in to the back office's own login page, as a staff member would."""
    page.goto("/admin/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Back office")).to_be_visible()


def expect_success(page: Page, text: str) -> None:
    """The flash message a person sees after an action (the site's and the admin's)."""
    expect(page.get_by_role("status").or_(page.locator(".messagelist")).first).to_contain_text(text)


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
