"""Small middleware: the JSON API's language, and headers every response owes.

Public pages carry their language in the URL (``/`` Dutch, ``/en/`` English). The API
lives at one URL for both languages, so it reads ``?lang=`` first, then the
Accept-Language header, and falls back to Dutch. An unknown ``lang`` value is left
for the API's own validation to reject with a 422 that names the parameter.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"


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
        if request.path_info.startswith(API_PREFIX):
            translation.activate(api_language(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class ResponseHeadersMiddleware:
    """Headers every response owes its reader.

    * ``Permissions-Policy``: browser features no page of ours uses are switched off.
    * A page shown to a signed-in user is ``Cache-Control: private, no-store``: no
      shared cache and no browser history keeps another person's page. Public pages
      for everyone else stay cacheable and do not vary on the cookie (core/cache.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if _signed_in(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    # Without a session cookie nobody is signed in; checking first keeps anonymous
    # requests from reading the session (which would add Vary: Cookie).
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
