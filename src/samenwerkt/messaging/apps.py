from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "samenwerkt.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self):
        # Its part of the personal data export; what happens when a school team goes.
        from . import personal_data, signals  # noqa: F401
