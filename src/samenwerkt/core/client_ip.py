"""The address a request came from, as sign-in throttling counts it.

X-Forwarded-For is only believed when the request reached us through one of the
TRUSTED_PROXIES (deploy/nginx.conf overwrites the header with the address it saw, so
it holds one address). From anywhere else the header is ignored: otherwise a client
could name a fresh address with every guess and never be locked out.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    if remote is None or remote not in _trusted():
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # The proxy appends (or, ours, overwrites with) the address it saw: the last entry
    # is the one a trusted party wrote.
    last = forwarded.split(",")[-1] if forwarded else ""
    return _valid(last) or remote


def _trusted() -> set[str]:
    return {a for a in (_valid(p) for p in settings.TRUSTED_PROXIES) if a}
