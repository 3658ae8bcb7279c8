"""Read and bump the handbook's content version (see ContentVersion)."""

from django.db import transaction
from django.db.models import F

from .models import ContentVersion

KEY = "handbook"


def current() -> int:
    row = ContentVersion.objects.filter(key=KEY).values_list("version", flat=True).first()
    return row or 0


def bump() -> None:
    """Raise the version once the surrounding transaction commits."""

    def _bump():
        updated = ContentVersion.objects.filter(key=KEY).update(version=F("version") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(key=KEY, defaults={"version": 2})

    transaction.on_commit(_bump)
