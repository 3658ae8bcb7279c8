"""Which account a sign-in attempt was for, as django-axes counts failures per account.

allauth signs in with ``email``, the admin (and axes' default) with ``username``; both
count against the same lower-cased name, so changing case does not reset the count."""

from __future__ import annotations


def sign_in_name(request, credentials: dict | None) -> str | None:
    if credentials:
        name = credentials.get("email") or credentials.get("username")
    else:
        name = request.POST.get("login") or request.POST.get("username")
    name = (name or "").strip().lower()
    return name or None
