"""How long a signed-in session lasts: it ends after SESSION_IDLE_MINUTES without a
request and, whatever the activity, SESSION_ABSOLUTE_HOURS after signing in.

Django's own expiry moves with every save of the session, so it cannot give an
absolute limit; the moment of signing in is kept in the session instead. The last
request's time is written at most once a minute, so an active session is not saved on
every page. A session that runs out is flushed (a new, empty session key) and the
person is sent to sign in again with a message saying why.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .middleware import SignedInCheckMiddleware

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# Writing the last request's time no more often than this keeps active sessions from
# being saved on every request.
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in)
def _remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def session_expired(session, now: float) -> str | None:
    """Why this signed-in session has ended ("idle" or "absolute"), or None."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
    if signed_in_at is None:
        # A session from before these limits: count from now.
        return None
    if now - signed_in_at > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if now - last_seen_at > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


class SessionLimitsMiddleware(SignedInCheckMiddleware):
    def check(self, request, user):
        now = time.time()
        reason = session_expired(request.session, now)
        if reason is not None:
            return _end(request, reason)
        session = request.session
        if SIGNED_IN_AT not in session:
            session[SIGNED_IN_AT] = int(now)
        if now - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_RESOLUTION:
            session[LAST_SEEN_AT] = int(now)
        return None


def _end(request, reason: str):
    logout(request)  # flushes the session: a new key, nothing of the old one kept
    if reason == "idle":
        text = _(
            "You were signed out because you had not done anything for %(minutes)s "
            "minutes. Sign in again to carry on."
        ) % {"minutes": settings.SESSION_IDLE_MINUTES}
    else:
        text = _(
            "You were signed out because you signed in more than %(hours)s hours ago. "
            "Sign in again to carry on."
        ) % {"hours": settings.SESSION_ABSOLUTE_HOURS}
    messages.warning(request, text)
    if request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    return redirect_to_login(None)


def redirect_to_login(next_path: str | None):
    from django.urls import reverse
    from django.utils.http import urlencode

    url = reverse(settings.LOGIN_URL)
    if next_path:
        url += "?" + urlencode({"next": next_path})
    return redirect(url)
