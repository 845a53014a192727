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
