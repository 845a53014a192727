"""Suite-wide fixtures and the rules for tests that need PostgreSQL or Chromium.

Outside CI, a test whose database or browser is missing is skipped with the reason printed
(``-ra``). In CI (``CI=true``) nothing is skipped: a missing Chromium fails the run, and the
PostgreSQL-only tests are deselected on the SQLite pass because `.ci/run` runs them on the
PostgreSQL pass.
"""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

_deselected_for_sqlite: list[str] = []


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    postgres_only = [item for item in items if item.get_closest_marker("postgres")]
    if not postgres_only:
        return
    if IN_CI:
        _deselected_for_sqlite.extend(item.nodeid for item in postgres_only)
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]
    else:
        skip = pytest.mark.skip(
            reason="needs PostgreSQL (row locks are real only there): run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/imrf"
        )
        for item in postgres_only:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if _deselected_for_sqlite:
        terminalreporter.write_line(
            f"{len(_deselected_for_sqlite)} PostgreSQL-only tests deselected on SQLite "
            "(.ci/run runs them on the PostgreSQL pass)."
        )


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English: a request in French leaves French active in its thread."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _mailbox(settings):
    """Every test sends mail to the locmem outbox."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _staff_force_login_completes_the_second_factor(request):
    """``client.force_login(staff)`` stands for a whole sign-in: for an account with an
    authenticator app, the code was given, recorded in the session exactly as allauth's MFA stage
    records it. Tests of the password-only state mark themselves ``password_only_sign_in``."""
    if request.node.get_closest_marker("password_only_sign_in"):
        yield
        return
    from django.contrib.auth.signals import user_logged_in

    def record_second_factor(sender, request, user, **kwargs):
        from allauth.account.internal.flows.login import record_authentication
        from allauth.mfa.models import Authenticator

        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is not None and getattr(request, "session", None) is not None:
            record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)

    user_logged_in.connect(record_second_factor, dispatch_uid="tests-second-factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-second-factor")


@pytest.fixture
def isolated_private_storage(request, settings, tmp_path, monkeypatch):
    """A private storage of this test's own, empty (not the suite's shared folder, where other
    tests' files stay): a folder under ``tmp_path``, or with ``indirect`` parametrization
    ``"bucket"``, the in-memory S3 stand-in. Every model field on the private storage uses it."""
    from django.core.files.storage import storages

    from imrf.private_files import private_file_fields

    fields = [model_field for _model, model_field in private_file_fields(storages["private"])]
    if getattr(request, "param", "local") == "bucket":
        private = {"BACKEND": "tests.storage_doubles.BucketStorage"}
    else:
        private = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        }
    settings.STORAGES = {**settings.STORAGES, "private": private}
    storage = storages["private"]
    for model_field in fields:
        monkeypatch.setattr(model_field, "storage", storage)
    return storage


# --- Staff -------------------------------------------------------------------------------------


@pytest.fixture
def officer():
    """An Accreditation officer (two-factor sign-in completed whenever force_login signs them in)."""
    from tests.factories import StaffUserFactory

    return StaffUserFactory(group="Accreditation officers")


@pytest.fixture
def officer_client(client, officer):
    """The test client, signed in as ``officer``."""
    client.force_login(officer)
    return client


@pytest.fixture
def visa_officer():
    """A Visa officer."""
    from tests.factories import StaffUserFactory

    return StaffUserFactory(group="Visa officers")


@pytest.fixture
def fresh_rate_limits():
    """The rate limits (ours and allauth's) count attempts in the cache: the test starts and ends
    with none. Modules that sign in or verify repeatedly use it (``pytest.mark.usefixtures``)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
