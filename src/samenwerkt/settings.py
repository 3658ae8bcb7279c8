"""Settings for Samen werkt!: one file, driven by environment variables.

Every value that differs between a laptop and production comes from the environment
through the strict helpers of env.py, which refuse values they cannot parse instead of
silently falling back (a typo in DEBUG must not switch debugging on in production).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from samenwerkt.env import env_bool, env_int, env_list, env_str, env_url
from samenwerkt.settings_database import database

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into var/.

    Production sets SECRET_KEY; a laptop gets a stable random key without any setup.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if env_bool("REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set (REQUIRE_SECRET_KEY is on)")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# PRODUCTION=true switches every default to its safe production value: a SECRET_KEY
# is required, HTTPS is enforced (redirect, secure cookies, HSTS).
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION:
    os.environ.setdefault("REQUIRE_SECRET_KEY", "true")
SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
# Where the site is, as its visitors reach it. Every absolute address we hand out
# (share links, canonical links, emails) is built from this, never from the request's
# Host header, which a visitor controls.
SITE_URL = env_url("SITE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "samenwerkt.core",
    "samenwerkt.handbook",
    "samenwerkt.advisor",
    "samenwerkt.accounts",
    "samenwerkt.messaging",
    "samenwerkt.api",
]

# Our own user model (with a preferred language), from the start: swapping it once
# accounts exist would mean rewriting every foreign key to it.
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that may use the database (the page cache reads it first).
    "samenwerkt.core.db_watchdog.DatabaseWatchdogMiddleware",
    # Near the top: a cache hit skips all below; stored pages keep the CSP header.
    "samenwerkt.core.cache.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "samenwerkt.core.middleware.ResponseHeadersMiddleware",
    "samenwerkt.core.db_unavailable.DatabaseUnavailableMiddleware",
    "samenwerkt.core.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "samenwerkt.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A signed-in session past its idle or absolute limit ends here (accounts/sessions.py).
    "samenwerkt.accounts.sessions.SessionLimitsMiddleware",
    # Staff and the programme office turn on two-factor authentication before anything else.
    "samenwerkt.accounts.mfa.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samenwerkt.urls"
WSGI_APPLICATION = "samenwerkt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samenwerkt.core.context_processors.site",
                "samenwerkt.handbook.context_processors.handbook",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
# SQLite in var/ by default; DATABASE_URL (e.g. postgres://user@127.0.0.1:5432/db)
# switches to PostgreSQL, the production database.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60, minimum=0)
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3, minimum=1)
# PostgreSQL ends a statement that runs, or waits for a lock, longer than this, so a
# held lock or a runaway query gives a 503 in seconds instead of a worker that the app
# server kills after its own timeout. 0 switches a limit off (e.g. for a big import).
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 10_000, minimum=0)
DB_LOCK_TIMEOUT_MS = env_int("DB_LOCK_TIMEOUT_MS", 3_000, minimum=0)
# After a failed connection, requests answer at once (a 503, or a cached public page)
# for this long instead of each waiting DB_CONNECT_TIMEOUT again (core/db_unavailable).
DB_RETRY_SECONDS = env_int("DB_RETRY_SECONDS", 2, minimum=0)
# A request still holding a PostgreSQL connection this long after the statement timeout
# has its connection cut (core/db_watchdog.py): the server has stopped answering.
DB_WATCHDOG_MARGIN_SECONDS = env_int("DB_WATCHDOG_MARGIN_SECONDS", 2, minimum=1)
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# Built in settings_database.py: PostgreSQL gets connect, keepalive, statement and lock
# timeouts; SQLite gets WAL, IMMEDIATE transactions and a busy timeout.
DATABASES = {
    "default": database(
        DATABASE_URL,
        sqlite_path=env_str("SQLITE_PATH", str(VAR_DIR / "samenwerkt.sqlite3")),
        conn_max_age=CONN_MAX_AGE,
        connect_timeout=DB_CONNECT_TIMEOUT,
        statement_timeout_ms=DB_STATEMENT_TIMEOUT_MS,
        lock_timeout_ms=DB_LOCK_TIMEOUT_MS,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: it refuses a locked-out account or address before
    # any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in by email address (django-allauth).
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Django's four checks, worded for this site (accounts/passwords.py); at least 12
# characters.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "samenwerkt.accounts.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "samenwerkt.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "samenwerkt.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "samenwerkt.accounts.passwords.NumericPasswordValidator"},
]

# --- Accounts (django-allauth) -----------------------------------------------
# Sign in with an email address and a password; an address is confirmed by a link
# before the account can sign in. Links in emails come from SITE_URL (the adapter).
ACCOUNT_ADAPTER = "samenwerkt.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"  # filled in by allauth, never shown
ACCOUNT_USER_DISPLAY = "samenwerkt.accounts.adapter.user_display"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = (
    False  # the link opens a page with a button: mail scanners follow links
)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Samen werkt! – "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_NOTIFICATIONS = True  # "your password was changed", and the like
# Adding, removing or choosing another main address first asks for the password again
# (when the sign-in is older than a few minutes): the address is where resets go.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Failed sign-ins are counted by django-axes (10 per account or address, then a
# cool-off, see Security below), for our sign-in page and the admin's alike; allauth's
# own, stricter count would answer first and hide the lock-out.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "handbook:home"
# Two-factor authentication: an authenticator app (TOTP) with recovery codes, for
# everyone; staff and the programme office must turn it on (accounts/mfa.py).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samen werkt!"
MFA_ADAPTER = "samenwerkt.accounts.mfa_adapter.MFAAdapter"  # secrets encrypted at rest
MFA_FORMS = {
    "activate_totp": "samenwerkt.accounts.mfa_forms.SiteActivateTOTPForm",
    "authenticate": "samenwerkt.accounts.mfa_forms.SiteAuthenticateForm",
    "reauthenticate": "samenwerkt.accounts.mfa_forms.SiteReauthenticateForm",
}
# Each signed-in session is listed on the account's sessions page, which can end the
# others. Recorded at sign-in only: tracking every request would write on every page.
USERSESSIONS_TRACK_ACTIVITY = False
# A signed-in session ends after this long without a request, and in any case this
# long after signing in (accounts/sessions.py). The cookie lives no longer than that.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
# How long an invitation to join an organisation can be accepted.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)
# First messages to schools an organisation may send in 24 hours (messaging/).
FIRST_MESSAGES_PER_DAY = env_int("FIRST_MESSAGES_PER_DAY", 5, minimum=1)

# --- Language ---------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
USE_THOUSAND_SEPARATOR = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at start-up without it
# WhiteNoise serves the manifest's hashed files with a one-year immutable cache header.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email ------------------------------------------------------------------
# Console by default: mail is printed, never sent. For real mail set EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST (a system check refuses
# SMTP without a host, which would otherwise silently try localhost).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
if EMAIL_USE_SSL and "EMAIL_USE_TLS" not in os.environ:
    EMAIL_USE_TLS = False
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samen werkt! <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Cache ------------------------------------------------------------------
# Local memory by default; REDIS_URL shares one cache between app servers. Cached pages
# are keyed by the content version in the database, so either way an edit is seen by
# every server at once (see core/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "samenwerkt",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCMEM_MAX_ENTRIES", 5000, minimum=10)},
        }
    }
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600, minimum=0)
PAGE_CACHE_ALIAS = "default"

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
# Behind a TLS-terminating load balancer that sets X-Forwarded-Proto.
if env_bool("BEHIND_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health checks answer over plain HTTP too: a load balancer probes the app server
# directly. (The proxy in deploy/nginx.conf redirects every visitor to HTTPS itself.)
# The API is exempt as well: a redirect would turn an integrator's request into one
# without its body; the proxy refuses plain HTTP for it instead.
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$", r"^api/"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "samenwerkt.core.views.csrf_failure"
# Browser features no page of ours uses, switched off for every page.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)

# The reverse proxies whose X-Forwarded-For we believe (comma-separated addresses).
# A request from anywhere else is taken to come from its own address, so a client
# cannot pick the address that sign-in throttling counts (core/client_ip.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# --- Sign-in throttling (django-axes) ----------------------------------------
# Failed sign-ins are counted per account and, separately, per client address;
# either reaching the limit locks that account or address out for a while. Every
# failure and lock-out is logged (logger "axes").
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The account tried: an email address on our sign-in page, a username in the admin's.
AXES_USERNAME_CALLABLE = "samenwerkt.accounts.throttling.sign_in_name"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "samenwerkt.core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "samenwerkt.core.views.locked_out"
AXES_VERBOSE = True

# A strict Content-Security-Policy: only our own files; no inline scripts or styles
# anywhere in the templates.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes logs every failed sign-in and lock-out (logger "axes"); its start-up
    # banner is noise.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}

# Page size of long lists.
PAGE_SIZE = env_int("PAGE_SIZE", 20, minimum=1)
