"""Deployment checks of our own, run by ``manage.py check --deploy`` (CI fails on any warning)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Caches that each process keeps to itself: with several gunicorn workers (or machines), every
# rate limit would be multiplied by their number.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                "The default cache is kept per process, so rate limits (sign-in, letter verification) "
                "are counted once per worker process and multiplied by their number.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1 (docs/deployment.md).",
                id="imrf.W001",
            )
        ]
    return []
