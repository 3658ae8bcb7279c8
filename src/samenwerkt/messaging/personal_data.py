"""The messaging part of a person's data export (accounts/personal_data.py): the
conversations they started and every message they wrote."""

from __future__ import annotations

from samenwerkt.accounts.personal_data import personal_data_section, when

from .models import Message, Thread


@personal_data_section("conversations_started")
def _started(user):
    return [
        {
            "id": t.pk,
            "company": t.company.name,
            "school": t.institution.name,
            "sent": t.route,
            "form": t.collaboration_form.slug,
            "level": t.level,
            "offer": t.offer,
            "when": t.when,
            "at": when(t.created_at),
        }
        for t in Thread.objects.filter(started_by=user).select_related(
            "company", "institution", "collaboration_form"
        )
    ]


@personal_data_section("messages")
def _messages(user):
    return [
        {
            "conversation": m.thread_id,
            "school": m.thread.institution.name,
            "side": m.side,
            "text": m.body,
            "at": when(m.created_at),
        }
        for m in Message.objects.filter(author=user).select_related("thread__institution")
    ]
