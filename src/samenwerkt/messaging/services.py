"""Starting a conversation with a school, replying, passing a message on and
reporting abuse (DESIGN.md services: keyword arguments, one transaction each, emails
after commit). Who may do what with a thread is decided in selectors.py; these check
the side the actor is on."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samenwerkt.accounts.models import Organisation, SchoolLink

from . import emails
from .models import Message, Thread


def school_route(institution) -> tuple[Organisation, str] | None:
    """The verified team that keeps this school's public profile and the address its
    profile gives companies, or None (then the programme office receives it)."""
    profile = getattr(institution, "profile", None)
    if profile is None or not profile.published or not profile.company_address:
        return None
    link = (
        SchoolLink.objects.filter(institution=institution, status=SchoolLink.Status.VERIFIED)
        .select_related("organisation")
        .order_by("created_at", "pk")
        .first()
    )
    if link is None:
        return None
    return link.organisation, profile.company_address


def sent_today(company: Organisation) -> int:
    since = timezone.now() - timedelta(hours=24)
    return company.threads_sent.filter(created_at__gte=since).count()


@transaction.atomic
def thread_start(
    *, user, company: Organisation, institution, collaboration_form, level, offer, when
) -> Thread:
    if not company.is_company or not company.memberships.filter(user=user).exists():
        raise PermissionDenied("a first message is sent for one's own company")
    # Lock the company row so two tabs cannot both pass the count.
    Organisation.objects.select_for_update().filter(pk=company.pk).first()
    if sent_today(company) >= settings.FIRST_MESSAGES_PER_DAY:
        raise ValidationError(
            _(
                "Your organisation has sent %(count)s first messages in the last 24 hours, "
                "the most we pass on in a day. Try again tomorrow."
            )
            % {"count": settings.FIRST_MESSAGES_PER_DAY}
        )
    route = school_route(institution)
    thread = Thread.objects.create(
        company=company,
        institution=institution,
        school=route[0] if route else None,
        route=Thread.Route.SCHOOL if route else Thread.Route.PROGRAMME_OFFICE,
        started_by=user,
        collaboration_form=collaboration_form,
        level=level,
        offer=offer,
        when=when,
    )
    Message.objects.create(thread=thread, author=user, side=Message.Side.COMPANY, body=offer)
    if route:
        transaction.on_commit(lambda: emails.first_message_to_school(thread, route[1]))
    else:
        transaction.on_commit(lambda: emails.first_message_to_programme_office(thread))
    return thread


def side_of(user, thread: Thread) -> str | None:
    memberships = user.memberships.all()
    organisations = {m.organisation_id for m in memberships}
    if thread.company_id in organisations:
        return Message.Side.COMPANY
    if thread.school_id and thread.school_id in organisations:
        return Message.Side.SCHOOL
    if user.is_programme_office() and (
        thread.route == Thread.Route.PROGRAMME_OFFICE or thread.reported_at
    ):
        return Message.Side.PROGRAMME_OFFICE
    return None


@transaction.atomic
def message_reply(*, user, thread: Thread, body: str) -> Message:
    side = side_of(user, thread)
    if side is None:
        raise PermissionDenied("not a side of this conversation")
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    message = Message.objects.create(thread=thread, author=user, side=side, body=body)
    if side == Message.Side.SCHOOL and thread.school_replied_at is None:
        thread.school_replied_at = message.created_at
        thread.save(update_fields=["school_replied_at"])
    transaction.on_commit(lambda: emails.reply(thread, message))
    return message


@transaction.atomic
def thread_forward(*, user, thread: Thread, email: str) -> None:
    """The programme office passes a message for a school without a team on the site
    to an address it found (the school's general address, say)."""
    if side_of(user, thread) != Message.Side.PROGRAMME_OFFICE:
        raise PermissionDenied("only the programme office forwards")
    thread.forwarded_to = email
    thread.forwarded_at = timezone.now()
    thread.save(update_fields=["forwarded_to", "forwarded_at"])
    transaction.on_commit(lambda: emails.forwarded(thread, email))


@transaction.atomic
def thread_report(*, user, thread: Thread) -> None:
    """The school reports a message as abuse: the programme office sees it."""
    if side_of(user, thread) != Message.Side.SCHOOL:
        raise PermissionDenied("only the school reports")
    if thread.reported_at is None:
        thread.reported_at = timezone.now()
        thread.reported_by = user
        thread.save(update_fields=["reported_at", "reported_by"])
        transaction.on_commit(lambda: emails.reported(thread))
