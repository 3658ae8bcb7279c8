"""core/flow.py on a flow of its own, knowing nothing of the advisor: the table, the
order, skipped steps, carried answers, the counter, "change" and its return, defaults,
and answers that are wrong or given twice.

The toy flow: colour → shades → strength (only with two or more shades, part of the
shades question) → note (optional) → check. Its URLs are this module's urlpatterns;
its one template is held in memory.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.utils import translation

from samenwerkt.core.flow import (
    MAX_VALUE_LENGTH,
    MAX_VALUES_PER_KEY,
    Flow,
    FlowForm,
    Step,
)
from tests.html import one, parse, select, text

pytestmark = pytest.mark.urls(__name__)


class ColourForm(FlowForm):
    colour = forms.ChoiceField(choices=[("red", "Red"), ("blue", "Blue")])


class ShadesForm(FlowForm):
    shade = forms.MultipleChoiceField(
        choices=[("light", "Light"), ("dark", "Dark"), ("mid", "Mid")],
        widget=forms.CheckboxSelectMultiple,
    )


class StrengthForm(FlowForm):
    """Fields made per request, as the advisor's weights are: one per chosen shade."""

    answer_keys = ("strength_light", "strength_dark", "strength_mid")

    def __init__(self, *args, shades=(), **kwargs):
        super().__init__(*args, **kwargs)
        for shade in shades:
            self.fields[f"strength_{shade}"] = forms.TypedChoiceField(
                choices=[("1", "1"), ("2", "2"), ("3", "3")],
                coerce=int,
                required=False,
                empty_value=1,
                initial="1",
                widget=forms.RadioSelect,
            )

    def answered(self):
        return all(name in self.query for name in self.fields)


class NoteForm(FlowForm):
    note = forms.ChoiceField(choices=[("", "None"), ("x", "X")], required=False)


def shades(answers) -> list[str]:
    return answers.cleaned("shades").get("shade", [])


TEMPLATE = """<html><body>
<p id="counter">{{ number }}/{{ total }}</p>
<a id="back" href="{{ back_url }}">back</a>
<form>{% for name, value in hidden %}
<input type="hidden" name="{{ name }}" value="{{ value }}">{% endfor %}
{% for field in form %}<div class="field" data-name="{{ field.name }}">{{ field }}
{% for error in field.errors %}<p class="error-message">{{ error }}</p>{% endfor %}
</div>{% endfor %}
</form></body></html>"""

FLOW = Flow(
    steps=[
        Step("colour", "colour", ColourForm, "toy/question.html"),
        Step("shades", "shades", ShadesForm, "toy/question.html"),
        Step(
            "strength",
            "strength",
            StrengthForm,
            "toy/question.html",
            asked=lambda a: len(shades(a)) > 1,
            form_kwargs=lambda a: {"shades": shades(a)},
            part_of="shades",
        ),
        Step("note", "note", NoteForm, "toy/question.html"),
    ],
    start_url_name="start",
    check_url_name="check",
)


def _page(request):
    return HttpResponse("page")


urlpatterns = [
    path("start/", _page, name="start"),
    path("check/", _page, name="check"),
    *[path(f"{step.name}/", _page, name=step.url_name) for step in FLOW.steps],
]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _toy_template(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    ("django.template.loaders.locmem.Loader", {"toy/question.html": TEMPLATE})
                ]
            },
        }
    ]


def ask(name: str, pairs):
    request = RequestFactory().get(f"/{name}/", pairs)
    return FLOW.question(request, name)


def target(response) -> tuple[str, list[tuple[str, str]]]:
    assert response.status_code == 302, response.status_code
    split = urlsplit(response["Location"])
    return split.path, sorted(parse_qsl(split.query, keep_blank_values=True))


def hidden(doc) -> list[tuple[str, str]]:
    return sorted((el.get("name"), el.get("value")) for el in select(doc, 'input[type="hidden"]'))


def error_of(doc, name: str) -> str | None:
    found = select(doc, f'.field[data-name="{name}"] .error-message')
    return text(found[0]) if found else None


# --- the table ------------------------------------------------------------------------


def test_answer_keys_and_params_follow_from_the_forms():
    assert FLOW.answer_keys == (
        "colour",
        "shade",
        "strength_light",
        "strength_dark",
        "strength_mid",
        "note",
    )
    assert FLOW.question_params == (*FLOW.answer_keys, "next", "return")


def test_a_follow_up_step_shares_its_questions_number():
    assert [FLOW.number(s.name) for s in FLOW.steps] == [1, 2, 2, 3]
    assert FLOW.total == 3


def test_a_badly_declared_flow_is_refused():
    with pytest.raises(ValueError, match="unique"):
        Flow(
            steps=[Step("a", "x", ColourForm, "t"), Step("a", "y", NoteForm, "t")],
            start_url_name="start",
            check_url_name="check",
        )
    with pytest.raises(ValueError, match="not before"):
        Flow(
            steps=[Step("a", "x", ColourForm, "t", part_of="b"), Step("b", "y", NoteForm, "t")],
            start_url_name="start",
            check_url_name="check",
        )


# --- walking the flow ----------------------------------------------------------------


def test_walk_with_one_shade_skips_the_follow_up():
    assert target(ask("colour", {"colour": "red", "next": "1"})) == (
        "/shades/",
        [("colour", "red")],
    )
    answers = [("colour", "red"), ("shade", "dark")]
    assert target(ask("shades", [*answers, ("next", "1")])) == ("/note/", sorted(answers))
    assert target(ask("strength", answers)) == ("/note/", sorted(answers))
    answers.append(("note", ""))
    assert target(ask("note", [*answers, ("next", "1")])) == ("/check/", sorted(answers))


def test_walk_with_two_shades_asks_the_follow_up_with_its_default():
    answers = [("colour", "blue"), ("shade", "dark"), ("shade", "light")]
    assert target(ask("shades", [*answers, ("next", "1")]))[0] == "/strength/"
    response = ask("strength", answers)
    assert response.status_code == 200
    doc = parse(response.content.decode())
    assert text(one(doc, "#counter")) == "2/3"
    # Every strength starts at its default, checked: Continue alone is an answer.
    checked = {el.get("name"): el.get("value") for el in select(doc, "input[checked]")}
    assert checked == {"strength_dark": "1", "strength_light": "1"}
    # Even sent without them (a hand-made link), the defaults count.
    assert target(ask("strength", [*answers, ("next", "1")]))[0] == "/note/"


def test_defaults_fill_only_what_the_query_leaves_out():
    data = (
        RequestFactory()
        .get("/", [("colour", "red"), ("shade", "dark"), ("shade", "mid"), ("strength_mid", "3")])
        .GET
    )
    answers = FLOW.read(data)
    assert answers.cleaned("strength") == {"strength_dark": 1, "strength_mid": 3}
    assert not answers.forms["strength"].answered()  # strength_dark was never sent
    assert "strength_dark" not in dict(answers.carried())  # a default is not carried


def test_a_page_sends_the_visitor_to_the_first_step_without_a_valid_answer():
    assert target(ask("note", {"shade": "dark"})) == ("/colour/", [("shade", "dark")])
    assert target(ask("note", {"colour": "red"})) == ("/shades/", [("colour", "red")])
    assert target(ask("shades", {"colour": "green"})) == ("/colour/", [("colour", "green")])


def test_back_links_follow_the_steps_asked():
    def back(name, pairs):
        return urlsplit(one(parse(ask(name, pairs).content.decode()), "#back").get("href")).path

    assert back("colour", {}) == "/start/"
    assert back("note", {"colour": "red", "shade": "dark"}) == "/shades/"
    assert back("note", [("colour", "red"), ("shade", "dark"), ("shade", "mid")]) == "/strength/"


def test_answers_of_a_step_no_longer_asked_are_not_carried():
    answers = [("colour", "red"), ("shade", "dark"), ("strength_dark", "3"), ("strength_mid", "2")]
    doc = parse(ask("note", answers).content.decode())
    assert hidden(doc) == [("colour", "red"), ("shade", "dark")]


# --- change, and back to the check page ----------------------------------------------


def test_change_links_carry_the_return_and_lead_back_to_check():
    data = RequestFactory().get("/", [("colour", "red"), ("shade", "dark"), ("note", "")]).GET
    urls = FLOW.change_urls(FLOW.read(data))
    assert set(urls) == {"colour", "shades", "note"}  # strength is not asked
    assert ("return", "check") in parse_qsl(urlsplit(urls["colour"]).query)

    answers = [("colour", "blue"), ("shade", "dark"), ("note", ""), ("return", "check")]
    page = parse(ask("colour", answers).content.decode())
    assert urlsplit(one(page, "#back").get("href")).path == "/check/"
    assert ("return", "check") in hidden(page)
    path, query = target(ask("colour", [*answers, ("next", "1")]))
    assert path == "/check/"
    assert ("return", "check") not in query


def test_a_change_that_opens_a_question_asks_it_before_returning():
    answers = [("colour", "red"), ("shade", "dark"), ("shade", "mid"), ("note", "")]
    path, query = target(ask("shades", [*answers, ("return", "check"), ("next", "1")]))
    assert path == "/strength/"
    assert ("return", "check") in query
    answers += [("strength_dark", "1"), ("strength_mid", "2")]
    assert target(ask("strength", [*answers, ("return", "check"), ("next", "1")]))[0] == "/check/"


def test_an_unknown_return_is_ignored():
    response = ask("colour", {"colour": "red", "return": "https://evil.example", "next": "1"})
    assert target(response)[0] == "/shades/"


# --- wrong and repeated answers --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pairs", "field", "message"),
    [
        ("colour", [("colour", "red"), ("colour", "blue")], "colour", "Give one answer"),
        ("colour", [("colour", "red"), ("colour", "red")], "colour", "Give one answer"),
        (
            "shades",
            [("colour", "red"), ("shade", "dark"), ("shade", "dark")],
            "shade",
            "Choose each option only once",
        ),
        ("colour", [("colour", "green")], "colour", "Select a valid choice"),
        (
            "strength",
            [("colour", "red"), ("shade", "dark"), ("shade", "mid"), ("strength_mid", "9")],
            "strength_mid",
            "Select a valid choice",
        ),
    ],
)
@pytest.mark.parametrize("sent", [True, False], ids=["sent", "in-the-link"])
def test_a_wrong_or_repeated_answer_is_shown_next_to_its_field(name, pairs, field, message, sent):
    response = ask(name, [*pairs, *([("next", "1")] if sent else [])])
    assert response.status_code == 400
    assert error_of(parse(response.content.decode()), field).startswith(message)


def test_a_blank_answer_in_the_link_is_just_asked():
    response = ask("colour", {"colour": " "})
    assert response.status_code == 200
    assert not select(parse(response.content.decode()), ".error-message")


def test_a_different_value_each_is_not_a_repeat():
    answers = FLOW.read(RequestFactory().get("/", [("shade", "dark"), ("shade", "light")]).GET)
    assert answers.forms["shades"].is_valid()


def test_carried_values_are_bounded():
    data = (
        RequestFactory()
        .get("/", [("colour", "r" * 5000), *[("shade", f"s{i}") for i in range(50)]])
        .GET
    )
    carried = FLOW.read(data).carried()
    assert [len(v) for k, v in carried if k == "colour"] == [MAX_VALUE_LENGTH]
    assert len([v for k, v in carried if k == "shade"]) == MAX_VALUES_PER_KEY


def test_fix_url_and_errors_for_a_page_without_fields():
    data = RequestFactory().get("/", [("colour", "red"), ("shade", "x")]).GET
    answers = FLOW.read(data)
    assert not answers.complete
    assert urlsplit(answers.fix_url()).path == "/shades/"
    assert [field for field, _message in answers.errors()] == ["shade"]
    ok = FLOW.read(RequestFactory().get("/", [("colour", "red"), ("shade", "mid")]).GET)
    assert ok.complete and ok.fix_url() is None
