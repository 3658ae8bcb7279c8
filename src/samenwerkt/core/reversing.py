"""``reverse`` for addresses that pages draw by the dozen (each form's and example's
link), remembered per process.

An address depends only on the URLconf (fixed while the process runs), the script
prefix, the language (translated paths) and the arguments, so the answer can be kept;
Django's own reverse re-walks the patterns every call, and on a list page that is a
measurable share of the request (bench/breakdown.py). Bounded, as the arguments come
from content: the least recently used addresses go first.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def reverse_cached(viewname: str, *args: str | int) -> str:
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(urlconf, get_script_prefix(), get_language(), viewname, args)


@functools.lru_cache(maxsize=8192)
def _reverse(urlconf, prefix: str, language: str | None, viewname: str, args: tuple) -> str:
    # The URLconf, prefix and language are in the key only to tell the cases apart:
    # reverse() reads all three from the running request's state, as the key did.
    return reverse(viewname, urlconf=urlconf, args=args)
