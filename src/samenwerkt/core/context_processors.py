from django.conf import settings


def site(request):
    """What every page's layout needs: the languages for the switch, and the site's
    own address for absolute links (never the request's Host header)."""
    return {"site_languages": settings.LANGUAGES, "site_url": settings.SITE_URL}
