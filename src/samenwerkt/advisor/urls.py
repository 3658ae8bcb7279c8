from django.urls import path

from . import views

app_name = "advisor"

urlpatterns = [
    path("advies/", views.start, name="start"),
    path("advies/inzet/", views.effort, name="effort"),
    path("advies/redenen/", views.reasons, name="reasons"),
    path("advies/belang/", views.weights, name="weights"),
    path("advies/waar/", views.place, name="place"),
    path("advies/controleer/", views.check, name="check"),
    path("advies/resultaat/", views.result, name="result"),
    path("beslisboom/", views.beslisboom, name="beslisboom"),
]
