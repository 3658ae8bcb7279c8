from django.urls import path

from .views import threads

app_name = "messaging"

urlpatterns = [
    path("", threads.thread_list, name="threads"),
    path("nieuw/<slug:slug>/", threads.thread_new, name="new"),
    path("<int:thread_id>/", threads.thread_detail, name="thread"),
    path("<int:thread_id>/melden/", threads.thread_report, name="report"),
    path("<int:thread_id>/doorsturen/", threads.thread_forward, name="forward"),
]
