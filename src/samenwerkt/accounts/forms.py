"""Forms of the organisation pages. Every message is the person's own language and
names what to do, next to the field (DESIGN.md)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from samenwerkt.handbook.models import Institution, Province

from .models import InstitutionProposal, Membership, Organisation
from .models.organisations import KVK_NUMBER

_ID = re.compile(r"[0-9]{1,18}", flags=re.ASCII)
# A proposed school's web domain verifies its staff's addresses automatically, so it may
# not be a domain where anyone can have an address.
MAIL_PROVIDERS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.com",
        "live.nl",
        "msn.com",
        "yahoo.com",
        "yahoo.nl",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "ziggo.nl",
        "kpnmail.nl",
        "kpnplanet.nl",
        "planet.nl",
        "hetnet.nl",
        "home.nl",
        "xs4all.nl",
        "casema.nl",
        "upcmail.nl",
        "online.nl",
        "telfort.nl",
        "gmx.com",
        "gmx.net",
        "web.de",
    ]
)


def _plain_id(value) -> bool:
    """A choice's id as a select sends it: ASCII digits that fit a database integer
    (Python's int() also takes "１" and 10**30, which SQLite cannot compare)."""
    return isinstance(value, str) and bool(_ID.fullmatch(value))


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not _plain_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        if value and not all(_plain_id(v) for v in value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            )
        return super().clean(value)


def add_service_errors(form, error) -> None:
    """A service's ValidationError onto the form: next to its field where it names
    one, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def one_line(value: str | None) -> str:
    """Text as one line with single spaces: what people paste often has runs of spaces,
    tabs or line breaks."""
    return " ".join((value or "").split())


def required_line(value: str | None, message: str) -> str:
    """:func:`one_line`, refused with ``message`` when nothing is left (only spaces
    passes the browser's and Django's "required")."""
    line = one_line(value)
    if not line:
        raise forms.ValidationError(message)
    return line


def _squeeze(value: str) -> str:
    """Spaces and dots people type between digits ("1234 5678", "12.34.56.78")."""
    return re.sub(r"[\s.]", "", value or "")


class CompanyForm(forms.ModelForm):
    # Longer than the 8 digits, so "1234 5678" may be typed; clean_kvk_number decides.
    kvk_number = forms.CharField(
        label=_("KvK number (optional)"),
        help_text=_("The 8 digits of the Chamber of Commerce registration."),
        max_length=20,
        required=False,
        error_messages={"max_length": KVK_NUMBER.message},
    )

    class Meta:
        model = Organisation
        fields = ["name", "kvk_number", "size", "province"]
        labels = {
            "name": _("Name of the company"),
            "kvk_number": _("KvK number (optional)"),
            "size": _("How many people work there?"),
            "province": _("Province"),
        }
        help_texts = {
            "kvk_number": _("The 8 digits of the Chamber of Commerce registration."),
            "province": _("Where the company is, so we can show schools in its region."),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the company.")},
            "size": {"required": _("Choose how many people work there.")},
            "province": {
                "required": _("Choose the province the company is in."),
                "invalid_choice": _("Choose a province from the list."),
            },
        }
        widgets = {"size": forms.RadioSelect}
        field_classes = {"province": IdChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = Organisation.Kind.COMPANY
        self.fields["size"].required = True
        self.fields["size"].choices = Organisation.Size.choices
        self.fields["province"].required = True
        self.fields["province"].queryset = Province.objects.select_related("region")
        self.fields["province"].empty_label = _("Choose a province")
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["kvk_number"].widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean_name(self):
        return required_line(self.cleaned_data["name"], _("Enter the name of the company."))

    def clean_kvk_number(self):
        number = _squeeze(self.cleaned_data.get("kvk_number", ""))
        if number and not re.fullmatch(r"[0-9]{8}", number, flags=re.ASCII):
            raise forms.ValidationError(KVK_NUMBER.message)
        return number


class EducationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "institutions"]
        labels = {
            "name": _("Name of your team or department"),
            "institutions": _("Which school or schools do you work for?"),
        }
        help_texts = {
            "name": _("For example: ICT programmes, Deltion College."),
            "institutions": _(
                "The schools of the handbook's list. Choose at least one; your profile "
                "becomes public once we have checked that you work there."
            ),
        }
        error_messages = {
            "name": {"required": _("Enter the name of your team or department.")},
            "institutions": {
                "required": _("Choose the school you work for."),
                "invalid_choice": _("Choose a school from the list."),
                "invalid_pk_value": _("Choose a school from the list."),
            },
        }
        widgets = {"institutions": forms.CheckboxSelectMultiple}
        field_classes = {"institutions": IdMultipleChoiceField}

    school_not_listed = forms.BooleanField(
        label=_("My school is not on the list"),
        help_text=_("You can then propose it; the programme office checks it and adds it."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = Organisation.Kind.EDUCATION
        self.fields["institutions"].required = False
        self.fields["institutions"].queryset = Institution.objects.order_by("name")

    def clean_name(self):
        return required_line(
            self.cleaned_data["name"], _("Enter the name of your team or department.")
        )

    def clean(self):
        data = super().clean()
        chosen = data.get("institutions")
        if not chosen and not data.get("school_not_listed") and "institutions" not in self.errors:
            self.add_error(
                "institutions",
                _("Choose the school you work for, or tick that it is not on the list."),
            )
        return data


ORGANISATION_FORMS = {"bedrijf": CompanyForm, "onderwijs": EducationForm}


class InstitutionProposalForm(forms.ModelForm):
    """A school that is not on the handbook's list, for the programme office to check."""

    website = forms.URLField(
        label=_("The school's website"),
        max_length=200,
        assume_scheme="https",
        help_text=_(
            "For example https://www.school.nl. Addresses at this web domain are "
            "verified automatically from then on."
        ),
        error_messages={
            "required": _("Enter the school's website."),
            "invalid": _("Enter a web address like https://www.school.nl."),
            "max_length": _("Keep the web address under 200 characters."),
        },
    )

    class Meta:
        model = InstitutionProposal
        fields = ["name", "level", "website", "town", "province"]
        labels = {
            "name": _("Name of the school"),
            "level": _("Level"),
            "town": _("Town of its main ICT location"),
            "province": _("Province"),
        }
        error_messages = {
            "name": {
                "required": _("Enter the name of the school."),
                "max_length": _("Keep the name under 200 characters."),
            },
            "level": {
                "required": _("Choose MBO or HBO."),
                "invalid_choice": _("Choose MBO or HBO."),
            },
            "town": {
                "required": _("Enter the town."),
                "max_length": _("Keep the town under 100 characters."),
            },
            "province": {
                "required": _("Choose the province the school is in."),
                "invalid_choice": _("Choose a province from the list."),
            },
        }
        widgets = {"level": forms.RadioSelect}
        field_classes = {"province": IdChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = InstitutionProposal.Level.choices
        self.fields["province"].queryset = Province.objects.all()
        self.fields["province"].empty_label = _("Choose a province")

    def clean_name(self):
        name = required_line(self.cleaned_data["name"], _("Enter the name of the school."))
        if Institution.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This school is on the list already: choose it there."))
        return name

    def clean_town(self):
        return required_line(self.cleaned_data["town"], _("Enter the town."))

    def clean_website(self):
        from .services.schools import domain_of

        website = self.cleaned_data["website"]
        domain = domain_of(website)
        if domain in MAIL_PROVIDERS:
            raise forms.ValidationError(_("Enter the school's own website, not a mail provider's."))
        taken = any(
            domain_of(w) == domain for w in Institution.objects.values_list("website", flat=True)
        )
        if taken:
            raise forms.ValidationError(
                _("A school on the list has this website already: choose that school.")
            )
        return website


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of your colleague"),
        max_length=254,
        error_messages={
            "required": _("Enter the email address of the person you invite."),
            "invalid": _("Enter an email address like name@example.nl."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=_("Owners also manage members and invitations."),
        error_messages={
            "required": _("Choose owner or member."),
            "invalid_choice": _("Choose owner or member."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        error_messages={
            "required": _("Choose owner or member."),
            "invalid_choice": _("Choose owner or member."),
        },
    )


class SchoolDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Does this team speak for the school?"),
        choices=[("verify", _("Yes, verify")), ("refuse", _("No, refuse"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to verify or refuse."),
            "invalid_choice": _("Choose whether to verify or refuse."),
        },
    )
    note = forms.CharField(
        label=_("Note to the school (needed when refusing)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep the note under 500 characters.")},
    )

    def __init__(self, *args, proposal: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if proposal:
            self.fields["decision"].label = _("Is this a school where ICT is taught?")
            self.fields["decision"].choices = [
                ("verify", _("Yes, add it to the list and verify the team")),
                ("refuse", _("No, refuse")),
            ]

    def clean_note(self):
        return one_line(self.cleaned_data["note"])

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note"):
            self.add_error("note", _("Say why, so the school knows what to do."))
        return data
