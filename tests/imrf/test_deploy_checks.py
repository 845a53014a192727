"""Issue 13, finding 9: `check --deploy` warns when the cache is kept per process, since every
rate limit would then be multiplied by the number of worker processes."""

import pytest
from django.core.checks import run_checks


def _ids(settings, backend: str, location: str = "") -> set[str]:
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location}}
    return {message.id for message in run_checks(include_deployment_checks=True)}


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"]
)
def test_a_per_process_cache_is_a_deployment_warning(settings, backend):
    assert "imrf.W001" in _ids(settings, backend)


def test_a_shared_cache_passes(settings):
    assert "imrf.W001" not in _ids(settings, "django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/1")


def test_the_warning_is_for_deployments_only(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert "imrf.W001" not in {message.id for message in run_checks()}
