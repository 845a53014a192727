"""allauth's account e-mails (confirmation, password reset) through the same durable path as
ours: rendered in the request, then delivered by a task that retries with backoff."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from imrf.mail import deliver_rendered_email

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def login(self, request, user) -> None:
        """From the moment they sign in, a person reads the site in the language on their
        account — the "signed in" message of this very request included."""
        super().login(request, user)
        language = getattr(user, "language", "")
        if language in dict(settings.LANGUAGES) and language != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(language)
            request.LANGUAGE_CODE = language

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        if getattr(message, "content_subtype", "plain") == "html":
            html, body = message.body, ""
        else:
            body = message.body
        try:
            # Enqueued inside the request's transaction: with the database backend the mail is
            # stored with the change that caused it, and sent by the worker.
            deliver_rendered_email.enqueue(
                subject=message.subject, body=body, html=html, to=list(message.to), from_email=message.from_email
            )
        except Exception:
            logger.exception("Account e-mail %s could not be sent or queued", template_prefix)
