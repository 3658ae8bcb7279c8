from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def livez(request):
    """The process is up; touches nothing (also the baseline of the benchmarks)."""
    return HttpResponse("ok", content_type="text/plain")


def healthz(request):
    """For a load balancer: 200 when the database answers. Bounded by the connect and
    statement timeouts; a failure is the friendly 503 (core/db_unavailable.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token, or from another site; never says which
    (that is for the log), only what to do."""
    return render(request, "errors/403_csrf.html", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors may touch the database here: it may be what failed.
    return render(request, "errors/500.html", status=500)


def locked_out(request, original_response=None, credentials=None):
    """django-axes: too many failed sign-ins for this account or from this address."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    wait = ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    return render(
        request,
        "errors/locked_out.html",
        {"wait": wait, "page_title": _("Too many attempts")},
        status=429,
    )
