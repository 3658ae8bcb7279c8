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
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        warnings.append(
            Warning(
                "SQLite is the database; production runs PostgreSQL.",
                hint="Set DATABASE_URL=postgres://…",
                id="samenwerkt.W002",
            )
        )
    return warnings
