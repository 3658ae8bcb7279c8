from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samenwerkt.core"
    label = "core"
