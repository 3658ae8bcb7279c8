from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samenwerkt.core"
    label = "core"

    def ready(self):
        from . import checks, signals  # noqa: F401  (checks register themselves)

        signals.connect()
