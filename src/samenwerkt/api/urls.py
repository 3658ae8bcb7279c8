"""The API's page for people, among the i18n pages (urls.py): Dutch at /api/v1/docs,
where ninja's own docs page used to be, and English at /en/api/v1/docs. The language
is in the URL as on every page; core/middleware.py's API_PAGES keeps the API's
?lang=/Accept-Language rule off this address."""

from django.urls import path

from . import views

app_name = "api_docs"

urlpatterns = [
    path("api/v1/docs", views.api_reference, name="reference"),
]
