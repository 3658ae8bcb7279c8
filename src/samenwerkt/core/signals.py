"""Any write to public content bumps the content version (cache invalidation).

Which models count is decided by the PublicContent mixin, not by app: whatever a
public page shows, from whichever app, inherits it."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import content_version
from .models import PublicContent


def _changed(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixture/backup loading: the importer bumps once at the end
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed fires before and after; count the change once
    content_version.bump()


def public_content_models() -> list[type]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, PublicContent) and not model._meta.abstract
    ]


def connect() -> None:
    for model in public_content_models():
        label = model._meta.label
        post_save.connect(_changed, sender=model, dispatch_uid=f"cv-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"cv-del-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _changed, sender=through, dispatch_uid=f"cv-m2m-{through._meta.label}"
            )
