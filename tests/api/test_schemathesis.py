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


@pytest.fixture
def api_token(db):
    """A company with a conversation, and a member's token for it: the organisation's
    endpoints then answer 200 for its own data and 404 for made-up ids."""
    from samenwerkt.accounts.models import Membership, Organisation
    from samenwerkt.accounts.services import api_token_create
    from samenwerkt.handbook.models import CollaborationForm, Institution, Province
    from samenwerkt.messaging.models import Message, Thread
    from tests.accounts.factories import UserFactory

    company = Organisation.objects.create(
        name="Bits & Bytes BV",
        kind=Organisation.Kind.COMPANY,
        size=Organisation.Size.SMALL,
        province=Province.objects.order_by("pk").first(),
    )
    user = UserFactory()
    Membership.objects.create(organisation=company, user=user, role=Membership.Role.OWNER)
    thread = Thread.objects.create(
        company=company,
        institution=Institution.objects.order_by("pk").first(),
        route=Thread.Route.PROGRAMME_OFFICE,
        started_by=user,
        collaboration_form=CollaborationForm.objects.order_by("number").first(),
        level="MBO",
        offer="Stageplekken voor twee studenten",
        when="September",
    )
    Message.objects.create(thread=thread, author=user, side="company", body=thread.offer)
    _token, secret = api_token_create(user=user, organisation=company, name="schemathesis", days=30)
    return secret


# The organisation's endpoints again, with a token. Checks that send a request of their
# own (a call without the token must be refused) go to the WSGI app too.
token_schema = schemathesis.openapi.from_path(COMMITTED_SCHEMA).include(tag="organisation")
token_schema.app = application


@token_schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        # One token for all of an operation's examples (they only read).
        HealthCheck.function_scoped_fixture,
    ],
)
def test_the_organisation_endpoints_conform_with_a_token(case, api_token):
    # The generated case carries an Authorization header (random) unless it tests a
    # request without one; the real token replaces it, so that case stays without.
    if case.headers and "Authorization" in case.headers:
        case.headers["Authorization"] = f"Bearer {api_token}"
    response = case.call_and_validate(app=application)
    if case.method == "GET" and "Authorization" in (case.headers or {}) and not case.query:
        assert response.status_code in (200, 404, 422), response.status_code
