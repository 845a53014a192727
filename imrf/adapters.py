"""allauth's account e-mails (confirmation, password reset) through the same durable path as
ours: rendered in the request, then delivered by a task that retries with backoff."""

import logging
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from imrf.mail import absolute_url, deliver_rendered_email

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

    # Links with a key are built from SITE_URL, never from the request's Host header (whose port
    # or name a client chooses, within ALLOWED_HOSTS).

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_client_ip(self, request) -> str:
        """The same client address as the rest of the project (imrf.request_context): behind
        proxies, the right-most X-Forwarded-For entry they did not write, never the proxy's."""
        from django.core.exceptions import PermissionDenied

        from imrf.request_context import client_ip

        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine the client's address.")
        return ip

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        # The site as SITE_URL names it: never the request's Host header (e-mails say where they
        # come from, and their links lead there).
        site = SimpleNamespace(name=gettext("IMRF Accreditation"), domain=urlsplit(settings.SITE_URL).netloc)
        ctx = {"request": request, "email": email, **context, "current_site": site}
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
