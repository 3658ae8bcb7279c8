"""The programme office's pages: the queue of schools waiting to be verified. For
anyone outside the programme office these pages do not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import SchoolDecisionForm, add_service_errors


@login_required
def school_queue(request):
    return render(
        request,
        "accounts/school_queue.html",
        {
            "links": selectors.school_links_waiting(user=request.user),
            "proposals": selectors.proposals_waiting(user=request.user),
        },
    )


@login_required
def school_decide(request, link_id: int):
    link = selectors.school_link_get(user=request.user, link_id=link_id)
    form = SchoolDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = form.cleaned_data["decision"] == "verify"
        services.school_link_decide(
            actor=request.user,
            link=link,
            verified=verified,
            note=form.cleaned_data["note"],
            request=request,
        )
        text = (
            _("%(org)s is verified for %(school)s.")
            if verified
            else _("%(org)s is refused for %(school)s.")
        )
        messages.success(
            request, text % {"org": link.organisation.name, "school": link.institution.name}
        )
        return redirect("accounts:school_queue")
    return render(request, "accounts/school_decide.html", {"link": link, "form": form})


@login_required
def proposal_decide(request, proposal_id: int):
    proposal = selectors.proposal_get(user=request.user, proposal_id=proposal_id)
    form = SchoolDecisionForm(request.POST or None, proposal=True)
    if request.method == "POST" and form.is_valid():
        approved = form.cleaned_data["decision"] == "verify"
        try:
            services.institution_proposal_decide(
                actor=request.user,
                proposal=proposal,
                approved=approved,
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = (
                _("%(school)s is added to the list; %(org)s is verified for it.")
                if approved
                else _("%(school)s is not added.")
            )
            messages.success(
                request, text % {"school": proposal.name, "org": proposal.organisation.name}
            )
            return redirect("accounts:school_queue")
    return render(request, "accounts/proposal_decide.html", {"proposal": proposal, "form": form})
