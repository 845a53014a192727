"""The client's address, worked out once for the whole project (audit log, our rate limits and
allauth's), and the address of the request being served, for the audit log (a context variable).

Behind proxies (``DJANGO_BEHIND_PROXY=1``), each of the ``DJANGO_TRUSTED_PROXY_COUNT`` proxies
appends the address it received the request from to ``X-Forwarded-For``. The client is the
right-most entry that none of our proxies wrote: ``entries[-count]``. Every entry to its left
was sent by the client itself and proves nothing (a new made-up first entry per request must
not buy a new rate-limit allowance).
"""

import ipaddress
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind trusted proxies, the right-most entry of X-Forwarded-For
    that they did not add; otherwise (or if that entry is not an address) the peer's."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if count else ""
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if entries:
        # Fewer entries than proxies: the request skipped the outer ones; the left-most entry
        # was still written by one of ours.
        found = _valid_ip(entries[max(len(entries) - count, 0)])
        if found:
            return found
    return _valid_ip(request.META.get("REMOTE_ADDR") or "")
