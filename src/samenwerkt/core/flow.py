"""Question pages as one declarative flow: one question per page (GOV.UK style), a
check-your-answers page, and the answers in the query string.

A :class:`Flow` is a list of :class:`Step` objects. Each step names its page (the URL
name and template), the form that asks it, and when it is asked at all (``asked``,
which may read the answers before it). From that table the flow derives everything a
hand-made wizard would type out:

* the answer keys: the fields of the steps' forms (:meth:`FlowForm.query_keys`), which are
  also the query parameters a page declares with ``@public_page(params=...)``
  (:attr:`Flow.question_params`, :attr:`Flow.answer_keys`);
* the answers carried from page to page: hidden fields on a question, query strings
  on links and redirects. Only the fields of the steps asked with these answers are
  carried, so an answer to a question that no longer applies drops out;
* the order: a page needs every step before it answered validly and sends the visitor
  to the first that is not; a step that is not asked passes the visitor on;
* the back link, and the question counter ("Question 2 of 3"): a step can count as
  part of an earlier question (``part_of``), so an optional follow-up question does
  not change the number of questions the visitor was promised;
* "change" on the check page: the link carries ``return=check``; once that one
  answer is sent, the visitor returns to the check page — or first to a later
  question the new answer opens up (one not answered yet, or no longer valid).

Nothing is stored: no session, no cookie. Every page is a GET whose URL holds the
answers, so it works without JavaScript, can be shared, and public pages stay
cacheable. A question page tells "shown" from "sent" by the ``next`` parameter of its
Continue button; an answer already in the URL that is not valid is shown with its
message next to the field (status 400), never silently dropped.

Use::

    FLOW = Flow(
        steps=[Step("colour", "app:colour", ColourForm, "app/colour.html"), ...],
        start_url_name="app:start",
        check_url_name="app:check",
    )

    @public_page(params=FLOW.question_params)
    def colour(request):
        return FLOW.question(request, "colour")

Forms subclass :class:`FlowForm`. This module knows nothing of any app (the layering
puts ``core`` first): what a step's form needs from the database comes in through the
flow's ``context`` callable and each step's ``form_kwargs``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.shortcuts import redirect, render

from .flow_form import FlowForm, initial_answers
from .reversing import reverse_cached

# The Continue button's name: the answer was sent, so check it and go on.
NEXT = "next"
# Set by a "change" link on the check page: go back there once the answer is sent.
RETURN = "return"
RETURN_TO_CHECK = "check"

# A carried value is cut to this length, and a key carries at most this many values:
# a link can never grow without bound however long what was typed into it.
MAX_VALUE_LENGTH = 100
MAX_VALUES_PER_KEY = 20


def _always(_answers: Answers) -> bool:
    return True


def _no_kwargs(_answers: Answers) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Step:
    """One question page of a flow.

    ``asked`` decides, from the answers before this step, whether it is asked at all
    (a skipped step's page passes the visitor on, and its answers are not carried).
    ``form_kwargs`` gives the form what it needs (choices from the database …).
    ``part_of`` names an earlier step this one belongs to: it shares that step's
    number in the counter and does not count as a question of its own.
    """

    name: str
    url_name: str
    form_class: type[FlowForm]
    template: str
    asked: Callable[[Answers], bool] = _always
    form_kwargs: Callable[[Answers], dict[str, Any]] = _no_kwargs
    part_of: str | None = None


class Flow:
    """A sequence of question pages, then a check page (see the module's docstring)."""

    def __init__(
        self,
        *,
        steps: Sequence[Step],
        start_url_name: str,
        check_url_name: str,
        context: Callable[[], dict[str, Any]] | None = None,
    ):
        self.steps = tuple(steps)
        self.start_url_name = start_url_name
        self.check_url_name = check_url_name
        self.context = context or dict
        names = [step.name for step in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"step names must be unique: {names}")
        for step in self.steps:
            if step.part_of is not None and step.part_of not in names[: names.index(step.name)]:
                raise ValueError(f"{step.name} is part of {step.part_of}, which is not before it")
        self._numbers: dict[str, int] = {}
        for step in self.steps:
            if step.part_of is None:
                self._numbers[step.name] = len({*self._numbers.values()}) + 1
            else:
                self._numbers[step.name] = self._numbers[step.part_of]

    # --- what the table declares ---------------------------------------------------

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    @cached_property
    def answer_keys(self) -> tuple[str, ...]:
        """Every parameter an answer may travel in, in the steps' order."""
        return tuple(key for step in self.steps for key in step.form_class.query_keys())

    @cached_property
    def question_params(self) -> tuple[str, ...]:
        """What a question page reads: the answers, the Continue button, the return."""
        return (*self.answer_keys, NEXT, RETURN)

    @property
    def total(self) -> int:
        """The number of questions, the same on every page (follow-ups do not count)."""
        return max(self._numbers.values())

    def number(self, name: str) -> int:
        return self._numbers[name]

    # --- reading a request ---------------------------------------------------------

    def read(self, data: QueryDict) -> Answers:
        return Answers(self, data)

    # --- the pages -----------------------------------------------------------------

    def question(self, request, name: str, *, status_ok: int = 200):
        """Answer one question page: redirect to an earlier step that needs an answer,
        pass a skipped step by, go on once a valid answer is sent, else ask."""
        step = self.step(name)
        answers = self.read(request.GET)
        returning = request.GET.get(RETURN) == RETURN_TO_CHECK
        earlier = answers.first_invalid(before=name)
        if earlier is not None:
            return redirect(answers.url(earlier.url_name, returning=returning))
        if not answers.asked(name):
            return redirect(self._next_url(answers, step, returning=returning))
        form = answers.forms[name]
        submitted = NEXT in request.GET
        if submitted and form.is_valid():
            return redirect(self._next_url(answers, step, returning=returning))
        show_errors = submitted or (form.given() and not form.is_valid())
        if not show_errors:
            form = step.form_class(initial=initial_answers(form), **step.form_kwargs(answers))
        hidden = answers.carried(drop=step.form_class.query_keys())
        if returning:
            hidden.append((RETURN, RETURN_TO_CHECK))
        return render(
            request,
            step.template,
            {
                "form": form,
                "step": step,
                "answers": answers,
                "hidden": hidden,
                "number": self.number(name),
                "total": self.total,
                "back_url": self._back_url(answers, step, returning=returning),
                "returning": returning,
            },
            status=400 if show_errors else status_ok,
        )

    def _next_url(self, answers: Answers, step: Step, *, returning: bool) -> str:
        index = self.steps.index(step)
        later = [s for s in self.steps[index + 1 :] if answers.asked(s.name)]
        if returning:
            # Back to the check page, unless the new answer opened a question that has
            # no (valid) answer yet: ask that one first, then return.
            for candidate in later:
                form = answers.forms[candidate.name]
                if not form.answered() or not form.is_valid():
                    return answers.url(candidate.url_name, returning=True)
            return answers.url(self.check_url_name)
        return answers.url(later[0].url_name if later else self.check_url_name)

    def _back_url(self, answers: Answers, step: Step, *, returning: bool) -> str:
        if returning:
            return answers.url(self.check_url_name)
        index = self.steps.index(step)
        earlier = [s for s in self.steps[:index] if answers.asked(s.name)]
        if earlier:
            return answers.url(earlier[-1].url_name)
        return reverse_cached(self.start_url_name)

    def back_from_check(self, answers: Answers) -> str:
        """The check page's back link: the last question asked."""
        asked = [s for s in self.steps if answers.asked(s.name)]
        return answers.url(asked[-1].url_name)

    def change_urls(self, answers: Answers) -> dict[str, str]:
        """Per asked step, the check page's "change" link: that question, then back."""
        return {
            step.name: answers.url(step.url_name, returning=True)
            for step in self.steps
            if answers.asked(step.name)
        }


class Answers:
    """The answers of one request, read through the flow's forms in order.

    A step's form is built (bound to the query) only when the step is asked with the
    answers before it, so ``asked`` predicates can read :meth:`cleaned` of earlier
    steps. Validation is lazy: a form cleans when first asked whether it is valid.
    """

    def __init__(self, flow: Flow, data: QueryDict):
        self.flow = flow
        self.data = data
        self.forms: dict[str, FlowForm] = {}
        for step in flow.steps:
            if step.asked(self):
                self.forms[step.name] = step.form_class(data, **step.form_kwargs(self))

    @cached_property
    def context(self) -> dict[str, Any]:
        """What the flow's forms share from outside (read once per request)."""
        return self.flow.context()

    def asked(self, name: str) -> bool:
        return name in self.forms

    def valid(self, name: str) -> bool:
        return name in self.forms and self.forms[name].is_valid()

    def cleaned(self, name: str) -> dict[str, Any]:
        """A step's cleaned answers; empty when it is not asked or not valid."""
        return self.forms[name].cleaned_data if self.valid(name) else {}

    def first_invalid(self, *, before: str | None = None) -> Step | None:
        """The first asked step whose answer is missing or not valid (optionally only
        among the steps before ``before``); None when all are fine."""
        for step in self.flow.steps:
            if step.name == before:
                return None
            if self.asked(step.name) and not self.valid(step.name):
                return step
        return None

    @property
    def complete(self) -> bool:
        return self.first_invalid() is None

    def errors(self) -> list[tuple[str, str]]:
        """(field, message) of every asked step, in order: for a page with no fields."""
        return [
            (field, str(error))
            for form in self.forms.values()
            for field, errors in form.errors.items()
            for error in errors
        ]

    def carried(self, *, drop: Iterable[str] = ()) -> list[tuple[str, str]]:
        """The answers to carry on, as (name, value) pairs: the fields of the asked
        steps, as given (also when not valid, so the page that asks can show why)."""
        dropped = set(drop)
        pairs = []
        for form in self.forms.values():
            for name in form.fields:
                key = form.add_prefix(name)
                if key in dropped:
                    continue
                values = self.data.getlist(key)[:MAX_VALUES_PER_KEY]
                pairs.extend((key, str(value)[:MAX_VALUE_LENGTH]) for value in values)
        return pairs

    def url(self, url_name: str, *, returning: bool = False) -> str:
        """A page of the flow (or any page) with these answers in its query string."""
        pairs = self.carried()
        if returning:
            pairs.append((RETURN, RETURN_TO_CHECK))
        query = urlencode(pairs)
        return reverse_cached(url_name) + (f"?{query}" if query else "")

    def fix_url(self) -> str | None:
        """The question to answer first, then back to the check page; None if none."""
        step = self.first_invalid()
        return self.url(step.url_name, returning=True) if step else None
