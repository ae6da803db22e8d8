"""Settings of the SCO Secretariat records system.

Every value comes from the environment or an optional `.env` file in the project
folder; `.env.example` documents each variable. Defaults are production's: DEBUG is
off, so a SECRET_KEY is required; the development targets of the Makefile (`make run`,
`make test`) and the test suite turn DEBUG on themselves.
"""

import sys
from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Off unless said: a deploy that forgets the variable must not serve tracebacks or run
# with the demo key. `make run`, `make test` and the other development targets turn it on.
DEBUG = env.bool("DEBUG", default=False)

# No default secret in production: a missing key must stop the app, not weaken it.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        # A one-line reason instead of a traceback: this is an operator's mistake, not a bug.
        sys.exit(
            "SECRET_KEY is not set: with DEBUG=False the app refuses to start without one "
            "(set it in the environment or in .env)."
        )
    SECRET_KEY = "insecure-local-demo-key-only-used-when-debug-is-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin on accounts.admin_site: behind the second factor like every page, and
    # every model admin made to answer tampered input (core.admin.RecordsAdminSite).
    "accounts.admin_config.SecondFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "secretariat",
    "staffing",
    "meetings",
    "depository",
    "relations",
    "overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL character in the address: 400, before any view reads it (core.middleware).
    "core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether the session passed its second factor; a session that should have and has not
    # is signed out, before any page (accounts.middleware).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

# Django's form renderer, with inputs and selects written in Python (see there).
FORM_RENDERER = "core.rendering.WidgetRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Unset DATABASE_URL means the embedded demo database: an SQLite file here.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # BEGIN IMMEDIATE: a transaction takes the write lock before it reads, so the
    # quota service's "lock, then count" holds on SQLite as it does on PostgreSQL.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    # Django's SQLite backend with case folding and collations in every script, as PostgreSQL
    # has them: search and sorting answer alike on both databases (core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "core.sqlite"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.backends.PermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after 30 minutes: a request pushes the expiry forward, writing the
# session at most once a minute (core.sessions.IdleSessionMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in protection: five wrong passwords for one user from one address lock
# that pair out for fifteen minutes.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxies in front of the app that append the client's address to X-Forwarded-For (the TLS
# proxy the README recommends: 1). The lockout counts by the address they saw, never by
# what a client writes in the header itself (core.backends.client_address).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "core.backends.client_address"

# A second factor (an authenticator app's code, TOTP) for records officers and
# administrators. Only the local demo turns it off (`make run`); production refuses to.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=True)
if not OTP_REQUIRED and not DEBUG:
    sys.exit(
        "OTP_REQUIRED=False: with DEBUG=False the app refuses to start without the second factor "
        "(only the local demo may turn it off)."
    )
OTP_TOTP_ISSUER = "SCO Secretariat"
# The admin's pages of devices show no keys: a key is shown once, to its owner, at enrolment.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers on every response. No inline script or style anywhere: the
# app runs inside a closed network and loads nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

DJANGO_TABLES2_TEMPLATE = "includes/_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

# The first and last day any record may bear (core.dates.validate_kept_date), inclusive: the
# Shanghai Five met first in 1996; nothing the Secretariat keeps is dated before 1990.
KEPT_DATE_RANGE = (date(1990, 1, 1), date(2100, 12, 31))

# Contracts that end within this many days are shown on the dashboard.
CONTRACT_WARNING_DAYS = env.int("CONTRACT_WARNING_DAYS", default=90)
# Materials go to member states at least this many days before a meeting, "as a rule" (the
# Secretariat's regulations): a later circulation is flagged, not refused. A new meeting
# records the number in force when it is created.
MATERIALS_DAYS_BEFORE = env.int("MATERIALS_DAYS_BEFORE", default=20)
# Meetings and materials deadlines within this many days are shown on the dashboard.
DEADLINE_WARNING_DAYS = env.int("DEADLINE_WARNING_DAYS", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        "django.security": {"handlers": ["console"], "level": "WARNING"},
    },
}
