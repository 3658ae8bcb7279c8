"""The people every test can act as, built once per test (healthchecks' hc/test.py is
the model): each persona has a user (None for anonymous) and a client signed in as
that user. The authorization matrix (tests/test_authorization.py) has one column per
persona; the accounts issue adds company owner and member, another company's member,
school members (verified and not) and the programme office.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from tests.accounts.factories import StaffFactory


@dataclass
class Persona:
    name: str
    user: object | None
    client: Client


ANONYMOUS = "anonymous"
STAFF = "staff"
NAMES = (ANONYMOUS, STAFF)


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def build_personas() -> dict[str, Persona]:
    staff = StaffFactory(first_name="Bea", last_name="Beheer")
    return {
        ANONYMOUS: Persona(ANONYMOUS, None, Client()),
        STAFF: Persona(STAFF, staff, _signed_in(staff)),
    }
