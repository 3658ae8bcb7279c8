"""Who is really signed in, decided before the page cache answers.

Only a session that the session store knows and that holds a signed-in user makes
the page cache step aside; a made-up ``sessionid`` cookie is an anonymous visitor and
gets the cached page. The store loaded for that check is handed on to Django's
session middleware, so a signed-in request reads its session once.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware


def has_signed_in_session(request) -> bool:
    """True when the request's session cookie belongs to a signed-in user.

    Reads the session store (a database query with the default engine), so a
    DatabaseError propagates to the caller, who decides what an outage means."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    signed_in = bool(store.get(SESSION_KEY))
    request._preloaded_session = store
    return signed_in


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, reusing a session store the page cache already loaded."""

    def process_request(self, request):
        preloaded = getattr(request, "_preloaded_session", None)
        if preloaded is not None:
            request.session = preloaded
        else:
            super().process_request(request)
