"""Rendered parts of pages that only the content, the language and a few answers decide
(the advice's "what to do now", the decision-tree table), kept in this process.

``{% fragment "name" key %}…{% endfragment %}`` (core/templatetags/samenwerkt.py)
renders its body once per content version, language, name and key, and serves the
stored HTML after that, also to signed-in visitors, whom the page cache never serves.
The content version is the one the request already read (no extra query); an edit
raises it, so nothing stale is served. A bounded LRU: the keys come from answers a
visitor chooses, so the number of entries is capped, the least recently used going
first. Each process keeps its own: nothing to share, nothing to invalidate elsewhere.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.utils.safestring import SafeString

from . import content_memo, content_version
from .translation import current_language

MAX_ENTRIES = 2000

_lock = threading.Lock()
_stored: OrderedDict[tuple, SafeString] = OrderedDict()


def key_for(name: str, key: str, *, last_known: bool = False) -> tuple:
    """``last_known``: for the page frame, which every page draws, also those that read
    no content (the API reference): a request that has not read the content version
    uses the one this process last read, as the footer's edition does
    (content_memo.last_known), instead of a query of its own."""
    version = content_version.known() if last_known else content_version.for_this_request()
    return (version, current_language(), name, key)


def form_key(form, *, never_keep: tuple[str, ...] = ("q",)) -> str | None:
    """A key for a GET form's rendered fields: their values, which with the content and
    the language decide the HTML (a select's options, the one selected). None, so not
    kept, when the form has errors to show or a free-text field (a search) has a value:
    visitors type anything there, and keeping it would crowd out what is worth keeping.
    Django draws each option of a select through a template, which on the finder cost
    more than the rest of the page (bench/breakdown.py)."""
    if form.is_bound and not form.is_valid():
        return None
    values = [(field.html_name, field.value()) for field in form]
    if any(value for name, value in values if name in never_keep):
        return None
    return "|".join(f"{name}={value}" for name, value in values)


def get(full_key: tuple) -> SafeString | None:
    with _lock:
        found = _stored.get(full_key)
        if found is not None:
            _stored.move_to_end(full_key)
        return found


def put(full_key: tuple, html: SafeString) -> None:
    with _lock:
        _stored[full_key] = html
        _stored.move_to_end(full_key)
        while len(_stored) > MAX_ENTRIES:
            _stored.popitem(last=False)


def clear() -> None:
    with _lock:
        _stored.clear()


content_memo.on_clear(clear)
