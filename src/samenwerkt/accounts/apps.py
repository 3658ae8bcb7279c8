from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samenwerkt.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Signal receivers: the moment of signing in (session limits), deactivation,
        # the security log.
        from . import audit, sessions, signals  # noqa: F401
