from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from samenwerkt.api.api import urls as api_urls
from samenwerkt.core import views as core_views

# The admin signs in through our own sign-in page, so staff pass the same checks as
# everyone (throttling, a confirmed address) and their second factor (accounts/mfa.py).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("api/v1/", api_urls()),
    path("healthz", core_views.healthz, name="healthz"),
    path("livez", core_views.livez, name="livez"),
]

# Dutch pages at /, English at /en/: the language is part of the URL, so a shared
# link opens in the language it was shared in. The API reference is one of them
# (/api/v1/docs and /en/api/v1/docs), after the API's own addresses above.
urlpatterns += i18n_patterns(
    path("", include("samenwerkt.handbook.urls")),
    path("", include("samenwerkt.advisor.urls")),
    path("", include("samenwerkt.api.urls")),
    path("account/", include("samenwerkt.accounts.urls")),
    path("account/berichten/", include("samenwerkt.messaging.urls")),
    path("account/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "samenwerkt.core.views.bad_request"
handler403 = "samenwerkt.core.views.permission_denied"
handler404 = "samenwerkt.core.views.not_found"
handler500 = "samenwerkt.core.views.server_error"
