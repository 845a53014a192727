"""E-mail from templates, in the recipient's language, through the tasks API — queued in the
transaction of the change that causes it.

``send_templated_email`` is what services call. With the database task backend (production),
it enqueues ``deliver_templated_email`` right away, inside the service's transaction: the task
row commits with the change or not at all (a transactional outbox), so a change never commits
without its e-mails, nor do e-mails go out for a change that rolled back, and nothing can fail
after the commit. With a backend that runs tasks at once (development, tests), it enqueues when
the transaction commits, for the same guarantee. The task renders
``templates/emails/<name>.subject.txt`` and ``<name>.body.txt`` in the recipient's language, the
body into the two layouts every e-mail shares: ``emails/_text.txt`` (plain text) and
``emails/base.html`` (HTML, the body with its links and paragraphs marked up).
Task arguments are primitives and must never carry secrets (passport numbers, tokens are
refused here; links carry their own signed tokens and are built by the caller).
"""

import logging
import smtplib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

_FORBIDDEN_CONTEXT_KEYS = ("passport",)


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def recipient_language(user=None, fallback: str | None = None) -> str:
    language = getattr(user, "language", None) or fallback or translation.get_language() or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff: base, 2×, 4×… capped at an hour."""
    return timedelta(seconds=min(settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempt - 1), 3600))


@task()
def deliver_templated_email(
    *, template: str, to: list[str], language: str, context: dict[str, Any], attempt: int = 1
) -> None:
    """Render and send. On a mail-server failure with a backend that can defer (the database
    worker), the next attempt is scheduled with backoff and this attempt is recorded as failed
    (visible in the admin's task results); after EMAIL_MAX_ATTEMPTS it stays failed."""
    message = _build_message(template=template, to=to, language=language, context=context)
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        backend = task_backends[deliver_templated_email.backend]
        if backend.supports_defer and attempt < settings.EMAIL_MAX_ATTEMPTS:
            deliver_templated_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                template=template, to=to, language=language, context=context, attempt=attempt + 1
            )
            logger.warning("E-mail %s failed (attempt %d), retrying: %s", template, attempt, exc)
        else:
            logger.error("E-mail %s failed for good (attempt %d): %s", template, attempt, exc)
        raise
    logger.info("Sent e-mail %s in %s", template, language)


@task()
def deliver_rendered_email(
    *, subject: str, body: str, html: str, to: list[str], from_email: str | None = None, attempt: int = 1
) -> None:
    """Send an already rendered message (allauth's account e-mails), retried like the others."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to, from_email=from_email)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        backend = task_backends[deliver_rendered_email.backend]
        if backend.supports_defer and attempt < settings.EMAIL_MAX_ATTEMPTS:
            deliver_rendered_email.using(run_after=timezone.now() + retry_delay(attempt)).enqueue(
                subject=subject, body=body, html=html, to=to, from_email=from_email, attempt=attempt + 1
            )
            logger.warning("Account e-mail failed (attempt %d), retrying: %s", attempt, exc)
        else:
            logger.error("Account e-mail failed for good (attempt %d): %s", attempt, exc)
        raise


def _build_message(*, template: str, to: list[str], language: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    with translation.override(language):
        context = {
            **context,
            "site_url": settings.SITE_URL,
            "LANGUAGE_CODE": language,
            "body_template": f"emails/{template}.body.txt",
        }
        subject = render_to_string(f"emails/{template}.subject.txt", context).strip().replace("\n", " ")
        text = render_to_string("emails/_text.txt", context)
        html = render_to_string("emails/base.html", context)
    message = EmailMultiAlternatives(subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message


def queues_in_transaction(task) -> bool:
    """Whether ``task``'s backend stores tasks in the database, as rows of the current transaction."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[task.backend], DatabaseBackend)


def enqueue_with_the_change(task, **kwargs) -> None:
    """Queue ``task`` so that it exists exactly when the current transaction commits: now, in the
    transaction, with the database backend (the outbox); on commit with a backend that would run
    it at once."""
    if queues_in_transaction(task):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


def send_templated_email(*, template: str, to: str | list[str], language: str, context: dict[str, Any]) -> None:
    """Queue an e-mail with the current transaction (see the module's docstring)."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    for key in context:
        if any(marker in key.lower() for marker in _FORBIDDEN_CONTEXT_KEYS):
            raise ValueError(f"E-mail context must not carry {key!r}.")
    enqueue_with_the_change(
        deliver_templated_email, template=template, to=recipients, language=language, context=context
    )
