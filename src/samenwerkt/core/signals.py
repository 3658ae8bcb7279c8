"""Any write to a handbook model bumps the content version (cache invalidation)."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import content_version


def _changed(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixture/backup loading: the importer bumps once at the end
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after; count the change once
    content_version.bump()


def connect() -> None:
    for model in apps.get_app_config("handbook").get_models():
        post_save.connect(_changed, sender=model, dispatch_uid=f"cv-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"cv-del-{model.__name__}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_changed, sender=through, dispatch_uid=f"cv-m2m-{through.__name__}")
