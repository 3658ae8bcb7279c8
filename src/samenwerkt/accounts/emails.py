"""Every email this app sends itself (allauth's own go through accounts/adapter.py):
one function per message, each rendering a subject and a text body from templates in
the recipient's language, with an HTML body around the same text; links come from
SITE_URL, never from a request. Called after the transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .adapter import language_of, site_url


def send_templated(template: str, to: str, context: dict, *, language: str) -> None:
    """Render emails/<template>_subject.txt and emails/<template>.txt in ``language``
    and send them, with the HTML body around the same text."""
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        body = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(
            "account/email/layout.html",
            {"body": body, "subject": subject, "site_url": settings.SITE_URL},
        )
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        message.attach_alternative(html, "text/html")
        message.send()


def invitation(invitation, token: str) -> None:
    """To the invited address: who invites them to which organisation, and the link."""
    inviter = invitation.invited_by
    fallback = inviter.language if inviter is not None else settings.LANGUAGE_CODE
    language = language_of(invitation.email, fallback=fallback)
    with translation.override(language):
        link = site_url(reverse("accounts:invitation", args=[token]))
    send_templated(
        "invitation",
        invitation.email,
        {
            "organisation": invitation.organisation,
            "inviter": inviter.email if inviter is not None else "",
            "role": invitation.get_role_display(),
            "link": link,
            "expires_at": invitation.expires_at,
        },
        language=language,
    )


def school_decision(owner, *, organisation, school: str, verified: bool, note: str) -> None:
    """To an owner of the education partner: the programme office verified or refused
    its link to a school (or a school it proposed)."""
    language = owner.language or settings.LANGUAGE_CODE
    with translation.override(language):
        organisation_url = site_url(reverse("accounts:organisation", args=[organisation.pk]))
    send_templated(
        "school_decision",
        owner.email,
        {
            "school": school,
            "organisation": organisation,
            "verified": verified,
            "note": note,
            "link": organisation_url,
        },
        language=language,
    )
