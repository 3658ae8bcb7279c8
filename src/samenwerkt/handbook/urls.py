from django.urls import path

from . import views

app_name = "handbook"

urlpatterns = [
    path("", views.home, name="home"),
    path("redenen/", views.reasons, name="reasons"),
    path("vormen/", views.collaboration_form_list, name="collaboration_forms"),
    path("vormen/<slug:slug>/", views.collaboration_form_detail, name="collaboration_form"),
    path("voorbeelden/", views.example_list, name="examples"),
    path("voorbeelden/<slug:slug>/", views.example_detail, name="example"),
    path("gouden-tips/", views.tips, name="tips"),
    path("stappenplan/", views.steps, name="steps"),
    path("onderwijsinstellingen/", views.institution_finder, name="institutions"),
    path("onderwijsinstellingen/<slug:slug>/", views.institution_detail, name="institution"),
    path("over/", views.about, name="about"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
]
