"""Public pages of the core: the landing page and the error pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from events.selectors import active_forum


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "imrf/landing.html", {"forum": active_forum()})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the person's account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES) and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


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
