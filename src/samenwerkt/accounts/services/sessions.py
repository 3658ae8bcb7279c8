"""Ending sessions: all of an account's browsers and devices at once."""

from __future__ import annotations

from django.db import transaction


@transaction.atomic
def sessions_end(*, user) -> int:
    """End every session of this account: all its browsers and devices. Returns how
    many ended."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for session in UserSession.objects.filter(user=user).select_for_update():
        session.end()
        ended += 1
    return ended
