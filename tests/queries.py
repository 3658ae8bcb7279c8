"""Query-count checks over a table of pages: (path, most queries, expected status).

The count is that of a visit to a process that has served the page before: the
handbook tables every page shows are read once per content version and kept
(core/content_memo.py), so that is what nearly every visit costs. The first visit
after an edit costs the memoised selectors' queries on top, a fixed number too
(tests/core/test_content_memo.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def over_bound(
    get: Callable[[str], object], rows: Iterable[tuple[str, int, int]], *, prefix: str = ""
) -> list[str]:
    """Every row whose page needs more queries than its bound, or answers another
    status than the one it names; empty when all keep their word.

    One call checks many pages against one expensive data set (the ``much_data``
    fixture), so the set is built once, not once a page."""
    wrong = []
    for path, bound, status in rows:
        get(prefix + path)  # the process has served it before
        with CaptureQueriesContext(connection) as queries:
            response = get(prefix + path)
        if len(queries) > bound:
            wrong.append(f"{prefix}{path}: {len(queries)} queries, at most {bound} allowed")
        if response.status_code != status:
            wrong.append(f"{prefix}{path}: status {response.status_code}, expected {status}")
    return wrong
