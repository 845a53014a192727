"""A short cache of public pages for anonymous visitors (the landing page, the programme, the
list of accredited organizations): the first visitor's page is kept PUBLIC_PAGE_CACHE_SECONDS
(10 s by default), so a surge of visitors costs the server a page render every few seconds.

Only what is the same for everyone is cached: GET, no session or message cookie (so no flash
message and no signed-in state), no form with a CSRF token, no cookie set by the response; the
key includes the language and the full URL.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def public_page(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        personal = (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            or "messages" in request.COOKIES
            or request.user.is_authenticated
        )
        if not timeout or request.method != "GET" or personal:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-page:{translation.get_language()}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        cacheable = (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and b"csrfmiddlewaretoken" not in response.content
        )
        if cacheable:
            cache.set(key, (response.content, response["Content-Type"]), timeout)
        return response

    return wrapper
