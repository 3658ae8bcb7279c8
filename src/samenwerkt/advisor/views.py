"""The advisor as GOV.UK-style question pages: effort → reason(s) → [weights] → place
→ check your answers → result. Answers live in the query string, so each page and the
result has a shareable URL and the flow works without JavaScript or cookies."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samenwerkt.core.public import public_page
from samenwerkt.handbook import selectors as handbook
from samenwerkt.handbook.what_to_do import what_to_do

from .forms import BAND_LABELS, GOALS, WEIGHT_LABELS
from .questions import FLOW, QUESTION_COUNT, AdvisorAnswers
from .selectors import advice_view, diagram, tree

# What the check page and the result read; a question page reads "next" and "return" too.
ANSWER_KEYS = FLOW.answer_keys


@public_page
def start(request):
    reasons = handbook.reason_list()
    return render(
        request,
        "advisor/start.html",
        {"goals": [(GOALS[r.code], r) for r in reasons], "question_count": QUESTION_COUNT},
    )


@public_page(params=FLOW.question_params)
def effort(request):
    return FLOW.question(request, "effort")


@public_page(params=FLOW.question_params)
def reasons(request):
    return FLOW.question(request, "reasons")


@public_page(params=FLOW.question_params)
def weights(request):
    return FLOW.question(request, "weights")


@public_page(params=FLOW.question_params)
def place(request):
    return FLOW.question(request, "place")


@public_page(params=ANSWER_KEYS)
def check(request):
    answers = AdvisorAnswers(request.GET)
    if not answers.complete:
        return redirect(answers.flow.fix_url())
    question = answers.question()
    return render(
        request,
        "advisor/check.html",
        {
            "answers": answers,
            "band_label": BAND_LABELS[question.band],
            "question": question,
            "goals": [(GOALS[r.code], r) for r in answers.chosen],
            "weights": [
                (GOALS[code], WEIGHT_LABELS[weight]) for code, weight in question.weights.items()
            ],
            "result_url": answers.flow.url("advisor:result"),
            "urls": FLOW.change_urls(answers.flow),
            "back_url": FLOW.back_from_check(answers.flow),
        },
    )


@public_page(params=ANSWER_KEYS)
def result(request):
    answers = AdvisorAnswers(request.GET)
    if not answers.complete:
        return render(
            request,
            "advisor/result_invalid.html",
            {"errors": answers.flow.errors(), "fix_url": answers.flow.fix_url()},
            status=400,
        )
    question = answers.question()
    view = advice_view(
        question,
        place=answers.place_filters(),
        reasons=answers.reasons_all,
        weight_labels=WEIGHT_LABELS,
    )
    level = answers.place.cleaned_data.get("level") or None
    place_url = answers.flow.url("advisor:place")
    recommended = "-".join(str(f.number) for f in view.recommended)
    place = answers.place.cleaned_data.get("place", "")
    return render(
        request,
        "advisor/result.html",
        {
            "view": view,
            "question": question,
            # The page's parts are kept rendered per content version, language and
            # these keys (core/fragments.py): each key holds every answer its part
            # depends on, and no more, so visitors with other answers share it.
            "advice_key": "|".join(
                [
                    question.band,
                    *(f"{code}{weight}" for code, weight in sorted(question.weights.items())),
                ]
            ),
            "examples_key": f"{recommended}|{level}",
            "tree_key": f"{question.band}|{''.join(sorted(question.weights))}",
            "tree": partial(
                tree,
                question,
                forms_list=list(view.collaboration_forms.values()),
                reasons=answers.reasons_all,
            ),
            "what_to_do_key": f"{recommended}|{level}|{place}|{place_url}",
            "what_to_do": partial(
                what_to_do,
                view.recommended,
                level=level,
                listings=view.listings,
                province=view.province,
                place_label=answers.place_label(),
                place_url=place_url,
            ),
            "change_url": answers.flow.url("advisor:check"),
            # SITE_URL, not the request's Host: this page is cached for everyone.
            "share_url": settings.SITE_URL + answers.flow.url("advisor:result"),
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
