"""When the database is down, answer fast with a friendly 503 instead of a 500.

With a short connect timeout (settings) a request fails within seconds; this
middleware turns the database error into a 503 page (with Retry-After) that needs no
database. Django's connection health checks reconnect by themselves once the
database is back.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # OperationalError also covers SQLite's "database is locked": to the visitor
        # every one of them means "try again in a moment".
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable: %s", exception)
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {"detail": "The service is temporarily unavailable; try again shortly."},
                status=503,
            )
        else:
            response = HttpResponse(render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
