from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render


def livez(request):
    """The process is up; touches nothing (also the baseline of the benchmarks)."""
    return HttpResponse("ok", content_type="text/plain")


def healthz(request):
    """For a load balancer: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors may touch the database here: it may be what failed.
    return render(request, "errors/500.html", status=500)
