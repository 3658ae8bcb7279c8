"""Read and bump the content version (see ContentVersion)."""

from django.db import connection, transaction
from django.db.models import F

from .models import ContentVersion

KEY = "handbook"

# The last version this process read: while the database is away, the page cache
# may still serve what it stored under it (core/cache.py).
last_seen: int | None = None


def current() -> int:
    global last_seen
    # Plain SQL: this runs on every cached request, and the ORM's query building would
    # cost more than the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_SELECT, [KEY])
        row = cursor.fetchone()
    last_seen = row[0] if row else 0
    return last_seen


_SELECT = f"SELECT version FROM {ContentVersion._meta.db_table} WHERE key = %s"


def bump() -> None:
    """Raise the version once the surrounding transaction commits."""

    def _bump():
        updated = ContentVersion.objects.filter(key=KEY).update(version=F("version") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(key=KEY, defaults={"version": 2})

    transaction.on_commit(_bump)
