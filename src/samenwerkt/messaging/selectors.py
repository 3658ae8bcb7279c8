"""Who sees which conversation: the company that started it, the school team it
reached, and the programme office for what waits in its queue or was reported.
Anyone else gets a 404 (DESIGN.md)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from samenwerkt.accounts.selectors import get_or_404

from .models import Thread


def threads_for(*, organisation):
    """The conversations of one organisation: sent (a company) or received (a school
    team); for the programme office, its queue and what was reported."""
    qs = Thread.objects.select_related("company", "institution", "collaboration_form")
    if organisation.kind == "programme_office":
        return qs.filter(Q(route=Thread.Route.PROGRAMME_OFFICE) | Q(reported_at__isnull=False))
    return qs.filter(Q(company=organisation) | Q(school=organisation))


def thread_get(*, user, thread_id) -> Thread:
    if not user.is_authenticated:
        raise Http404
    thread = get_or_404(
        Thread.objects.select_related(
            "company", "school", "institution", "collaboration_form", "started_by"
        ),
        thread_id,
    )
    from .services import side_of

    if side_of(user, thread) is None:
        raise Http404
    return thread
