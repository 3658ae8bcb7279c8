"""Reads of the knowledge base that pages and the advisor rely on."""

import pytest

from samenwerkt.handbook import selectors
from samenwerkt.handbook.models import CollaborationForm
from tests.handbook.factories import ExampleFactory

pytestmark = pytest.mark.django_db


def test_every_recommended_form_shows_its_own_examples_however_many_another_has():
    # Medium effort + reason B recommends forms 5 and 4. With 40 extra examples of
    # form 4, form 5's own examples must still be there (they once were crowded out).
    form4 = CollaborationForm.objects.get(number=4)
    ExampleFactory.create_batch(40, collaboration_form=form4, position=0)

    shown = selectors.examples_for_collaboration_forms([5, 4], per_form=4)

    numbers = [e.collaboration_form.number for e in shown]
    assert numbers == [5, 5, 4, 4, 4, 4]  # the handbook has two examples of form 5
    assert len({e.pk for e in shown}) == len(shown)


def test_examples_come_in_the_order_of_the_advice_and_the_lists_order():
    shown = selectors.examples_for_collaboration_forms([8, 1], per_form=1)
    assert [e.collaboration_form.number for e in shown] == [8, 1]
    first_of_8 = selectors.examples(selectors.ExampleFilters(form=8)).first()
    assert shown[0] == first_of_8


def test_no_forms_no_examples(django_assert_num_queries):
    with django_assert_num_queries(1):  # the content version, nothing more
        assert selectors.examples_for_collaboration_forms([]) == []


def test_examples_for_forms_is_one_query_a_form_however_many_examples(
    django_assert_num_queries,
):
    ExampleFactory.create_batch(30, collaboration_form=CollaborationForm.objects.get(number=7))
    with django_assert_num_queries(3):  # one a form, and the content version
        shown = selectors.examples_for_collaboration_forms([7, 8], per_form=4)
        assert [e.collaboration_form.number for e in shown] == [7] * 4 + [8] * 2
    with django_assert_num_queries(1):  # asked again: kept under that version
        assert selectors.examples_for_collaboration_forms([7, 8], per_form=4) == shown
