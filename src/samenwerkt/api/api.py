"""The JSON API at /api/v1/. Its OpenAPI schema is committed as api/openapi.json and a
test fails when the served one drifts from it (regenerate with ``make openapi``).

The reference for people at /api/v1/docs is our own page (api/reference.py, rendered
from this schema), not ninja's bundled Swagger UI: that page had no language, failed
colour contrast and nested interactive controls, and did not fit a narrow screen."""

from django.utils.translation import gettext_noop
from ninja import NinjaAPI

from samenwerkt.core.public import mark_public

from . import advisor, handbook, organisation

api = NinjaAPI(
    title="Samen werkt! API",
    version="1.0.0",
    description=gettext_noop(
        "The knowledge of the handbook *Samen werkt!* (Human Capital Agenda ICT) and its "
        "advisor as JSON. Dutch by default; `?lang=en` or an `Accept-Language` header "
        "switches to English."
    ),
    urls_namespace="api",
    docs_url=None,  # /api/v1/docs is api/reference.py's page, in i18n_patterns
)
api.add_router("/", handbook.router)
api.add_router("/", advisor.router)
api.add_router("/", organisation.router)

# These endpoints are public (the same answer for everyone) and are cached whole by
# core/cache.py, keyed on exactly these query parameters; any other parameter is
# dropped before the endpoint runs. The organisation's endpoints (organisation.py) ask
# for a token and are never cached. A test checks this table against the OpenAPI
# schema, so a new parameter cannot be forgotten here.
PUBLIC_QUERY_PARAMETERS: dict[str, tuple[str, ...]] = {
    "openapi-json": (),
    "reasons": ("lang",),
    "forms": ("lang",),
    "examples": ("lang", "form", "reason", "level", "region", "limit", "offset"),
    "regions": ("lang",),
    "tips": ("lang",),
    "steps": ("lang",),
    "advice": ("effort", "reasons", "lang"),
}


def urls():
    """The API's URL patterns, each endpoint marked public with its parameters."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        params = PUBLIC_QUERY_PARAMETERS.get(pattern.name)
        if params is not None:
            mark_public(pattern.callback, params=params)
    return patterns, app_name, namespace
