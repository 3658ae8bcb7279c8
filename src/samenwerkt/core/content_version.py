"""Read and bump the content version (see ContentVersion)."""

from contextvars import ContextVar

from django.db import connection, transaction
from django.db.models import F

from .models import ContentVersion

KEY = "handbook"

# The last version this process read: while the database is away, the page cache
# may still serve what it stored under it (core/cache.py).
last_seen: int | None = None

# The version the current request has read. None outside a request (a command, a test
# calling a selector): there it is read every time. The page-cache middleware
# (core/cache.py) sets UNREAD at the start of every request.
UNREAD = -1
_this_request: ContextVar[int | None] = ContextVar("content_version", default=None)


def current() -> int:
    global last_seen
    # Plain SQL: this runs on every cached request, and the ORM's query building would
    # cost more than the query itself.
    with connection.cursor() as cursor:
        cursor.execute(_SELECT, [KEY])
        row = cursor.fetchone()
    last_seen = row[0] if row else 0
    return last_seen


def for_this_request() -> int:
    """The version this request has already read, else read it now (once a request)."""
    version = _this_request.get()
    if version is None:
        return current()
    if version == UNREAD:
        version = current()
        _this_request.set(version)
    return version


def known() -> int:
    """The version this request has read, else the one this process last read (no
    query), else read it now: for what every page draws, also pages that read no
    content, at the cost of lagging one edit there (see content_memo.last_known)."""
    version = read_this_request()
    if version is None:
        version = last_seen
    return for_this_request() if version is None else version


def read_this_request() -> int | None:
    """The version the current request has read, or None if it has read none (yet),
    without reading it."""
    version = _this_request.get()
    return None if version in (None, UNREAD) else version


def start_request():
    """A request begins: nothing read yet. Returns the token to end it with."""
    return _this_request.set(UNREAD)


def end_request(token) -> None:
    _this_request.reset(token)


_SELECT = f"SELECT version FROM {ContentVersion._meta.db_table} WHERE key = %s"


def bump() -> None:
    """Raise the version once the surrounding transaction commits."""

    def _bump():
        updated = ContentVersion.objects.filter(key=KEY).update(version=F("version") + 1)
        if not updated:
            ContentVersion.objects.get_or_create(key=KEY, defaults={"version": 2})

    transaction.on_commit(_bump)
