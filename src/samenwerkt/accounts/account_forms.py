"""Forms of a person's own account pages: API tokens and deleting the account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import IdChoiceField, required_line
from .models import Organisation
from .services.tokens import TOKEN_DAYS


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the token for?"),
        help_text=_("A name you will recognise, for example: our intranet dashboard."),
        max_length=100,
        error_messages={
            "required": _("Enter what the token is for."),
            "max_length": _("Keep the name under 100 characters."),
        },
    )
    organisation = IdChoiceField(
        label=_("For which organisation?"),
        help_text=_("The token reads and writes only this organisation's data, as you."),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose one of your organisations."),
            "invalid_choice": _("Choose one of your organisations."),
        },
    )
    days = forms.TypedChoiceField(
        label=_("How long does it work?"),
        coerce=int,
        choices=[(days, str(days)) for days in TOKEN_DAYS],  # worded in __init__
        initial=90,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how long the token works."),
            "invalid_choice": _("Choose how long the token works."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Not the programme office: its queue holds other organisations' messages.
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(memberships__user=user)
            .exclude(kind=Organisation.Kind.PROGRAMME_OFFICE)
            .order_by("name")
        )
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        # In the request's language ("%" on a lazy text would fix it at import time).
        self.fields["days"].choices = [
            (days, ngettext("%(n)s day", "%(n)s days", days) % {"n": days}) for days in TOKEN_DAYS
        ]

    def clean_name(self):
        return required_line(self.cleaned_data["name"], _("Enter what the token is for."))


class AccountDeleteForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand: my account and what is listed above are deleted for good."),
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )
