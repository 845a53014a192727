"""Public pages of the core: the landing page and the error pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods

from events.selectors import active_forum
from imrf.caching import public_page
from imrf.privacy import PRIVACY_NOTICE_DATE, PRIVACY_NOTICE_VERSION


@require_GET
@public_page
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "imrf/landing.html", {"forum": active_forum()})


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language: a cookie for everyone, and remembered on the person's account (used
    for their e-mails). A GET form, so public pages carry no CSRF token and can be cached; the
    only effect is the display language."""
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
        if request.user.is_authenticated and request.user.language != language:
            request.user.language = language
            request.user.save(update_fields=["language"])
    return response


@require_GET
@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice: what we collect, why, who sees it, how long it is kept."""
    forum = active_forum()
    return render(
        request,
        "imrf/privacy.html",
        {
            "forum": forum,
            "retention_days": forum.retention_days if forum else None,
            "version": PRIVACY_NOTICE_VERSION,
            "published_on": PRIVACY_NOTICE_DATE,
        },
    )


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
