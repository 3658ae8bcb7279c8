"""Public pages: the same for every visitor who is not signed in, so they may be cached
whole (core/cache.py).

A view says it is public with ``@public_page(params=...)``, naming the query
parameters it reads. That declaration does three things:

* the page cache keys the response on the path, the language and exactly those
  parameters; any other parameter is dropped from the request before the view runs,
  so ``?x=1``, ``?x=2`` … share one entry and can never leak into a cached page;
* a request with one of the ``uncached`` parameters (free text such as a search) is
  answered but not stored, so nobody can fill the cache with made-up searches;
* only GET and HEAD are answered; anything else gets a 405 page (the API keeps its own
  rules for its methods).

A view without the marker is never cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.shortcuts import render

SAFE_METHODS = ("GET", "HEAD")


@dataclass(frozen=True)
class PublicPage:
    params: frozenset[str]
    uncached: frozenset[str] = frozenset()

    def storable(self, pairs: Iterable[tuple[str, str]]) -> bool:
        return not any(name in self.uncached and value.strip() for name, value in pairs)


def _marker(params: Iterable[str], uncached: Iterable[str]) -> PublicPage:
    uncached = frozenset(uncached)
    return PublicPage(params=frozenset(params) | uncached, uncached=uncached)


def public_page(
    view: Callable | None = None, *, params: Iterable[str] = (), uncached: Iterable[str] = ()
):
    """Mark a Django view as a public page (see the module's docstring)."""

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if request.method not in SAFE_METHODS:
                return method_not_allowed(request, SAFE_METHODS)
            return func(request, *args, **kwargs)

        wrapper.public_page = _marker(params, uncached)
        # The page takes nothing but GET and HEAD, so there is no form to protect: a
        # POST gets the 405 that says so, not a CSRF failure about a form that never was.
        wrapper.csrf_exempt = True
        return wrapper

    return decorate(view) if view is not None else decorate


def mark_public(view: Callable, *, params: Iterable[str] = (), uncached: Iterable[str] = ()):
    """Mark a view that answers its own methods (the API's) as public, unchanged."""
    view.public_page = _marker(params, uncached)
    return view


def public_page_of(view: Callable | None) -> PublicPage | None:
    return getattr(view, "public_page", None)


def method_not_allowed(request, allowed: Iterable[str]):
    response = render(request, "errors/405.html", status=405)
    response["Allow"] = ", ".join(allowed)
    return response
