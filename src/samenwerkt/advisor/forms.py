"""The advisor's questions, one form per page (GOV.UK style).

Answers travel in the query string, not in a session: every page, and the result,
has a URL that can be bookmarked or shared, and nothing is stored for a visitor.
"""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from samenwerkt.handbook.bands import BAND_ORDER, MAX_WEIGHT, REASON_CODES
from samenwerkt.handbook.forms import place_choices

# The bands' labels live in handbook/bands.py (one source); translated here, lazily.
BAND_LABELS = {band: gettext_lazy(band.choice_label) for band in BAND_ORDER}

WEIGHT_CHOICES = [
    ("1", _("Important")),
    ("2", _("More important")),
    ("3", _("Most important")),
]

LEVEL_CHOICES = [("", _("MBO and HBO")), ("MBO", "MBO"), ("HBO", "HBO")]


class EffortForm(forms.Form):
    effort = forms.ChoiceField(
        label=_("How much of your own people and means can you put in?"),
        choices=[(band.value, BAND_LABELS[band]) for band in BAND_ORDER],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how much effort you can put in."),
            "invalid_choice": _("Choose one of the three amounts of effort."),
        },
    )


class ReasonsForm(forms.Form):
    reason = forms.MultipleChoiceField(
        label=_("Why do you want to work with education?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one reason."),
            "invalid_choice": _("Choose reasons from the list only."),
        },
    )

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(r.code, f"{r.code}. {r.name}") for r in reasons] or [
            (code, code) for code in REASON_CODES
        ]


class WeightsForm(forms.Form):
    """How much each chosen reason counts; only asked when there are several."""

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        for reason in reasons:
            self.fields[f"weight_{reason.code}"] = forms.TypedChoiceField(
                label=f"{reason.code}. {reason.name}",
                choices=WEIGHT_CHOICES,
                coerce=int,
                required=False,
                empty_value=1,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the three options.")},
            )

    def weights(self) -> dict[str, int]:
        return {
            name.removeprefix("weight_"): value or 1 for name, value in self.cleaned_data.items()
        }


class PlaceForm(forms.Form):
    place = forms.ChoiceField(
        label=_("Where do you look for an education partner?"),
        required=False,
        error_messages={"invalid_choice": _("Choose a province or region from the list.")},
    )
    level = forms.ChoiceField(
        label=_("Which level of education?"),
        required=False,
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose MBO, HBO or both.")},
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices(regions)


assert len(WEIGHT_CHOICES) == MAX_WEIGHT
