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
    "contact": "handbook:contact",
    "privacy": "handbook:privacy",
}


@functools.cache
def frame_urls(language: str) -> dict[str, str]:
    """The frame's addresses in one language, reversed once per process: the URLconf
    does not change while it runs, and every page would otherwise reverse them all."""
    with override(language):
        return {name: reverse(view) for name, view in FRAME_URLS.items()}


# Which frame link is this page's own (aria-current="page"): these match the whole
# path, the others (sections with pages below them) any path that starts with theirs.
EXACT_SECTIONS = (
    "home",
    "reasons",
    "tips",
    "steps",
    "institutions",
    "contact",
    "privacy",
    "api_docs",
)
PREFIX_SECTIONS = ("advisor", "forms", "examples")


def current_section(path: str, urls: dict[str, str]) -> str:
    """The frame's name for the page at ``path`` ("" for none): the one thing about the
    request the menu and the footer depend on, so both can be stored per section
    (the {% fragment %} tag in base.html) instead of drawn for every request."""
    for name in EXACT_SECTIONS:
        if path == urls[name]:
            return name
    for name in PREFIX_SECTIONS:
        if path.startswith(urls[name]):
            return name
    return ""


def site(request):
    """What every page's layout needs: the languages for the switch, the site's own
    address for absolute links (never the request's Host header), and the frame's
    links in the page's language, with the one that is this page's own."""
    urls = frame_urls(get_language() or settings.LANGUAGE_CODE)
    return {
        "site_languages": settings.LANGUAGES,
        "site_url": settings.SITE_URL,
        "frame": urls,
        "frame_current": current_section(request.path, urls),
    }
