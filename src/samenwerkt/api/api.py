"""The JSON API at /api/v1/. Its OpenAPI schema is committed as api/openapi.json and a
test fails when the served one drifts from it (regenerate with ``make openapi``)."""

from ninja import NinjaAPI

from . import advisor, handbook

api = NinjaAPI(
    title="Samen werkt! API",
    version="1.0.0",
    description=(
        "The knowledge of the handbook *Samen werkt!* (Human Capital Agenda ICT) and its "
        "advisor as JSON. Dutch by default; `?lang=en` or an `Accept-Language` header "
        "switches to English."
    ),
    urls_namespace="api",
)
api.add_router("/", handbook.router)
api.add_router("/", advisor.router)
