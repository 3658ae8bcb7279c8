"""Conversations between a company and a school, in the signed-in person's account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samenwerkt.accounts.selectors import current_membership
from samenwerkt.handbook.models import Institution

from .. import selectors, services
from ..forms import FirstMessageForm, ForwardForm, ReplyForm


@login_required
def thread_list(request):
    membership = current_membership(request)
    threads = selectors.threads_for(organisation=membership.organisation) if membership else []
    # A page at a time, newest first: an organisation's conversations only grow.
    page = Paginator(threads, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/thread_list.html",
        {"membership": membership, "threads": page.object_list, "page": page},
    )


@login_required
def thread_new(request, slug: str):
    institution = Institution.objects.filter(slug=str(slug)[:220]).first()
    if institution is None:
        raise Http404
    membership = current_membership(request)
    company = membership.organisation if membership and membership.organisation.is_company else None
    route = services.school_route(institution)
    form = FirstMessageForm(request.POST or None)
    if request.method == "POST" and company is not None and form.is_valid():
        try:
            thread = services.thread_start(
                user=request.user, company=company, institution=institution, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if thread.route == "school":
                text = _(
                    "Your message is on its way to %(school)s. You will get an email "
                    "when the school answers."
                )
            else:
                text = _(
                    "%(school)s has no verified team on the site yet, so your message went "
                    "to the programme office, which passes it on to the school."
                )
            messages.success(request, text % {"school": institution.name})
            return redirect("messaging:thread", thread_id=thread.pk)
    return render(
        request,
        "messaging/thread_form.html",
        {"institution": institution, "company": company, "route": route, "form": form},
    )


@login_required
def thread_detail(request, thread_id: int):
    thread = selectors.thread_get(user=request.user, thread_id=thread_id)
    side = services.side_of(request.user, thread)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.message_reply(user=request.user, thread=thread, body=form.cleaned_data["body"])
        messages.success(request, _("Your answer is sent."))
        return redirect("messaging:thread", thread_id=thread.pk)
    return render(
        request,
        "messaging/thread_detail.html",
        {
            "thread": thread,
            "side": side,
            "thread_messages": thread.messages.select_related("author"),
            "form": form,
            "forward_form": ForwardForm(),
        },
    )


@login_required
@require_POST
def thread_report(request, thread_id: int):
    thread = selectors.thread_get(user=request.user, thread_id=thread_id)
    if services.side_of(request.user, thread) != "school":
        raise Http404
    services.thread_report(user=request.user, thread=thread)
    messages.success(request, _("Reported to the programme office. Thank you."))
    return redirect("messaging:thread", thread_id=thread.pk)


@login_required
def thread_forward(request, thread_id: int):
    thread = selectors.thread_get(user=request.user, thread_id=thread_id)
    if services.side_of(request.user, thread) != "programme_office":
        raise Http404
    form = ForwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.thread_forward(user=request.user, thread=thread, email=form.cleaned_data["email"])
        messages.success(request, _("The message is passed on to %(email)s.") % form.cleaned_data)
        return redirect("messaging:thread", thread_id=thread.pk)
    return render(request, "messaging/thread_forward.html", {"thread": thread, "form": form})
