from django.conf import settings


def site(request):
    """What every page's layout needs: the languages for the switch."""
    return {"site_languages": settings.LANGUAGES}
