"""E-mail from templates, in the recipient's language, after commit, through the tasks API.

``send_templated_email`` is what services call. It enqueues ``deliver_templated_email`` when
the surrounding transaction commits (a decision rolled back sends nothing); the task renders
``templates/emails/<name>.subject.txt``, ``.txt`` and ``.html`` in the recipient's language.
Task arguments are primitives and must never carry secrets (passport numbers, tokens are
refused here; links carry their own signed tokens and are built by the caller).
"""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

logger = logging.getLogger(__name__)

_FORBIDDEN_CONTEXT_KEYS = ("passport",)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def recipient_language(user=None, fallback: str | None = None) -> str:
    language = getattr(user, "language", None) or fallback or translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@task()
def deliver_templated_email(*, template: str, to: list[str], language: str, context: dict[str, Any]) -> None:
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "LANGUAGE_CODE": language}
        subject = render_to_string(f"emails/{template}.subject.txt", context).strip().replace("\n", " ")
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=text, to=to)
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("Sent e-mail %s in %s", template, language)


def send_templated_email(*, template: str, to: str | list[str], language: str, context: dict[str, Any]) -> None:
    """Queue an e-mail for after the current transaction commits (immediately if none)."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    for key in context:
        if any(marker in key.lower() for marker in _FORBIDDEN_CONTEXT_KEYS):
            raise ValueError(f"E-mail context must not carry {key!r}.")
    transaction.on_commit(
        lambda: deliver_templated_email.enqueue(template=template, to=recipients, language=language, context=context)
    )
