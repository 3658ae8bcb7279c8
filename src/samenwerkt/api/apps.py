from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "samenwerkt.api"
    label = "api"
