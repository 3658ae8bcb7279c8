"""The admin's conversations: staff read them, with their messages inline, but they
are private correspondence: nobody adds, changes or deletes one there. Each page asks
the database a fixed number of queries however many conversations or messages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samenwerkt.accounts.models import Organisation
from samenwerkt.handbook.models import CollaborationForm, Institution, Province
from samenwerkt.messaging.models import Message, Thread
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/beheer/messaging/thread/"


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(StaffFactory())  # with two-factor on, as staff must have it
    return client


def threads(n: int, *, messages: int = 1) -> list[Thread]:
    """``n`` conversations, each from its own company to its own school team."""
    form = CollaborationForm.objects.order_by("number").first()
    schools = Institution.objects.order_by("pk")
    province = Province.objects.order_by("pk").first()
    start = Thread.objects.count()
    made = []
    for i in range(start, start + n):
        company = Organisation.objects.create(
            name=f"Bedrijf {i}", kind="company", size="medium", province=province
        )
        team = Organisation.objects.create(name=f"Schoolteam {i}", kind="education")
        author = UserFactory()
        thread = Thread.objects.create(
            company=company,
            institution=schools[i],
            school=team,
            route=Thread.Route.SCHOOL,
            started_by=author,
            collaboration_form=form,
            level="MBO",
            offer=f"Stageplekken {i}",
            when="September",
        )
        add_messages(thread, messages, author=author)
        made.append(thread)
    return made


def add_messages(thread: Thread, n: int, *, author=None) -> None:
    for i in range(n):
        Message.objects.create(
            thread=thread,
            author=author or UserFactory(),
            side=Message.Side.COMPANY if i % 2 == 0 else Message.Side.SCHOOL,
            body=f"Bericht nummer {i}",
        )


def queries(client: Client, url: str) -> int:
    client.get(url)  # the process has served it before
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_staff_see_the_conversations_with_both_sides(staff):
    (thread,) = threads(1)
    page = staff.get(CHANGELIST)
    assert page.status_code == 200
    text = page.content.decode()
    for name in (thread.company.name, thread.school.name, thread.institution.name):
        assert name in text


def test_staff_read_a_conversation_and_its_messages_but_cannot_save(staff):
    (thread,) = threads(1, messages=3)
    page = staff.get(f"{CHANGELIST}{thread.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bericht nummer 2" in text and "Stageplekken" in text
    assert 'name="_save"' not in text and 'name="_continue"' not in text
    assert "/delete/" not in text


def test_nobody_adds_changes_or_deletes_a_conversation_in_the_admin(staff):
    (thread,) = threads(1)
    assert staff.get(f"{CHANGELIST}add/").status_code == 403
    assert staff.post(f"{CHANGELIST}add/", {"offer": "Nep"}).status_code == 403
    changed = staff.post(f"{CHANGELIST}{thread.pk}/change/", {"offer": "Veranderd"})
    assert changed.status_code == 403
    assert staff.get(f"{CHANGELIST}{thread.pk}/delete/").status_code == 403
    assert staff.post(f"{CHANGELIST}{thread.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = staff.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [thread.pk]})
    assert bulk.status_code in (200, 302)  # no such action: nothing happens
    thread.refresh_from_db()
    assert thread.offer == "Stageplekken 0" and thread.messages.count() == 1


def test_messages_have_no_admin_of_their_own(staff):
    assert staff.get("/beheer/messaging/message/").status_code == 404


def test_the_list_asks_the_same_number_of_queries_for_1_or_10_conversations(staff):
    threads(1)
    one = queries(staff, CHANGELIST)
    threads(9)
    assert queries(staff, CHANGELIST) == one


def test_a_conversation_asks_the_same_number_of_queries_for_1_or_10_messages(staff):
    (thread,) = threads(1)
    url = f"{CHANGELIST}{thread.pk}/change/"
    one = queries(staff, url)
    add_messages(thread, 9)
    assert queries(staff, url) == one
