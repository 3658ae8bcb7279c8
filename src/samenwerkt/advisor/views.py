"""The advisor as GOV.UK-style question pages: effort → reason(s) → [weights] → place
→ check your answers → result. Answers live in the query string, so each page and the
result has a shareable URL and the flow works without JavaScript or cookies."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samenwerkt.core.public import public_page
from samenwerkt.handbook import selectors as handbook
from samenwerkt.handbook.forms import split_place
from samenwerkt.handbook.what_to_do import what_to_do

from . import engine
from .forms import (
    BAND_LABELS,
    WEIGHT_CHOICES,
    EffortForm,
    PlaceForm,
    ReasonsForm,
    WeightsForm,
)
from .selectors import advice_view, diagram, tree

ANSWER_KEYS = ("effort", "reason", "weight_A", "weight_B", "weight_C", "weight_D", "place", "level")
# A question page also reads "next": the answer was sent, so check it and go on.
QUESTION_KEYS = (*ANSWER_KEYS, "next")


def _carried(request, *, drop: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The answers so far, as (name, value) pairs, for hidden fields and links."""
    pairs = []
    for key in ANSWER_KEYS:
        if key in drop:
            continue
        for value in request.GET.getlist(key):
            pairs.append((key, value[:100]))
    return pairs


def _url(name: str, pairs) -> str:
    query = urlencode(list(pairs))
    return reverse(name) + (f"?{query}" if query else "")


class Answers:
    """All answers in the query string, validated page by page."""

    def __init__(self, request):
        self.request = request
        self.reasons_all = handbook.reason_list()
        self.regions = handbook.regions_with_provinces()
        data = request.GET
        self.effort = EffortForm(data)
        self.reasons = ReasonsForm(data, reasons=self.reasons_all)
        chosen = self.reasons.cleaned_data["reason"] if self.reasons.is_valid() else []
        self.chosen = [r for r in self.reasons_all if r.code in chosen]
        # Weights only count with several reasons; with one, any weight is ignored.
        self.weights = WeightsForm(data, reasons=self.chosen if len(self.chosen) > 1 else [])
        self.place = PlaceForm(data, regions=self.regions)

    def first_missing(self) -> str | None:
        if not self.effort.is_valid():
            return "advisor:effort"
        if not self.reasons.is_valid():
            return "advisor:reasons"
        if not self.weights.is_valid():
            return "advisor:weights"
        if not self.place.is_valid():
            return "advisor:place"
        return None

    def question(self) -> engine.Question:
        weights = self.weights.weights() if len(self.chosen) > 1 else {}
        return engine.Question.build(
            band=self.effort.cleaned_data["effort"],
            reasons={r.code: weights.get(r.code, 1) for r in self.chosen},
        )

    def place_filters(self) -> handbook.InstitutionFilters:
        region, province = split_place(self.place.cleaned_data.get("place", ""))
        return handbook.InstitutionFilters(
            region=region, province=province, level=self.place.cleaned_data.get("level") or None
        )

    def place_label(self) -> str:
        value = self.place.cleaned_data.get("place", "")
        for group, options in self.place.fields["place"].choices:
            if isinstance(options, list | tuple):
                for key, label in options:
                    if key == value:
                        return str(label)
            elif group == value:
                return str(options)
        return ""

    @property
    def has_weights(self) -> bool:
        return len(self.chosen) > 1


ORDER = ["advisor:effort", "advisor:reasons", "advisor:weights", "advisor:place"]


def _question_page(request, *, name, form_key, template, number, next_name, back_name, fields):
    answers = Answers(request)
    # A page needs the answers before it; send the visitor to the first one missing.
    for earlier in ORDER[: ORDER.index(name)]:
        if answers.first_missing() == earlier:
            return redirect(_url(earlier, _carried(request)))
    form = getattr(answers, form_key)
    submitted = "next" in request.GET
    total = 4 if answers.has_weights else 3
    if name == "advisor:place" and not answers.has_weights:
        number = 3
    if submitted and form.is_valid():
        target = next_name(answers) if callable(next_name) else next_name
        return redirect(_url(target, _carried(request)))
    if not submitted:
        form = form.__class__(
            initial={
                k: request.GET.getlist(k) if k == "reason" else request.GET.get(k) for k in fields
            },
            **_form_kwargs(form_key, answers),
        )
    back = back_name(answers) if callable(back_name) else back_name
    return render(
        request,
        template,
        {
            "form": form,
            "hidden": _carried(request, drop=fields),
            "number": number,
            "total": total,
            "back_url": _url(back, _carried(request)) if back else reverse("advisor:start"),
            "answers": answers,
        },
        status=400 if submitted else 200,
    )


def _form_kwargs(form_key, answers):
    if form_key == "reasons":
        return {"reasons": answers.reasons_all}
    if form_key == "weights":
        return {"reasons": answers.chosen}
    if form_key == "place":
        return {"regions": answers.regions}
    return {}


@public_page
def start(request):
    return render(request, "advisor/start.html")


@public_page(params=QUESTION_KEYS)
def effort(request):
    return _question_page(
        request,
        name="advisor:effort",
        form_key="effort",
        template="advisor/question_effort.html",
        number=1,
        next_name="advisor:reasons",
        back_name=None,
        fields=("effort",),
    )


@public_page(params=QUESTION_KEYS)
def reasons(request):
    return _question_page(
        request,
        name="advisor:reasons",
        form_key="reasons",
        template="advisor/question_reasons.html",
        number=2,
        next_name=lambda a: "advisor:weights" if a.has_weights else "advisor:place",
        back_name="advisor:effort",
        fields=("reason", "weight_A", "weight_B", "weight_C", "weight_D"),
    )


@public_page(params=QUESTION_KEYS)
def weights(request):
    answers = Answers(request)
    if answers.first_missing() not in ("advisor:weights", "advisor:place", None):
        return redirect(_url(answers.first_missing(), _carried(request)))
    if not answers.has_weights:
        return redirect(_url("advisor:place", _carried(request)))
    return _question_page(
        request,
        name="advisor:weights",
        form_key="weights",
        template="advisor/question_weights.html",
        number=3,
        next_name="advisor:place",
        back_name="advisor:reasons",
        fields=tuple(f"weight_{r.code}" for r in answers.chosen),
    )


@public_page(params=QUESTION_KEYS)
def place(request):
    return _question_page(
        request,
        name="advisor:place",
        form_key="place",
        template="advisor/question_place.html",
        number=4,
        next_name="advisor:check",
        back_name=lambda a: "advisor:weights" if a.has_weights else "advisor:reasons",
        fields=("place", "level"),
    )


@public_page(params=ANSWER_KEYS)
def check(request):
    answers = Answers(request)
    missing = answers.first_missing()
    if missing:
        return redirect(_url(missing, _carried(request)))
    question = answers.question()
    carried = _carried(request)
    return render(
        request,
        "advisor/check.html",
        {
            "answers": answers,
            "band_label": BAND_LABELS[question.band],
            "question": question,
            "carried": carried,
            "result_url": _url("advisor:result", carried),
            "urls": {
                "effort": _url("advisor:effort", carried),
                "reasons": _url("advisor:reasons", carried),
                "weights": _url("advisor:weights", carried),
                "place": _url("advisor:place", carried),
            },
            "back_url": _url("advisor:place", carried),
        },
    )


@public_page(params=ANSWER_KEYS)
def result(request):
    answers = Answers(request)
    missing = answers.first_missing()
    if missing:
        forms = [answers.effort, answers.reasons, answers.weights, answers.place]
        errors = [
            (field, error) for f in forms for field, errs in f.errors.items() for error in errs
        ]
        return render(
            request,
            "advisor/result_invalid.html",
            {"errors": errors, "fix_url": _url(missing, _carried(request))},
            status=400,
        )
    question = answers.question()
    view = advice_view(
        question,
        place=answers.place_filters(),
        reasons=answers.reasons_all,
        weight_labels={int(value): label for value, label in WEIGHT_CHOICES},
    )
    carried = _carried(request)
    level = answers.place.cleaned_data.get("level") or None
    return render(
        request,
        "advisor/result.html",
        {
            "view": view,
            "question": question,
            "tree": tree(
                question,
                forms_list=list(view.collaboration_forms.values()),
                reasons=answers.reasons_all,
            ),
            "what_to_do": what_to_do(
                view.recommended,
                level=level,
                listings=view.listings,
                province=view.province,
                place_label=answers.place_label(),
                place_url=_url("advisor:place", carried),
            ),
            "change_url": _url("advisor:check", carried),
            # SITE_URL, not the request's Host: this page is cached for everyone.
            "share_url": settings.SITE_URL + _url("advisor:result", carried),
            "page_title": _("Your advice"),
        },
    )


@public_page
def beslisboom(request):
    tree_rows = tree()
    return render(
        request,
        "advisor/beslisboom.html",
        {
            "tree": tree_rows,
            "diagram": diagram(tree_rows),
            "edition": handbook.edition(),
        },
    )
