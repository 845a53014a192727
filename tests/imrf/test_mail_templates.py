"""Every e-mail is two templates, ``emails/<name>.subject.txt`` and ``emails/<name>.body.txt``,
rendered into two shared wrappers (``emails/_text.txt`` and ``emails/base.html``).

The wrappers replaced one ``<name>.txt`` and one ``<name>.html`` per e-mail. Two proofs that
nothing a recipient gets changed:

- ``email_renderings.json`` holds each e-mail's subject, text and HTML as the per-e-mail
  wrappers rendered them in English, for a full and a sparse context (captured before the
  change). A deliberate change of an e-mail's wording or layout regenerates it:
  ``IMRF_REGENERATE_EMAIL_RENDERINGS=1 .venv/bin/pytest tests/imrf/test_mail_templates.py``.
- In every language, the message equals what the old per-e-mail wrappers, kept here as
  ``OLD_TEXT_WRAPPER`` and ``OLD_HTML_WRAPPER``, render from the same body.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import engines
from django.test import override_settings
from django.utils import translation

from imrf.mail import _build_message

EMAILS_DIR = Path(django_settings.BASE_DIR) / "templates" / "emails"
RENDERINGS = Path(__file__).with_name("email_renderings.json")
EMAILS = sorted(path.name.removesuffix(".subject.txt") for path in EMAILS_DIR.glob("*.subject.txt"))
LANGUAGES = [code for code, _name in django_settings.LANGUAGES]

# Every variable any e-mail uses, with the characters that escaping, urlize and linebreaks act on.
FULL_CONTEXT = {
    "recipient": "Amina Wanjiku",
    "full_name": "Amina Wanjiku",
    "name": "Amina Wanjiku",
    "email": "amina@example.org",
    "organization": 'Migrants & Refugees <Forum> "Sud"',
    "forum": "International Migration Review Forum 2026",
    "reason": "Documents missing.\nSee https://example.org/rules?a=1&b=2 for the rules.",
    "message": "Please add the statutes.\n\nAnd the last annual report: www.example.org/help",
    "portal_url": "https://imrf.example.org/portal/",
    "invitation_url": "https://imrf.example.org/portal/invitation/abc123/?t=x&u=y",
    "focal_points_url": "https://imrf.example.org/portal/focal-points/",
    "enrolment_url": "https://imrf.example.org/staff/enrol/xyz/",
    "inviter": "Li Chen",
    "inviter_email": "li.chen@example.org",
    "valid_days": 7,
    "session": "Round table 1: Migration & climate",
    "starts_at": "12 May 2026, 10:00",
    "reference": "IMRF-2026-0042",
    "previous_reference": "IMRF-2026-0041",
    "resubmitted": True,
}
# The other branch of every condition (no name, no inviter, first submission, one day).
SPARSE_CONTEXT = {**FULL_CONTEXT, "name": "", "inviter": "", "resubmitted": False, "valid_days": 1}
CONTEXTS = {"full": FULL_CONTEXT, "sparse": SPARSE_CONTEXT}

OLD_TEXT_WRAPPER = '{%% autoescape off %%}{%% include "emails/%s.body.txt" %%}{%% endautoescape %%}\n'
OLD_HTML_WRAPPER = (
    '{%% extends "emails/base.html" %%}\n'
    '{%% block body %%}{%% filter urlize|linebreaks %%}{%% include "emails/%s.body.txt" %%}{%% endfilter %%}'
    "{%% endblock %%}\n"
)


SITE = {"SITE_URL": "https://imrf.example.org", "ACCOUNT_EMAIL_SUBJECT_PREFIX": "[IMRF] "}


@pytest.fixture(autouse=True)
def _fixed_site():
    with override_settings(**SITE):
        yield


def _render(name: str, language: str, context: dict) -> dict[str, str]:
    message = _build_message(template=name, to=["amina@example.org"], language=language, context=context)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return {"subject": message.subject, "text": message.body, "html": html}


@pytest.fixture(scope="module")
def recorded() -> dict:
    if os.environ.get("IMRF_REGENERATE_EMAIL_RENDERINGS"):
        with override_settings(**SITE):
            renderings = {
                name: {key: _render(name, "en", context) for key, context in CONTEXTS.items()} for name in EMAILS
            }
        RENDERINGS.write_text(json.dumps(renderings, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return json.loads(RENDERINGS.read_text())


def test_every_email_is_a_subject_and_a_body_only():
    files = sorted(path.name for path in EMAILS_DIR.iterdir())
    per_email = [f"{name}.{part}.txt" for name in EMAILS for part in ("subject", "body")]

    assert files == sorted([*per_email, "_text.txt", "base.html"])


def test_every_email_has_a_recorded_rendering(recorded):
    assert sorted(recorded) == EMAILS


@pytest.mark.parametrize("name", EMAILS)
@pytest.mark.parametrize("context_name", sorted(CONTEXTS))
def test_email_renders_as_recorded(recorded, name, context_name):
    assert _render(name, "en", CONTEXTS[context_name]) == recorded[name][context_name]


@pytest.mark.parametrize("name", EMAILS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_email_renders_as_its_old_wrappers_did(name, language):
    engine = engines["django"]
    context = {**FULL_CONTEXT, "site_url": "https://imrf.example.org", "LANGUAGE_CODE": language}
    with translation.override(language):
        old_text = engine.from_string(OLD_TEXT_WRAPPER % name).render(context)
        old_html = engine.from_string(OLD_HTML_WRAPPER % name).render(context)

    rendered = _render(name, language, FULL_CONTEXT)

    assert rendered["text"] == old_text
    assert rendered["html"] == old_html


def test_the_text_is_not_escaped_and_the_html_is():
    rendered = _render("info_requested", "en", FULL_CONTEXT)

    assert 'Migrants & Refugees <Forum> "Sud"' in rendered["text"]
    assert "Migrants &amp; Refugees &lt;Forum&gt; &quot;Sud&quot;" in rendered["html"]
    assert 'Migrants & Refugees <Forum> "Sud"' not in rendered["html"]


def test_the_html_links_addresses_and_keeps_paragraphs():
    rendered = _render("info_requested", "fr", FULL_CONTEXT)

    paragraphs = (
        '<p>Please add the statutes.</p>\n\n<p>And the last annual report: <a href="http://www.example.org/help"'
    )
    link = '<a href="https://imrf.example.org/portal/" rel="nofollow">https://imrf.example.org/portal/</a>'

    assert '<html lang="fr">' in rendered["html"]
    assert paragraphs in rendered["html"]
    assert link in rendered["html"]
