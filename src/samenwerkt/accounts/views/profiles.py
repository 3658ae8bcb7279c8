"""A school team edits its school's public profile. A team still waiting for
verification prepares a draft; a verified team may show it on the site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samenwerkt.handbook.models import SchoolProfile

from .. import selectors, services
from ..profile_forms import FORMSETS, ProfileForm


@login_required
def profile_edit(request, slug: str):
    link = selectors.school_link_for_editing(user=request.user, slug=slug)
    profile = SchoolProfile.objects.filter(institution=link.institution).first() or SchoolProfile(
        institution=link.institution
    )
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, instance=profile, verified=link.is_verified)
    formsets = [
        formset_class(data, instance=profile, prefix=prefix) for prefix, formset_class in FORMSETS
    ]
    if data is not None and form.is_valid() and all(f.is_valid() for f in formsets):
        saved = services.profile_save(
            user=request.user,
            link=link,
            form=form,
            formsets=formsets,
            publish=form.cleaned_data.get("publish", False),
        )
        if saved.published:
            messages.success(request, _("The profile is saved and shown on the site."))
        else:
            messages.success(request, _("The profile is saved as a draft."))
        return redirect("accounts:profile_edit", slug=slug)
    errors = data is not None
    rows = [row for formset in formsets for row in formset.forms]
    return render(
        request,
        "accounts/profile_form.html",
        {
            "link": link,
            "profile": profile,
            "form": form,
            "formsets": dict(zip([p for p, _c in FORMSETS], formsets, strict=True)),
            "has_errors": errors,
            "all_forms": [form, *rows],
            "formset_list": formsets,
        },
    )
