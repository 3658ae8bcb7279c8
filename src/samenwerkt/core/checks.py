"""System checks for configuration mistakes that Django's own checks do not catch."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def language_settings(app_configs, **kwargs):
    codes = [code for code, _name in settings.LANGUAGES]
    errors = []
    if settings.LANGUAGE_CODE != "nl" or codes[:1] != ["nl"]:
        errors.append(
            Error(
                "Dutch must be the default language (LANGUAGE_CODE='nl', first in LANGUAGES).",
                id="samenwerkt.E001",
            )
        )
    return errors


SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@register()
def email_settings(app_configs, **kwargs):
    """SMTP with no host would quietly try localhost and lose every message."""
    if settings.EMAIL_BACKEND == SMTP_BACKEND and not settings.EMAIL_HOST:
        return [
            Error(
                "EMAIL_BACKEND is SMTP but EMAIL_HOST is not set.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
                id="samenwerkt.E002",
            )
        ]
    return []


@register(deploy=True)
def production_settings(app_configs, **kwargs):
    warnings = []
    if not settings.PRODUCTION:
        warnings.append(
            Warning(
                "PRODUCTION is not set: safe production defaults are off.",
                hint="Set PRODUCTION=true in production.",
                id="samenwerkt.W001",
            )
        )
    if not settings.SITE_URL.startswith("https://"):
        warnings.append(
            Warning(
                f"SITE_URL is {settings.SITE_URL}: links we hand out would not use HTTPS.",
                hint="Set SITE_URL=https://your.domain",
                id="samenwerkt.W003",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        warnings.append(
            Warning(
                "SQLite is the database; production runs PostgreSQL.",
                hint="Set DATABASE_URL=postgres://…",
                id="samenwerkt.W002",
            )
        )
    return warnings
