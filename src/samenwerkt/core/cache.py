"""Whole-page cache for what is the same for everyone.

Public pages and API answers depend only on the URL, the language and the handbook
content. We cache the rendered response under a key made of those three, where the
content part is :class:`ContentVersion`, read from the database on every request (one
indexed row). An edit anywhere bumps the version, so no server — with its own memory
cache or a shared Redis — serves an old page after the edit has committed.

The middleware sits near the top of the stack, so a hit skips everything below it;
the stored response already carries the headers the inner middleware added (CSP,
framing). Skipped: anything but GET/HEAD, the admin, requests that carry a session
(signed-in staff), responses other than 200 or that set cookies or vary on them.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import translation

from . import content_version
from .middleware import API_PREFIX, api_language

SKIP_PREFIXES = ("/beheer/", "/en/beheer/", "/static/", "/healthz", "/livez")
# Headers that belong to one exchange, not to the page.
NOT_STORED = {"x-page-cache", "set-cookie", "date"}


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not self._cacheable_request(request):
            return self.get_response(request)
        try:
            key = self._key(request)
        except DatabaseError:
            # The database is away: let the view answer (with the friendly 503).
            return self.get_response(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        stored = cache.get(key)
        if stored is not None:
            return self._rebuild(stored)
        response = self.get_response(request)
        if self._cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
            cache.set(key, (response.status_code, response.content, headers), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _rebuild(stored) -> HttpResponse:
        status, content, headers = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _cacheable_request(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if request.path_info.startswith(SKIP_PREFIXES):
            return False
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    @staticmethod
    def _cacheable_response(response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        vary = response.get("Vary", "").lower()
        return "cookie" not in vary and not response.has_header("Cache-Control")

    @staticmethod
    def _key(request) -> str:
        url = request.get_full_path()
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
        return f"page:{content_version.current()}:{_language(request)}:{digest}"


def _language(request) -> str:
    """The language the page will be in, decided as the inner middleware will."""
    if request.path_info.startswith(API_PREFIX):
        return api_language(request)
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
