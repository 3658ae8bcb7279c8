"""How django-allauth talks to visitors here: every link in an email is built from
SITE_URL (never from the Host header a visitor sent), every email goes out in the
recipient's language with a plain-text and an HTML body, both from templates."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def site_url(path: str) -> str:
    return settings.SITE_URL + path


@dataclass(frozen=True)
class Site:
    """What allauth's email templates call ``current_site``: ours, not the request's."""

    name: str
    domain: str


SITE = Site(name="Samen werkt!", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Emails to this person go out in the language they signed up in.
        user.language = translation.get_language() or settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)

    def get_reauthentication_methods(self, user) -> list[dict]:
        # Confirming it is you, before a sensitive change, takes the password or the
        # second factor; never only a code sent to the mailbox (which may be what an
        # attacker holds).
        methods = super().get_reauthentication_methods(user)
        return [m for m in methods if m["id"] != "reauthenticate_by_code"]

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's own way to put its opaque "uid-key" into the address.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": site_url(reverse("account_signup")),
            "password_reset_url": site_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        with translation.override(language_of(email)):
            message = self.render_mail(
                template_prefix,
                email,
                {"email": email, "current_site": SITE, "site_url": settings.SITE_URL, **context},
            )
            if not getattr(message, "alternatives", None):
                # allauth's templates are plain text: the HTML body wraps the same text.
                html = render_to_string(
                    "account/email/layout.html",
                    {
                        "body": message.body,
                        "subject": message.subject,
                        "site_url": settings.SITE_URL,
                    },
                )
                message.attach_alternative(html, "text/html")
            message.send()


def language_of(email: str, *, fallback: str | None = None) -> str:
    """The recipient's own language when they have an account, else ``fallback``, else
    the page's."""
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
    if address is not None and address.user.language:
        return address.user.language
    return fallback or translation.get_language() or settings.LANGUAGE_CODE


def user_display(user) -> str:
    """How allauth's pages name a person: by their address (the username is made up
    by allauth and never shown)."""
    return user.email
