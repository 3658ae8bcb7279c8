"""The handbook tables every page shows are read once per content version and process
(core/content_memo.py): a visit reads the version, not the tables; an edit is seen by
the next visit; nothing stale is kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenwerkt.core import content_memo, content_version
from samenwerkt.handbook import selectors
from samenwerkt.handbook.models import CollaborationForm, Step

pytestmark = pytest.mark.django_db


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_a_second_visit_reads_only_the_content_version(client):
    first = queries(client, "/gouden-tips/")
    assert first > 1
    assert queries(client, "/gouden-tips/") == 1
    assert queries(client, "/en/gouden-tips/") == 1  # the rows serve both languages


def test_an_edit_is_seen_by_the_next_visit(client, django_capture_on_commit_callbacks):
    assert "Docenten professionaliseren" in client.get("/vormen/").content.decode()
    form = CollaborationForm.objects.get(number=3)
    form.name_nl = "Docenten bijscholen"
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    page = client.get("/vormen/").content.decode()
    assert "Docenten bijscholen" in page
    assert "Docenten professionaliseren" not in page


def test_only_the_current_versions_results_are_kept(client, django_capture_on_commit_callbacks):
    client.get("/stappenplan/")
    before = content_version.current()
    step = Step.objects.order_by("number").first()
    step.title_nl = "Eerst een visie"
    with django_capture_on_commit_callbacks(execute=True):
        step.save()
    assert "Eerst een visie" in client.get("/stappenplan/").content.decode()
    kept = {key[0] for memo in content_memo._registry for key in memo}
    assert kept == {before + 1}


def test_outside_a_request_every_call_reads_the_version(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    # A command or a shell sees an edit without any request in between.
    selectors.steps()
    with django_assert_num_queries(1):  # the version; the rows come from the memo
        selectors.steps()
    step = Step.objects.get(number=1)
    step.title_nl = "Zonder verzoek"
    with django_capture_on_commit_callbacks(execute=True):
        step.save()
    assert selectors.steps()[0].title_nl == "Zonder verzoek"


def test_callers_cannot_change_what_the_next_caller_gets():
    first = selectors.reason_list()
    first.clear()
    assert len(selectors.reason_list()) == 4
