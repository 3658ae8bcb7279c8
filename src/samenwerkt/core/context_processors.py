import functools

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, override

# The pages every page links to (main menu, brand, footer), by a short name.
FRAME_URLS = {
    "home": "handbook:home",
    "advisor": "advisor:start",
    "reasons": "handbook:reasons",
    "forms": "handbook:collaboration_forms",
    "examples": "handbook:examples",
    "tips": "handbook:tips",
    "steps": "handbook:steps",
    "institutions": "handbook:institutions",
    "about": "handbook:about",
    "beslisboom": "advisor:beslisboom",
    "accessibility": "handbook:accessibility",
    "api_docs": "api_docs:reference",
}


@functools.cache
def frame_urls(language: str) -> dict[str, str]:
    """The frame's addresses in one language, reversed once per process: the URLconf
    does not change while it runs, and every page would otherwise reverse them all."""
    with override(language):
        return {name: reverse(view) for name, view in FRAME_URLS.items()}


def site(request):
    """What every page's layout needs: the languages for the switch, the site's own
    address for absolute links (never the request's Host header), and the frame's
    links in the page's language."""
    return {
        "site_languages": settings.LANGUAGES,
        "site_url": settings.SITE_URL,
        "frame": frame_urls(get_language() or settings.LANGUAGE_CODE),
    }
