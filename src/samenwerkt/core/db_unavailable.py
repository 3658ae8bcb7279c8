"""When the database is away, answer fast with a friendly 503 instead of a 500.

Four rules keep a dead or hung database from tying up the app servers:

* connecting gives up after DB_CONNECT_TIMEOUT seconds, and PostgreSQL ends a
  statement or lock wait after DB_STATEMENT_TIMEOUT_MS / DB_LOCK_TIMEOUT_MS (settings);
  a server that stops answering altogether is cut off by the watchdog
  (core/db_watchdog.py);
* a request tries to connect at most once: the page cache's first database read is
  the try, and when it fails the request is answered there (core/cache.py);
* after a failed connection this process answers every request at once for
  DB_RETRY_SECONDS (a cached public page where it has one, else the 503), instead of
  letting each request wait for the connect timeout again;
* then ONE request of the process probes the database (a bounded connect and
  ``SELECT 1``) while the others still answer at once: with more visitors than
  threads, they would otherwise all wait on the connect timeout together and even
  /livez would queue behind them. A good probe ends the outage for the process.

/livez never touches the database, so a load balancer keeps the server in rotation
and the 503 pages keep coming fast.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from .middleware import is_api_request

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

# The process's view of the database: 0.0 while it is fine; else the time
# (time.monotonic()) until which nobody tries, and the thread probing after that.
_unreachable_until = 0.0
_prober: int | None = None
_lock = threading.Lock()


def database_available() -> bool:
    """May this request use the database? Cheap while it is fine; while it is not,
    True only for the one request that probes it (and only when the probe works)."""
    global _prober
    if not _unreachable_until:
        return True
    me = threading.get_ident()
    with _lock:
        if not _unreachable_until:
            return True
        if time.monotonic() < _unreachable_until or _prober not in (None, me):
            return False
        _prober = me
    try:
        with connection.cursor() as cursor:  # one bounded connect (and a ping)
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        _pause(exc)
        return False
    _recovered()
    return True


def note_failure(exception: BaseException) -> None:
    """Remember a failed connection (not a mere timeout or lock on a live one)."""
    if connection_lost():
        _pause(exception)
    else:
        logger.warning("database busy: %s", exception)


def _pause(exception: BaseException) -> None:
    global _unreachable_until, _prober
    with _lock:
        _unreachable_until = time.monotonic() + settings.DB_RETRY_SECONDS
        _prober = None
    logger.warning("database unreachable: %s", exception)


def _recovered() -> None:
    global _unreachable_until, _prober
    with _lock:
        _unreachable_until = 0.0
        _prober = None
    logger.warning("database reachable again")


def connection_lost() -> bool:
    """True when there is no live connection left: the connect failed, or the server
    went away. A statement or lock timeout leaves the connection open."""
    raw = connection.connection
    return raw is None or bool(getattr(raw, "closed", False))


def is_outage(exception: BaseException) -> bool:
    # OperationalError also covers SQLite's "database is locked" and PostgreSQL's
    # statement and lock timeouts: to the visitor each means "try again in a moment".
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_response(request) -> HttpResponse:
    """The 503 for people (bilingual page) or for the API (JSON); needs no database."""
    if is_api_request(request.path_info):
        response = JsonResponse(
            {"detail": "The service is temporarily unavailable; try again shortly."},
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def outage_or_raise(request, exception: BaseException) -> HttpResponse:
    """For middleware that reads the database before the view (who is signed in): an
    outage answers with the 503, as a view's would; anything else is raised again."""
    if not is_outage(exception):
        raise exception
    note_failure(exception)
    return unavailable_response(request)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        note_failure(exception)
        return unavailable_response(request)
