"""The base of the middleware that look at the signed-in person before the view (the
session limits, the two-factor rule): one place for what they share."""

from __future__ import annotations

from django.db import DatabaseError

from samenwerkt.core.db_unavailable import outage_or_raise


class SignedInCheckMiddleware:
    """Calls ``check(request, user)`` for a signed-in person; a response it returns
    answers instead of the view. A public page the page cache found anonymous is left
    alone: reading request.user would read the session and make it vary on the cookie.
    Reading the user needs the database: an outage answers with the 503, as a view's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        if not getattr(request, "_public_anonymous", False):
            try:
                user = getattr(request, "user", None)
                if user is not None and user.is_authenticated:
                    response = self.check(request, user)
            except DatabaseError as exc:
                return outage_or_raise(request, exc)
        return response or self.get_response(request)

    def check(self, request, user):  # pragma: no cover - each subclass has its own
        raise NotImplementedError
