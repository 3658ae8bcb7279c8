"""Handbook tables that every page shows (reasons, forms and their stars, steps, tips,
regions, the edition) are small, fixed in size and change only with the content
version. ``per_content_version`` keeps a selector's result in this process under the
version it was read at, so a page reads them once per edit instead of once per visit.

The version is read at most once per request (``content_version.for_this_request``),
so a memoised selector costs one indexed row per request however many a page calls.
An edit bumps the version when it commits (core/signals.py); the next request reads
the new version and so the new rows. Only the current version's results are kept.

What a memoised selector returns is shared between the threads of a process: a fresh
list or dict each call, of model instances that nothing may change (templates only
read them).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from . import content_version

P = ParamSpec("P")
T = TypeVar("T")

_registry: list[dict] = []
_MISSING = object()


def per_content_version(selector: Callable[P, T]) -> Callable[P, T]:
    """Memoise a selector that returns a list or a dict (each caller gets its own
    shallow copy, so nobody can change what the next caller sees)."""
    memo: dict[tuple, T] = {}
    lock = threading.Lock()
    _registry.append(memo)

    @functools.wraps(selector)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        version = content_version.for_this_request()
        key = (version, args, tuple(sorted(kwargs.items())))
        found = memo.get(key)
        if found is None:
            result = selector(*args, **kwargs)
            found = dict(result) if isinstance(result, dict) else list(result)
            with lock:
                for old in [k for k in memo if k[0] != version]:
                    del memo[old]
                memo[key] = found
        return found.copy()

    return wrapper


def per_content_version_one(selector: Callable[P, T | None]) -> Callable[P, T | None]:
    """The same for a selector that returns one object (or None)."""
    as_list = per_content_version(lambda *args, **kwargs: [selector(*args, **kwargs)])

    @functools.wraps(selector)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T | None:
        return as_list(*args, **kwargs)[0]

    return wrapper


def last_known(selector: Callable[[], T]) -> Callable[[], T]:
    """For a small fact every page shows, such as the handbook's edition in the footer:
    a request that has read the content version gets the selector's result (memoised,
    so free); a request that has not gets what this process last got, without a query.
    Such a request may show the fact one edit late, until the next request in this
    process that reads the version; the page cache reads it for every public page, so
    only uncached pages can lag."""
    last: dict[tuple, T] = {}  # one entry: {(the version it was read at,): result}
    lock = threading.Lock()
    _registry.append(last)

    @functools.wraps(selector)
    def wrapper() -> T:
        if content_version.read_this_request() is None:
            with lock:
                kept = next(iter(last.values()), _MISSING)
            if kept is not _MISSING:
                return kept
        value = selector()
        version = content_version.read_this_request() or content_version.last_seen
        with lock:
            last.clear()
            last[(version,)] = value
        return value

    return wrapper


_on_clear: list[Callable[[], None]] = []


def on_clear(forget: Callable[[], None]) -> None:
    """Also call ``forget`` on :func:`clear` (core/fragments.py keeps rendered HTML)."""
    _on_clear.append(forget)


def clear() -> None:
    """Forget every memoised result (tests: each starts from its own database)."""
    for memo in _registry:
        memo.clear()
    for forget in _on_clear:
        forget()
