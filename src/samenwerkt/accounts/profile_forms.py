"""The school profile's edit page: the profile itself and its three lists (teaching
locations, ICT programmes, periods), each a formset with a few empty rows to fill in,
so the page works without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkt.core.formsets import ChoicesReadOnce
from samenwerkt.handbook.models import (
    CollaborationForm,
    ProfileLocation,
    ProfilePeriod,
    ProfileProgramme,
    Province,
    SchoolProfile,
)

from .forms import IdChoiceField, IdMultipleChoiceField, one_line


class ProfileForm(forms.ModelForm):
    contact_form_url = forms.URLField(
        label=_("Or a web form for companies"),
        required=False,
        max_length=300,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address starting with https://.")},
    )
    publish = forms.BooleanField(
        label=_("Show this profile on the site"),
        required=False,
        help_text=_("Only for schools we have verified; until then it stays a draft."),
    )

    class Meta:
        model = SchoolProfile
        fields = [
            "contact_role_nl",
            "contact_role_en",
            "contact_email",
            "contact_form_url",
            "person_name",
            "person_email",
            "person_consent",
            "looking_for",
            "topics_nl",
            "topics_en",
        ]
        labels = {
            "contact_role_nl": _("Who companies should ask for (Dutch)"),
            "contact_role_en": _("Who companies should ask for (English, optional)"),
            "contact_email": _("General email address for companies"),
            "contact_form_url": _("Or a web form for companies"),
            "person_name": _("Contact person's name (optional)"),
            "person_email": _("Contact person's own email address (optional)"),
            "person_consent": _("This person agreed to be named here with their address"),
            "looking_for": _("Which forms of collaboration are you looking for?"),
            "topics_nl": _("Topics you are looking for (Dutch)"),
            "topics_en": _("Topics you are looking for (English, optional)"),
        }
        help_texts = {
            "contact_role_nl": _("A role, such as: opleidingsmanager ICT."),
            "contact_email": _("An address of the team, not of one person."),
            "topics_nl": _("For example: cyber security, data, app development."),
        }
        widgets = {
            "looking_for": forms.CheckboxSelectMultiple,
            "topics_nl": forms.Textarea(attrs={"rows": 3}),
            "topics_en": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"looking_for": IdMultipleChoiceField}
        error_messages = {
            "contact_role_nl": {"required": _("Say who companies should ask for.")},
            "contact_email": {"invalid": _("Enter an email address like ict@school.nl.")},
            "person_email": {"invalid": _("Enter an email address like name@school.nl.")},
            "contact_form_url": {"invalid": _("Enter a web address starting with https://.")},
        }

    def __init__(self, *args, verified: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_role_nl"].required = True
        self.fields["looking_for"].queryset = CollaborationForm.objects.order_by("number")
        self.fields["looking_for"].error_messages["invalid_choice"] = _(
            "Choose forms from the list."
        )
        if not verified:
            self.fields["publish"].disabled = True
        else:
            self.fields["publish"].help_text = ""
            self.fields["publish"].initial = self.instance.published

    def clean_contact_role_nl(self):
        return one_line(self.cleaned_data["contact_role_nl"])

    def clean_contact_role_en(self):
        return one_line(self.cleaned_data["contact_role_en"])

    def clean_person_name(self):
        return one_line(self.cleaned_data["person_name"])

    def clean(self):
        data = super().clean()
        if data.get("person_email") and not data.get("person_consent"):
            self.add_error(
                "person_consent",
                _("Only name a person's own address when they agreed to it; tick the box."),
            )
        if not (
            data.get("contact_email") or data.get("contact_form_url") or data.get("person_email")
        ):
            self.add_error(
                "contact_email",
                _("Give companies a way to reach you: an email address or a web form."),
            )
        return data


class LocationForm(forms.ModelForm):
    class Meta:
        model = ProfileLocation
        fields = ["town", "province"]
        labels = {"town": _("Town"), "province": _("Province")}
        field_classes = {"province": IdChoiceField}
        error_messages = {
            "town": {"required": _("Enter the town.")},
            "province": {
                "required": _("Choose the province."),
                "invalid_choice": _("Choose a province from the list."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.all()
        self.fields["province"].empty_label = _("Choose a province")

    def clean_town(self):
        town = one_line(self.cleaned_data["town"])
        if not town:
            raise forms.ValidationError(_("Enter the town."))
        return town


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = ProfileProgramme
        fields = ["name_nl", "name_en", "level", "code"]
        labels = {
            "name_nl": _("Programme (Dutch name)"),
            "name_en": _("Programme (English name, optional)"),
            "level": _("Level"),
            "code": _("Programme code (optional)"),
        }
        help_texts = {"code": _("The crebo (MBO) or CROHO (HBO) code: 5 digits.")}
        error_messages = {
            "name_nl": {"required": _("Enter the programme's name.")},
            "level": {
                "required": _("Choose the level."),
                "invalid_choice": _("Choose a level from the list."),
            },
        }

    def clean_name_nl(self):
        name = one_line(self.cleaned_data["name_nl"])
        if not name:
            raise forms.ValidationError(_("Enter the programme's name."))
        return name

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ProfilePeriod
        fields = ["kind", "from_month", "to_month"]
        labels = {"kind": _("What"), "from_month": _("From"), "to_month": _("Until")}
        error_messages = {
            "kind": {
                "required": _("Choose what happens."),
                "invalid_choice": _("Choose from the list."),
            },
            "from_month": {
                "required": _("Choose a month."),
                "invalid_choice": _("Choose a month."),
            },
            "to_month": {"required": _("Choose a month."), "invalid_choice": _("Choose a month.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils.dates import MONTHS

        months = [("", _("Choose a month"))] + [(n, MONTHS[n]) for n in range(1, 13)]
        self.fields["from_month"].choices = months
        self.fields["to_month"].choices = months


class LocationRows(ChoicesReadOnce):
    shared_choices = ("province",)  # one query for every row's menu, not one a row


def _formset(form, prefix_name, formset=forms.BaseInlineFormSet):
    # absolute_max as low as max_num: a tampered TOTAL_FORMS ("99999…") would otherwise
    # make Django build a thousand rows, each drawing its selects from the database.
    return forms.inlineformset_factory(
        SchoolProfile,
        form.Meta.model,
        form=form,
        formset=formset,
        extra=2,
        can_delete=True,
        max_num=30,
        absolute_max=30,
        validate_max=True,
    )


LocationFormSet = _formset(LocationForm, "locations", formset=LocationRows)
ProgrammeFormSet = _formset(ProgrammeForm, "programmes")
PeriodFormSet = _formset(PeriodForm, "periods")
FORMSETS = (
    ("locations", LocationFormSet),
    ("programmes", ProgrammeFormSet),
    ("periods", PeriodFormSet),
)
