"""Language selection for the JSON API.

Public pages carry their language in the URL (``/`` Dutch, ``/en/`` English). The API
lives at one URL for both languages, so it reads ``?lang=`` first, then the
Accept-Language header, and falls back to Dutch. An unknown ``lang`` value is left
for the API's own validation to reject with a 422 that names the parameter.
"""

from django.conf import settings
from django.utils import translation

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
