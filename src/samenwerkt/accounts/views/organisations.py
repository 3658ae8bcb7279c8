"""An organisation's pages: make one, see and manage its members and invitations,
switch between one's organisations. Every organisation is found through the actor's
own memberships (selectors.py): another organisation's id is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import (
    ORGANISATION_FORMS,
    InstitutionProposalForm,
    InvitationForm,
    RoleForm,
    add_service_errors,
)
from ..selectors import CURRENT_ORGANISATION


@login_required
def organisation_list(request):
    current = selectors.current_membership(request)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "memberships": selectors.memberships_for(user=request.user),
            "current": current,
        },
    )


@login_required
def organisation_new(request):
    return render(request, "accounts/organisation_new.html")


@login_required
def organisation_create(request, kind: str):
    form_class = ORGANISATION_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {
            f: form.cleaned_data[f]
            for f in form.cleaned_data
            if f not in ("institutions", "school_not_listed")
        }
        organisation = services.organisation_create(
            user=request.user,
            request=request,
            kind=form.instance.kind,
            institutions=form.cleaned_data.get("institutions", ()),
            **fields,
        )
        request.session[CURRENT_ORGANISATION] = organisation.pk
        messages.success(
            request, _("%(name)s is made, with you as its owner.") % {"name": organisation.name}
        )
        if form.cleaned_data.get("school_not_listed"):
            return redirect("accounts:school_propose", organisation_id=organisation.pk)
        return redirect("accounts:organisation", organisation_id=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "kind": kind})


@login_required
def organisation_detail(request, organisation_id: int):
    membership = selectors.membership_get(user=request.user, organisation_id=organisation_id)
    organisation = membership.organisation
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "membership": membership,
            "organisation": organisation,
            "members": selectors.members_of(organisation=organisation),
            "school_links": selectors.school_links_of(organisation=organisation),
            "proposals": selectors.proposals_of(organisation=organisation),
            # The only owner cannot leave: the page says so instead of a button.
            "only_owner": membership.is_owner
            and not organisation.memberships.filter(role="owner")
            .exclude(pk=membership.pk)
            .exists(),
            "invitations": selectors.open_invitations_of(organisation=organisation)
            if membership.is_owner
            else (),
        },
    )


@login_required
@require_POST
def organisation_choose(request, organisation_id: int):
    membership = selectors.membership_get(user=request.user, organisation_id=organisation_id)
    request.session[CURRENT_ORGANISATION] = membership.organisation_id
    messages.success(
        request, _("You now work as %(name)s.") % {"name": membership.organisation.name}
    )
    return redirect("accounts:organisations")


def _owner_membership(request, organisation_id):
    membership = selectors.membership_get(user=request.user, organisation_id=organisation_id)
    if not membership.is_owner:
        raise PermissionDenied
    return membership


@login_required
def invitation_new(request, organisation_id: int):
    membership = _owner_membership(request, organisation_id)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("We sent an invitation to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:organisation", organisation_id=organisation.pk)
    return render(
        request, "accounts/invitation_form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_POST
def invitation_withdraw(request, organisation_id: int, invitation_id: int):
    membership = _owner_membership(request, organisation_id)
    invitation = selectors.invitation_of_organisation_get(
        user=request.user, organisation=membership.organisation, invitation_id=invitation_id
    )
    services.invitation_withdraw(actor=request.user, invitation=invitation, request=request)
    messages.success(request, _("The invitation is withdrawn; its link no longer works."))
    return redirect("accounts:organisation", organisation_id=organisation_id)


@login_required
@require_POST
def member_role(request, organisation_id: int, membership_id: int):
    own = _owner_membership(request, organisation_id)
    member = selectors.member_of_organisation_get(
        user=request.user, organisation=own.organisation, membership_id=membership_id
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["role"][0])
    else:
        try:
            services.membership_change_role(
                actor=request.user,
                membership=member,
                role=form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The role of %(email)s is changed.") % {"email": member.user.email}
            )
    return redirect("accounts:organisation", organisation_id=organisation_id)


@login_required
@require_POST
def member_remove(request, organisation_id: int, membership_id: int):
    own = selectors.membership_get(user=request.user, organisation_id=organisation_id)
    member = selectors.member_of_organisation_get(
        user=request.user, organisation=own.organisation, membership_id=membership_id
    )
    leaving = member.user_id == request.user.pk
    try:
        services.membership_remove(actor=request.user, membership=member, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:organisation", organisation_id=organisation_id)
    if leaving:
        if request.session.get(CURRENT_ORGANISATION) == own.organisation_id:
            del request.session[CURRENT_ORGANISATION]
        messages.success(request, _("You left %(name)s.") % {"name": own.organisation.name})
        return redirect("accounts:organisations")
    messages.success(request, _("%(email)s is no longer a member.") % {"email": member.user.email})
    return redirect("accounts:organisation", organisation_id=organisation_id)


@login_required
def school_propose(request, organisation_id: int):
    membership = _owner_membership(request, organisation_id)
    organisation = membership.organisation
    if organisation.kind != organisation.Kind.EDUCATION:
        raise Http404
    form = InstitutionProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_propose(
                actor=request.user, organisation=organisation, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you. The programme office checks %(school)s and emails you when "
                    "it is on the list."
                )
                % {"school": form.cleaned_data["name"]},
            )
            return redirect("accounts:organisation", organisation_id=organisation.pk)
    return render(
        request, "accounts/school_propose.html", {"form": form, "organisation": organisation}
    )
