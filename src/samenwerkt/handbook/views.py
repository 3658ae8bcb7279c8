"""Public pages of the knowledge base. Thin: parse, ask a selector, render."""

from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from samenwerkt.core import fragments
from samenwerkt.core.public import public_page

from . import goals, selectors
from .bands import REASON_CODES
from .forms import ExampleFilterForm, InstitutionFilterForm, split_place
from .what_to_do import what_to_do


@public_page
def home(request):
    reasons_by_code = {r.code: r for r in selectors.reason_list()}
    forms_by_number = {f.number: f for f in selectors.collaboration_forms()}
    return render(
        request,
        "handbook/home.html",
        {
            "edition": selectors.edition(),
            "steps": selectors.steps(),
            "goals": [(g, reasons_by_code.get(g.reason)) for g in goals.GOALS],
            "routes": [
                (r, forms_by_number[r.form]) for r in goals.ROUTES if r.form in forms_by_number
            ],
            "route_anchor": goals.ROUTE_ANCHOR,
        },
    )


@public_page
def reasons(request):
    return render(request, "handbook/reasons.html", {"reasons": selectors.reasons()})


@public_page
def collaboration_form_list(request):
    forms = selectors.collaboration_forms()
    rows = [(f, [selectors.outcome_map(f).get(c) for c in REASON_CODES]) for f in forms]
    return render(
        request,
        "handbook/collaboration_form_list.html",
        {
            "rows": rows,
            "reasons": selectors.reasons(),
            "bands": selectors.collaboration_forms_by_band(forms),
        },
    )


@public_page
def collaboration_form_detail(request, slug):
    page = selectors.collaboration_form_page(slug)
    if page is None:
        raise Http404
    return render(
        request,
        "handbook/collaboration_form_detail.html",
        {
            "collaboration_form": page.collaboration_form,
            "examples": page.examples,
            "example_count": page.example_count,
            "what_to_do_key": str(page.collaboration_form.number),
            "what_to_do": partial(what_to_do, [page.collaboration_form]),
        },
    )


def _page(request, queryset, per_page=None):
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@public_page(params=("form", "reason", "level", "region", "page"), uncached=("q",))
def example_list(request):
    forms = selectors.collaboration_forms()
    regions = selectors.regions_with_provinces()
    reasons_list = selectors.reasons()
    filter_form = ExampleFilterForm(
        request.GET or None, forms_list=forms, reasons=reasons_list, regions=regions
    )
    status = 200
    if filter_form.is_bound and not filter_form.is_valid():
        status = 400
        page = None
    else:
        data = filter_form.cleaned_data if filter_form.is_bound else {}
        filters = selectors.ExampleFilters(
            form=data.get("form"),
            reason=data.get("reason") or None,
            level=data.get("level") or None,
            region=data.get("region") or None,
            q=data.get("q") or "",
        )
        page = _page(request, selectors.examples(filters))
    return render(
        request,
        "handbook/example_list.html",
        {
            "filter_form": filter_form,
            "form_key": fragments.form_key(filter_form),
            "page": page,
            "query": _query_without_page(request),
        },
        status=status,
    )


@public_page
def example_detail(request, slug):
    example = selectors.example_detail(slug)
    if example is None:
        raise Http404
    return render(request, "handbook/example_detail.html", {"example": example})


@public_page
def tips(request):
    return render(
        request, "handbook/tips.html", {"tips": selectors.tips(), "edition": selectors.edition()}
    )


@public_page
def steps(request):
    return render(request, "handbook/steps.html", {"steps": selectors.steps()})


FINDER_PAGE_SIZE = 100


@public_page
def institution_detail(request, slug):
    """A school: the handbook's listing and researched facts, and, where its verified
    team published one, the school's own profile."""
    institution = selectors.institution_detail(slug)
    if institution is None:
        raise Http404
    return render(
        request,
        "handbook/institution_detail.html",
        {"institution": institution, "profile": selectors.published_profile(institution)},
    )


@public_page(params=("place", "level", "page"), uncached=("q",))
def institution_finder(request):
    filter_form = InstitutionFilterForm(request.GET or None)
    status = 200
    page = schools = results_key = None
    if filter_form.is_bound and not filter_form.is_valid():
        status = 400
    else:
        data = filter_form.cleaned_data if filter_form.is_bound else {}
        region, province = split_place(data.get("place", ""))
        filters = selectors.InstitutionFilters(
            region=region, province=province, level=data.get("level") or None, q=data.get("q", "")
        )
        # Read only when the list is drawn: a list without a search is kept rendered
        # per content version, language, place, level and page (core/fragments.py).
        page = SimpleLazyObject(
            lambda: _page(request, selectors.listings(filters), per_page=FINDER_PAGE_SIZE)
        )
        schools = SimpleLazyObject(lambda: selectors.school_rows(page.object_list))
        province = selectors.province_named(province)
        if not filters.q:
            number = request.GET.get("page", "")[:10]
            results_key = f"{data.get('place', '')}|{filters.level}|{number}"
    return render(
        request,
        "handbook/institutions.html",
        {
            "filter_form": filter_form,
            "form_key": fragments.form_key(filter_form),
            "page": page,
            "results_key": results_key,
            "schools": schools,
            "province": province if page is not None else None,
            "checked": selectors.institutions_checked(),
            "query": _query_without_page(request),
        },
        status=status,
    )


@public_page
def about(request):
    return render(request, "handbook/about.html", selectors.about())


@public_page
def accessibility(request):
    return render(request, "handbook/accessibility.html")


@public_page
def privacy(request):
    return render(
        request,
        "handbook/privacy.html",
        {
            # What django-axes is set to, so the statement says what the site does.
            "lockout_failures": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": round(settings.AXES_COOLOFF_TIME * 60),
            "session_idle_minutes": settings.SESSION_IDLE_MINUTES,
            "session_absolute_hours": settings.SESSION_ABSOLUTE_HOURS,
        },
    )


@public_page
def contact(request):
    return render(request, "handbook/contact.html")
