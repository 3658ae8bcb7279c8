"""Whole-page cache for what is the same for everyone.

A page is cached only when its view is marked public (``@public_page``, core/public.py)
and the visitor is not really signed in. The key is made of the path, the page's
language, the query parameters the view declares (in the order given; any other
parameter is removed from the request before the view sees it) and the content
version, read from the database on every request (one indexed row). An edit to any
public content bumps the version, so no server — with its own memory cache or a
shared Redis — serves an old page after the edit has committed.

Nothing in a cached page comes from the request beyond those parts: absolute
addresses come from SITE_URL, never from the Host header.

The middleware sits near the top of the stack, so a hit skips everything below it;
the stored response already carries the headers the inner middleware added (CSP,
framing, Permissions-Policy).

While the database is unreachable, a public page this process has stored under the
last version it saw is served (marked ``X-Page-Cache: stale``) rather than a 503:
handbook content changes rarely and no edit can commit during the outage, so a
page from a few minutes ago is the truth in all but name. Everything else gets the
friendly 503 at once (core/db_unavailable.py).
"""

from __future__ import annotations

import hashlib
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import DatabaseError
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation

from . import content_version, db_unavailable
from .middleware import api_language, is_api_request
from .public import SAFE_METHODS, PublicPage, public_page_of
from .sessions import has_signed_in_session

# Never cached and never answered by the outage rules: the process's own health, and
# static files (WhiteNoise answers those above us anyway).
PASS_THROUGH = ("/livez", "/static/")
# Headers that belong to one exchange, not to the page.
NOT_STORED = {"x-page-cache", "set-cookie", "date"}


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(PASS_THROUGH):
            return self.get_response(request)
        # The content version is read at most once per request (core/content_memo.py).
        token = content_version.start_request()
        try:
            return self._respond(request)
        finally:
            content_version.end_request(token)

    def _respond(self, request):
        # Check the Host as CommonMiddleware (below us) would, before a stored page can
        # answer: a host this site does not serve gets the 400 whether or not the page
        # is stored (DisallowedHost becomes the 400 page).
        request.get_host()
        language = _language(request)
        page = _public_page(request, language)
        if page is not None:
            _keep_declared_parameters(request, page)
        if not db_unavailable.database_available():
            return self._outage(request, page, language)
        if page is None or request.method not in SAFE_METHODS:
            return self.get_response(request)
        try:
            signed_in = has_signed_in_session(request)
        except DatabaseError as exc:
            return self._failed(request, page, language, exc)
        if signed_in:
            return self.get_response(request)
        # Not signed in: the page is the anonymous one, whatever cookie came along.
        request._public_anonymous = True
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not page.storable(request.GET.items()):
            return self.get_response(request)
        try:
            version = content_version.for_this_request()
        except DatabaseError as exc:
            return self._failed(request, page, language, exc)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        key = _key(request, language, version)
        stored = cache.get(key)
        if stored is not None:
            return _rebuild(stored, "hit")
        response = self.get_response(request)
        if _cacheable_response(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
            cache.set(key, (response.status_code, response.content, headers), seconds)
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Public pages render the same for every visitor who is not signed in: give
        # the view an anonymous user that does not read the session, so the page
        # never varies on the cookie and stays cacheable.
        if getattr(request, "_public_anonymous", False):
            request.user = AnonymousUser()
        return None

    def _failed(self, request, page, language, exc):
        if not db_unavailable.is_outage(exc):
            raise exc
        db_unavailable.note_failure(exc)
        return self._outage(request, page, language)

    def _outage(self, request, page, language):
        """Answer without the database: a stored public page, else the 503."""
        last = content_version.last_seen
        if page is not None and request.method in SAFE_METHODS and last is not None:
            stored = caches[settings.PAGE_CACHE_ALIAS].get(_key(request, language, last))
            if stored is not None:
                return _rebuild(stored, "stale")
        return db_unavailable.unavailable_response(request)


def _public_page(request, language: str) -> PublicPage | None:
    with translation.override(language):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return public_page_of(match.func)


def _keep_declared_parameters(request, page: PublicPage) -> None:
    """Drop every query parameter the page does not declare, before anyone reads it:
    the view, the template's links (get_full_path) and the cache key all see the same
    canonical query."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    # Filter the raw "name=value" parts, so what is kept keeps its own spelling.
    kept = [
        part
        for part in query.split("&")
        if part and unquote_plus(part.partition("=")[0]) in page.params
    ]
    canonical = "&".join(kept)
    if canonical != query:
        request.META["QUERY_STRING"] = canonical
        request.GET = QueryDict(canonical)


def _key(request, language: str, version: int) -> str:
    url = request.path_info + "?" + request.META.get("QUERY_STRING", "")
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{version}:{language}:{digest}"


def _rebuild(stored, how: str) -> HttpResponse:
    status, content, headers = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Page-Cache"] = how
    return response


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = response.get("Vary", "").lower()
    return "cookie" not in vary and not response.has_header("Cache-Control")


def _language(request) -> str:
    """The language the page will be in, decided as the inner middleware will."""
    if is_api_request(request.path_info):
        return api_language(request)
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
