"""Small middleware: the JSON API's language, and headers every response owes.

Public pages carry their language in the URL (``/`` Dutch, ``/en/`` English). The API
lives at one URL for both languages, so it reads ``?lang=`` first, then the
Accept-Language header, and falls back to Dutch. An unknown ``lang`` value is left
for the API's own validation to reject with a 422 that names the parameter.

The API reference (``/api/v1/docs``) is a page for people among the API's addresses:
like every page it carries its language in the URL (``/en/api/v1/docs`` in English),
so a shared link opens in the language it was shared in, whatever the browser asks.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"
# Pages for people under API_PREFIX: HTML, with the language in the URL as every
# page's (the API reference, api/urls.py; a test checks that this is where it lives).
API_PAGES = frozenset({"/api/v1/docs"})


def is_api_request(path_info: str) -> bool:
    """A request for the JSON API: its language comes from ``?lang=`` and
    Accept-Language, and its errors are JSON."""
    return path_info.startswith(API_PREFIX) and path_info not in API_PAGES


def api_language(request) -> str:
    supported = {code for code, _ in settings.LANGUAGES}
    requested = request.GET.get("lang", "").strip().lower()
    if requested in supported:
        return requested
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for lang, _quality in translation.trans_real.parse_accept_lang_header(header):
        base = lang.split("-")[0].lower()
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


class ApiLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request.path_info):
            translation.activate(api_language(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class ResponseHeadersMiddleware:
    """Headers every response owes its reader.

    * ``Permissions-Policy``: browser features no page of ours uses are switched off.
    * A page for a visitor with a session is ``Cache-Control: private, no-store``: no
      shared cache and no browser history keeps another person's page. Only a public
      page shown as to anyone (core/cache.py decided the visitor is not signed in)
      stays cacheable, and it does not vary on the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if _personal(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _personal(request) -> bool:
    # Decided from what the request carries, never by loading the session here: this
    # runs after the view, also when the database has just failed it.
    if "HTTP_AUTHORIZATION" in request.META:  # an API token: the answer is its organisation's
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return not getattr(request, "_public_anonymous", False)
