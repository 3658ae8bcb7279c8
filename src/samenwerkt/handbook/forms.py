"""Filters of the public lists, as Django forms so bad values get a clear message."""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.content_memo import per_content_version
from samenwerkt.core.translation import current_language

from .places import regions_with_provinces

LEVEL_CHOICES = [("", _("All levels")), ("MBO", "MBO"), ("HBO", "HBO")]


SEARCH_BY_NAME = _("Search by name")


class SearchField(forms.CharField):
    def __init__(self, *, label=SEARCH_BY_NAME, **kwargs):
        super().__init__(
            required=False,
            max_length=100,
            strip=True,
            label=label,
            error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
            **kwargs,
        )


def _choice_error():
    return {"invalid_choice": _("Choose one of the options in the list.")}


class ExampleFilterForm(forms.Form):
    form = forms.TypedChoiceField(
        label=_("Form of collaboration"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=_choice_error(),
    )
    reason = forms.ChoiceField(label=_("Reason"), required=False, error_messages=_choice_error())
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[*LEVEL_CHOICES, ("other", _("Other"))],
        error_messages=_choice_error(),
    )
    region = forms.ChoiceField(
        label=_("Techniekpact region"), required=False, error_messages=_choice_error()
    )
    q = SearchField()

    def __init__(self, *args, forms_list=None, reasons=None, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", _("All forms"))] + [
            (str(f.number), f"{f.number}. {f.name}") for f in forms_list or []
        ]
        self.fields["reason"].choices = [("", _("All reasons"))] + [
            (r.code, f"{r.code}. {r.short_name}") for r in reasons or []
        ]
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.slug, r.name) for r in regions or []
        ]


class InstitutionFilterForm(forms.Form):
    place = forms.ChoiceField(
        label=_("Province or Techniekpact region"), required=False, error_messages=_choice_error()
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=LEVEL_CHOICES, error_messages=_choice_error()
    )
    q = SearchField(label=_("Search by name or town"))

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(regions)


class PreparedChoices(BaseChoiceIterator):
    """Choices already in the shape Django gives them (``(value, label)`` pairs and
    ``(group, [pairs])``): a field takes a BaseChoiceIterator as it is, where a plain
    list is walked and rebuilt each time a form sets it, which on the advice cost more
    than reading all of its answers (bench/breakdown.py)."""

    def __init__(self, choices: list):
        self.choices = choices

    def __iter__(self):
        return iter(self.choices)


def place_choices(regions=None):
    """Regions and their provinces in one list: ``region:<slug>`` / ``province:<slug>``.

    Without ``regions``: the handbook's, built once per content version and language
    (every advice and finder request has a form with this list)."""
    if regions is None:
        return PreparedChoices(_handbook_place_choices(current_language()))
    return _build_place_choices(regions)


@per_content_version
def _handbook_place_choices(language: str) -> list:
    # ``language`` is only part of the memo's key: the labels below are translated.
    return _build_place_choices(regions_with_provinces())


def _build_place_choices(regions) -> list:
    # gettext, not the lazy kind: built at request time, and lazy labels cost the
    # form's every look at them.
    choices = [("", gettext("All of the Netherlands"))]
    for region in regions:
        group = [
            (f"region:{region.slug}", gettext("All of region %(name)s") % {"name": region.name})
        ]
        group += [(f"province:{p.slug}", p.name) for p in region.provinces.all()]
        choices.append((gettext("Region %(name)s") % {"name": region.name}, group))
    return choices


def split_place(value: str) -> tuple[str | None, str | None]:
    """``region:x`` → (x, None); ``province:y`` → (None, y); '' → (None, None)."""
    kind, _sep, slug = (value or "").partition(":")
    if kind == "region":
        return slug, None
    if kind == "province":
        return None, slug
    return None, None
