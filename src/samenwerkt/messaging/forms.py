"""The first message to a school (a few structured questions, so the school sees at
once what the company has in mind) and a reply."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkt.accounts.forms import IdChoiceField, one_line, required_line
from samenwerkt.handbook.models import CollaborationForm

from .models import Thread


def _tidy_lines(value: str) -> str:
    lines = [one_line(line) for line in (value or "").splitlines()]
    return "\n".join(lines).strip()


class FirstMessageForm(forms.Form):
    collaboration_form = IdChoiceField(
        label=_("Which form of collaboration do you have in mind?"),
        queryset=CollaborationForm.objects.order_by("number"),
        empty_label=_("Choose a form"),
        error_messages={
            "required": _("Choose a form of collaboration."),
            "invalid_choice": _("Choose a form of collaboration from the list."),
        },
    )
    level = forms.ChoiceField(
        label=_("For which level?"),
        choices=Thread.Level.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose MBO or HBO."),
            "invalid_choice": _("Choose MBO or HBO."),
        },
    )
    offer = forms.CharField(
        label=_("What do you offer, and what are you looking for?"),
        help_text=_(
            "A few sentences: the work, the people who would supervise, what students would learn."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write a few sentences about what you offer."),
            "max_length": _("Keep it under 2,000 characters: the school can ask for more."),
        },
    )
    when = forms.CharField(
        label=_("When?"),
        help_text=_("For example: from September, or the second half of the school year."),
        max_length=200,
        error_messages={
            "required": _("Say when you would like to start."),
            "max_length": _("Keep it under 200 characters."),
        },
    )

    def clean_offer(self):
        offer = _tidy_lines(self.cleaned_data["offer"])
        if not offer:
            raise forms.ValidationError(_("Write a few sentences about what you offer."))
        return offer

    def clean_when(self):
        return required_line(self.cleaned_data["when"], _("Say when you would like to start."))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write your answer."),
            "max_length": _("Keep it under 5,000 characters."),
        },
    )

    def clean_body(self):
        body = _tidy_lines(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write your answer."))
        return body


class ForwardForm(forms.Form):
    email = forms.EmailField(
        label=_("The school's address to pass it on to"),
        max_length=254,
        error_messages={
            "required": _("Enter the school's address."),
            "invalid": _("Enter an email address like info@school.nl."),
        },
    )
