"""Schemathesis against the API's OpenAPI schema, with all of its checks.

The schema is the committed ``src/samenwerkt/api/openapi.json`` (tests/api/test_api.py
fails when it drifts from the served one). It is loaded from the file rather than
from the app because loading happens at collection time, before pytest-django has
created the test database, and the app's middleware reads the database on every
request. Every generated request then goes through the Django WSGI application
in-process, so it runs against the test database with the handbook content loaded
(tests/conftest.py).

No check is named in ``call_and_validate``, so schemathesis runs every built-in check
its configuration enables, which by default is all of them (not_a_server_error,
status_code_conformance, content_type_conformance, response_headers_conformance,
response_schema_conformance, negative_data_rejection, positive_data_acceptance,
missing_required_header, unsupported_method, ...).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from samenwerkt.wsgi import application

COMMITTED_SCHEMA = (
    Path(__file__).resolve().parents[2] / "src" / "samenwerkt" / "api" / "openapi.json"
)

schema = schemathesis.openapi.from_path(COMMITTED_SCHEMA)

# The API only reads, so the usual per-test transaction (rolled back) is enough.
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """A plain WSGI call sends request_started/request_finished, whose
    close_old_connections would close the connection in the middle of the test's
    transaction. Django's test client disconnects it for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    # Each example goes through the whole Django stack in-process: slow on purpose.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(app=application)
