"""Request context that the audit log reads without threading the request through services."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from imrf.request_context import client_ip, current_ip


class RequestSizeLimitMiddleware:
    """A request body larger than an upload may be (UPLOAD_MAX_BYTES, plus room for the form's
    other fields) is refused from its Content-Length with 413, before a byte of it is read. The
    proxy in front should refuse it even earlier (docs/deployment.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            from django.template import loader
            from django.template.defaultfilters import filesizeformat
            from django.utils.translation import get_language

            body = loader.get_template("413.html").render(
                {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES), "LANGUAGE_CODE": get_language()}
            )
            response = HttpResponse(body, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class NulByteMiddleware:
    """No NUL byte in a path, a query string or a form field (no person types one; PostgreSQL
    refuses them in text, which would be a 500): such a request is a 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.core.exceptions import BadRequest

        if "\x00" in request.path or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            raise BadRequest("NUL byte in the request")
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


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
    """Every staff privilege needs a sign-in completed with an authenticator app (imrf.two_factor).

    Until then the request's user is treated as non-staff everywhere (back office, file views,
    check-in). In the back office they are led on: with an authenticator, to give its code; without
    one, to a page that explains the one-time enrolment link. Setting up the first authenticator
    of a staff account needs that link: the password alone never enrols one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.contrib import messages
        from django.shortcuts import redirect
        from django.urls import reverse
        from django.utils.http import urlencode
        from django.utils.translation import gettext as _

        from imrf import two_factor

        user = getattr(request, "user", None)
        if user is None or not two_factor.needs_second_factor(request, user):
            return self.get_response(request)
        enrolled = two_factor.has_authenticator(user)
        user.suspend_staff_privileges()
        if request.path.startswith(settings.ADMIN_URL_PREFIX):
            if enrolled:
                messages.info(request, _("Enter the code from your authenticator app to open the back office."))
                return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
            return redirect("staff_two_factor_required")
        if (
            request.path == reverse("mfa_activate_totp")
            and not enrolled
            and not two_factor.enrolment_permitted(request, user)
        ):
            return redirect("staff_two_factor_required")
        return self.get_response(request)


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
