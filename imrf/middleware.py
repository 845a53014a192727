"""Request context that the audit log reads without threading the request through services."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from imrf.request_context import client_ip, current_ip


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class StaffTwoFactorMiddleware:
    """The back office needs two-factor authentication: a staff member without an authenticator
    app (TOTP) is led to set one up before any admin page opens. Signing in to the admin goes
    through the site's sign-in (see ImrfAdminSite.login), which asks for the code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        user = getattr(request, "user", None)
        if (
            settings.STAFF_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(settings.ADMIN_URL_PREFIX)
            and not staff_has_totp(user)
        ):
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            messages.warning(
                request,
                _("The back office needs two-factor authentication. Set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def staff_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class UserLanguageMiddleware:
    """A signed-in person sees the site in the language they chose (remembered on their account,
    and used for their e-mails), whatever the browser says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user is not None and user.is_authenticated else None
        if language and language in dict(settings.LANGUAGES) and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class SessionRenewalMiddleware:
    """Sessions end after SESSION_COOKIE_AGE seconds without activity. Instead of writing the
    session at every request (SESSION_SAVE_EVERY_REQUEST), activity renews it at most every
    SESSION_RENEWAL_SECONDS: the idle timeout holds to within that margin, at a fraction of
    the writes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.conf import settings

        session = getattr(request, "session", None)
        if (
            session is not None
            and session.session_key
            and getattr(request, "user", None)
            and request.user.is_authenticated
        ):
            now = int(time.time())
            if now - session.get("_renewed_at", 0) >= settings.SESSION_RENEWAL_SECONDS:
                session["_renewed_at"] = now
        return self.get_response(request)
