"""A small fixed-window rate limiter on the cache (per client IP), for public endpoints such as
letter verification. With several app servers, point CACHE_URL at a shared cache (Redis)."""

from django.core.cache import cache
from django.http import HttpRequest

from imrf.request_context import client_ip


def allow(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for the client's IP in ``scope``; False once ``limit`` is exceeded in the window."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return True
    return hits <= limit
