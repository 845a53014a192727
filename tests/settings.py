"""Settings for the test suite: the project's settings with test-only secrets and fast paths.

Production defaults stay on (DEBUG off, secure cookies); only what the test client cannot
speak (HTTPS redirects) and what only slows tests (Argon2) is changed here.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
# Two keys: the first encrypts, both decrypt (rotation is tested). They differ in their first
# 16 bytes (a Fernet key's signing half), so a token under one never passes the other's check.
os.environ.setdefault(
    "FIELD_ENCRYPTION_KEYS",
    "Zmlyc3QtdGVzdC1rZXktZW5jcnlwdHMtMzItYnl0ZXM=,c2Vjb25kLXRlc3Qta2V5LWRlY3J5cHRzLTMyLWJ5dGU=",
)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_URL", "consolemail://")
os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")

from imrf.settings import *  # noqa: F403
from imrf.settings import DATABASES, STORAGES

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Session cookies travel over the test client's plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="imrf-private-")
# Always the local file system here, whatever PRIVATE_STORAGE says (tests/imrf/test_private_storage.py
# checks the S3 choice).
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}
WHITENOISE_AUTOREFRESH = True
# Public pages are not reused between requests in tests (query counts, fresh data); the cache
# itself is tested in tests/imrf/test_caching.py.
PUBLIC_PAGE_CACHE_SECONDS = 0
LANGUAGE_COOKIE_SECURE = False
