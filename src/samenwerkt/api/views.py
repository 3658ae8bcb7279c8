"""The API reference page (/api/v1/docs, English at /en/api/v1/docs)."""

from django.shortcuts import render

from samenwerkt.core.public import public_page
from samenwerkt.core.translation import current_language

from .reference import reference


@public_page
def api_reference(request):
    return render(request, "api/reference.html", {"reference": reference(current_language())})
