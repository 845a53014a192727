"""Settings for IMRF Accreditation, read from the environment (django-environ).

A fresh checkout runs with no environment at all: a SQLite file database, immediate
tasks, e-mail to the console. Production values are the defaults for everything that
concerns security; development opts out with ``DJANGO_DEBUG=1``. Every variable is listed
in ``.env.example`` and in the README.
"""

from pathlib import Path
from typing import Any, Literal

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# --- Secrets -----------------------------------------------------------------------------
_INSECURE_PREFIX = "django-insecure"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Run `make run` once to write a .env for development, "
            "or set SECRET_KEY in the environment (see docs/deployment.md)."
        )
    SECRET_KEY = f"{_INSECURE_PREFIX}-development-only-key-do-not-use-in-production"
if not DEBUG and (SECRET_KEY.startswith(_INSECURE_PREFIX) or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters.")

# Keys for the encrypted passport-number field, separate from SECRET_KEY: a comma-separated
# list of Fernet keys; the first encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is not set. Generate one with `make run` (development) or "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        )
    # Development only: a fixed key so a checkout without .env still runs.
    FIELD_ENCRYPTION_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE="]

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Applications ------------------------------------------------------------------------
INSTALLED_APPS = [
    "imrf.apps.ImrfConfig",
    "events.apps.EventsConfig",
    "accreditation.apps.AccreditationConfig",
    "imrf.apps.ImrfAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "import_export",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "imrf.middleware.RequestSizeLimitMiddleware",
    "imrf.middleware.NulByteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "imrf.middleware.UserLanguageMiddleware",
    "imrf.middleware.SessionRenewalMiddleware",
    "imrf.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "imrf.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "imrf.urls"
FORM_RENDERER = "imrf.forms.SiteFormRenderer"
WSGI_APPLICATION = "imrf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "imrf.context_processors.site",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of each transaction, so two writers queue instead of failing on upgrade, which is
    # what makes the cap services serialise on SQLite.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Seconds a service waits for a row lock (the cap, seats, the letter sequence) before it
# gives up and asks the user to try again.
LOCK_TIMEOUT_SECONDS = env.int("LOCK_TIMEOUT_SECONDS", default=3)

# --- Accounts ----------------------------------------------------------------------------
AUTH_USER_MODEL = "imrf.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# OWASP ASVS 6.2: at least 12 characters, up to 64 (and more) allowed, common ones refused.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "imrf.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/portal/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "imrf.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "imrf.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # Per address: 20 wrong passwords from one place are throttled. Per account: generous and
    # short, so an attacker cannot lock the real person out for long.
    "login_failed": "10/m/ip,30/15m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IMRF] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IMRF Accreditation"
# Staff must use two-factor authentication for the back office (imrf.middleware).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
# Seconds a staff member's one-time link to set up their first authenticator app stays valid.
STAFF_ENROLMENT_MAX_AGE = env.int("STAFF_ENROLMENT_MAX_AGE", default=3 * 24 * 60 * 60)
ADMIN_URL_PREFIX = "/admin/"

# --- Internationalisation ----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = not DEBUG and env.bool("DJANGO_SECURE_COOKIES", default=True)
LANGUAGE_COOKIE_SAMESITE: Literal["Lax", "Strict", "None"] = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and private files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Documents and photos: outside every public URL, served only by views that check access
# (they read through the storage API, so any backend works). PRIVATE_STORAGE=local keeps them
# in PRIVATE_MEDIA_ROOT; PRIVATE_STORAGE=s3 in a private bucket of S3-compatible storage
# (django-storages), for several app servers: objects under "private/", never overwritten, and
# any URL the storage could make is signed and short-lived (docs/deployment.md).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
PRIVATE_STORAGE = env.str("PRIVATE_STORAGE", default="local")
_private_storage: dict[str, Any]
if PRIVATE_STORAGE == "local":
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }
elif PRIVATE_STORAGE == "s3":
    _bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not _bucket:
        raise ImproperlyConfigured("PRIVATE_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    # Each object is written with the canned ACL "private". An AWS bucket with ACLs disabled
    # (Object Ownership "bucket owner enforced", the default for new buckets) refuses any ACL
    # header: AWS_DEFAULT_ACL= (empty) then sends none; its objects are private by the bucket.
    _acl = env.str("AWS_DEFAULT_ACL", default="private")
    if _acl not in {"private", "bucket-owner-full-control", ""}:
        raise ImproperlyConfigured("AWS_DEFAULT_ACL must be private, bucket-owner-full-control or empty.")
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            "default_acl": _acl or None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "file_overwrite": False,
            "location": "private",
        },
    }
    # Unset ones are left to boto3 (its credential chain: environment, profile, instance role).
    for _option, _variable in [
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
    ]:
        if _value := env.str(_variable, default=""):
            _private_storage["OPTIONS"][_option] = _value
else:
    raise ImproperlyConfigured("PRIVATE_STORAGE must be 'local' or 's3'.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Photos and image documents larger than this (width × height) are refused, from their header.
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=25_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
# A request body larger than this is refused from its Content-Length, unread (413).
REQUEST_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Cache (rate limits; shared between app servers when it is Redis) ---------------------
_cache_url = env.str("CACHE_URL", default="locmemcache://")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    CACHES = {"default": env.cache_url_config(_cache_url)}

# Seconds an anonymous visitor's public page (landing, programme, organizations) is reused.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=10)
# Letter verification: requests allowed per client IP in ten minutes (token, form).
VERIFY_RATE_LIMIT_TOKEN = env.int("VERIFY_RATE_LIMIT_TOKEN", default=60)
VERIFY_RATE_LIMIT_FORM = env.int("VERIFY_RATE_LIMIT_FORM", default=20)

# --- E-mail and tasks --------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="IMRF Accreditation <accreditation@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = env.str("TASKS_BACKEND", default="immediate")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}
# A failing mail server: retried with exponential backoff from this many seconds.
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=60)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=8)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Security ----------------------------------------------------------------------------
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# How many proxies of ours stand in front of the application, each appending to X-Forwarded-For:
# the client's address is the right-most entry they did not write (imrf.request_context). Our
# rate limits and allauth's (sign-in, sign-up, password reset) count that address.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=1 if BEHIND_PROXY else 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
# Activity renews the session at most this often (imrf.middleware.SessionRenewalMiddleware).
SESSION_RENEWAL_SECONDS = env.int("SESSION_RENEWAL_SECONDS", default=300)
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging -----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}

# --- The domain --------------------------------------------------------------------------
# Arrival and departure of a visa-letter request must fall within this many days of the forum.
VISA_TRAVEL_WINDOW_DAYS = env.int("VISA_TRAVEL_WINDOW_DAYS", default=7)
# A visa support letter is valid until this many days after its forum ends; then verification
# answers "Expired".
LETTER_VALID_DAYS_AFTER_FORUM = env.int("LETTER_VALID_DAYS_AFTER_FORUM", default=30)
# Seconds an invitation link for a representative stays valid.
INVITATION_MAX_AGE = env.int("INVITATION_MAX_AGE", default=14 * 24 * 60 * 60)
# Days the activity log keeps the client's IP address of each entry (the purge then erases it).
ACTIVITY_IP_RETENTION_DAYS = env.int("ACTIVITY_IP_RETENTION_DAYS", default=90)
# Only for `make bench`: exposes the minimal floor view under the same middleware.
BENCHMARK_MODE = env.bool("BENCHMARK_MODE", default=False)
# Only for `make prod-smoke`: a URL that fails on purpose, to check the 500 page.
ERROR_PROBE = env.bool("DJANGO_ERROR_PROBE", default=False)

# --- Back-office import and export (django-import-export) --------------------------------
# A file with any bad row imports nothing; importing needs the "add" permission, exporting "view".
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
# Text typed by organizations must not run as a spreadsheet formula (CSV injection). Our export
# formats (imrf.spreadsheets.CSV and XLSX, which every admin uses) apply the project's own rule,
# safe_cell, to every text cell; this library setting stays on for any other format.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
