"""The emails of a conversation (one function per message, accounts/emails.py's way):
each says who wrote about what and links to the conversation on the site; none shows
the other side's address before the school has replied."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from samenwerkt.accounts.adapter import language_of, site_url
from samenwerkt.accounts.emails import send_templated


def _thread_url(thread, language: str) -> str:
    with translation.override(language):
        return site_url(reverse("messaging:thread", args=[thread.pk]))


def _context(thread, language: str, **extra) -> dict:
    with translation.override(language):
        form_name = thread.collaboration_form.name
    return {
        "thread": thread,
        "company": thread.company.name,
        "school": thread.institution.name,
        "form_name": form_name,
        "link": _thread_url(thread, language),
        **extra,
    }


def _programme_office_people():
    from samenwerkt.accounts.models import Membership, Organisation

    return [
        m.user
        for m in Membership.objects.filter(
            organisation__kind=Organisation.Kind.PROGRAMME_OFFICE
        ).select_related("user")
    ]


def first_message_to_school(thread, address: str) -> None:
    language = language_of(address, fallback=settings.LANGUAGE_CODE)
    send_templated(
        "first_message", address, _context(thread, language, to_school=True), language=language
    )


def first_message_to_programme_office(thread) -> None:
    for person in _programme_office_people():
        language = person.language or settings.LANGUAGE_CODE
        send_templated(
            "first_message",
            person.email,
            _context(thread, language, to_school=False),
            language=language,
        )


def reply(thread, message) -> None:
    """To the other side: the company's people hear of the school's (or the programme
    office's) reply; the school's address hears of the company's."""
    from .services import school_route

    if message.side == "company":
        route = school_route(thread.institution)
        recipients = [route[1]] if route and thread.school_id else []
        if thread.route == "programme_office" and not thread.school_id:
            recipients = [p.email for p in _programme_office_people()]
    else:
        recipients = [
            m.user.email
            for m in thread.company.memberships.select_related("user")
            if m.user.is_active
        ]
    for address in recipients:
        language = language_of(address, fallback=settings.LANGUAGE_CODE)
        send_templated(
            "reply", address, _context(thread, language, message=message), language=language
        )


def forwarded(thread, address: str) -> None:
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        signup = site_url(reverse("account_signup"))
    send_templated(
        "forwarded", address, _context(thread, language, signup=signup), language=language
    )


def reported(thread) -> None:
    for person in _programme_office_people():
        language = person.language or settings.LANGUAGE_CODE
        send_templated("reported", person.email, _context(thread, language), language=language)
