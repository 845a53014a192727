"""Pages of the core: the landing page, the language switch, the privacy notice, staff
two-factor enrolment, and the error pages."""

from typing import cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_http_methods, require_safe

from events.selectors import active_forum
from imrf.caching import public_page
from imrf.models import User
from imrf.privacy import PRIVACY_NOTICE_DATE, PRIVACY_NOTICE_VERSION, retention_rows


@require_safe
@public_page
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "imrf/landing.html", {"forum": active_forum()})


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language: a cookie for everyone, and remembered on the person's account (used
    for their e-mails). Anonymous visitors use a GET form, so public pages carry no CSRF token
    and can be cached; signed-in people post the form."""
    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    next_url = data.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        # Only a POST (with its CSRF token) changes what an account remembers: a cross-site GET
        # may switch this browser's display language, never the person's saved preference.
        if request.method == "POST" and request.user.is_authenticated and request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response


@require_safe
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what we collect, why, who sees it, how long it is kept."""
    forum = active_forum()
    retention_days = forum.retention_days if forum else None
    return render(
        request,
        "imrf/privacy.html",
        {
            "forum": forum,
            "retention_days": retention_days,
            "retention_rows": retention_rows(retention_days=retention_days),
            "version": PRIVACY_NOTICE_VERSION,
            "published_on": PRIVACY_NOTICE_DATE,
        },
    )


@login_required
@require_safe
def staff_two_factor_required(request: HttpRequest) -> HttpResponse:
    """Where a staff member lands whose sign-in lacks the second factor."""
    from imrf import two_factor

    user = cast(User, request.user)  # signed in: login_required
    return render(
        request,
        "imrf/two_factor_required.html",
        {
            "is_staff_account": user.staff_privileges_suspended or user.is_staff,
            "enrolled": two_factor.has_authenticator(user),
        },
    )


@require_safe
def staff_enrolment(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link to set up a staff account's first authenticator app: it works only for
    the account it names, signed in, and until an authenticator is set up."""
    from imrf import two_factor

    user = two_factor.user_for_enrolment_token(token)
    if user is not None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user is None or request.user.pk != user.pk:
        return render(request, "imrf/enrolment_invalid.html", status=404)
    two_factor.permit_enrolment(request, request.user)
    return redirect("mfa_activate_totp")


def benchmark_floor(request: HttpRequest) -> HttpResponse:
    """The floor of `make bench`: the middleware stack and nothing else (BENCHMARK_MODE only)."""
    return HttpResponse(b"ok", content_type="text/plain")


def error_probe(request: HttpRequest) -> HttpResponse:
    """Fails on purpose (DJANGO_ERROR_PROBE only): `make prod-smoke` checks the 500 page."""
    raise RuntimeError("Error probe: this failure is intended.")


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # Rendered without a request context on 500: the context processors could be what failed.
    body = loader.get_template(template).render({"request_path": request.path} if status != 500 else {})
    return HttpResponse(body, status=status)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, "400.html", 400)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, "500.html", 500)
