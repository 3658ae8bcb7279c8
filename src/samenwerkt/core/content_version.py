"""Read and bump the handbook's content version (see ContentVersion)."""

from django.db import connection, transaction
from django.db.models import F

from .models import ContentVersion

KEY = "handbook"


def current() -> int:
    # Plain SQL: this runs on every cached request, and the ORM's query building would
    # cost more than the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_SELECT, [KEY])
        row = cursor.fetchone()
    return row[0] if row else 0


_SELECT = f"SELECT version FROM {ContentVersion._meta.db_table} WHERE key = %s"


def bump() -> None:
    """Raise the version once the surrounding transaction commits."""

    def _bump():
        updated = ContentVersion.objects.filter(key=KEY).update(version=F("version") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(key=KEY, defaults={"version": 2})

    transaction.on_commit(_bump)
