"""Saving a school's profile (handbook/models/profiles.py) from its team's edit page:
the profile and its lists in one transaction; shown on the site only when the team's
link to the school is verified and the team asks for it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samenwerkt.handbook.models import SchoolProfile

from ..models import SchoolLink


@transaction.atomic
def profile_save(*, user, link: SchoolLink, form, formsets, publish: bool) -> SchoolProfile:
    if not link.organisation.memberships.filter(user=user).exists():
        raise PermissionDenied("only the school's own team edits its profile")
    profile = form.save(commit=False)
    profile.institution = link.institution
    profile.kept_by = link.organisation.name
    profile.updated_at = timezone.now()
    profile.published = bool(publish and link.is_verified)
    profile.save()
    form.save_m2m()
    for formset in formsets:
        formset.instance = profile
        formset.save()
    return profile
