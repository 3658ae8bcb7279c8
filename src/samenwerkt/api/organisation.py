"""The signed-in part of the API: an organisation's own data, for a personal API token
sent as ``Authorization: Bearer <token>`` (accounts/models/tokens.py). A token reads only
its own organisation; another organisation's conversation is a 404, as on the site.
Nothing here is cached (core/cache.py caches only what api.py marks public)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext_noop
from ninja import Field, Path, Router, Schema
from ninja.pagination import paginate
from ninja.security import HttpBearer

from samenwerkt.accounts.services import api_token_authenticate
from samenwerkt.messaging.models import Thread
from samenwerkt.messaging.selectors import threads_for

from .handbook import BoundedPagination
from .schemas import ErrorOut


class TokenAuth(HttpBearer):
    """A personal API token; the answer is 401 without one that works now."""

    def authenticate(self, request, token):
        return api_token_authenticate(token)


router = Router(tags=["organisation"], auth=TokenAuth())
MAX_ID = 2**63 - 1  # a database id; a larger number is a 422, not a database error


class MessageOut(Schema):
    detail: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    members: int


class SchoolRef(Schema):
    slug: str
    name: str


class ThreadOut(Schema):
    id: int
    school: SchoolRef
    form: str
    level: str
    sent_to: str
    offer: str
    when: str
    sent_at: datetime
    school_replied: bool

    @staticmethod
    def resolve_school(thread):
        return {"slug": thread.institution.slug, "name": thread.institution.name}

    @staticmethod
    def resolve_form(thread):
        return thread.collaboration_form.slug

    @staticmethod
    def resolve_sent_to(thread):
        return thread.route

    @staticmethod
    def resolve_sent_at(thread):
        return thread.created_at

    @staticmethod
    def resolve_school_replied(thread):
        return thread.school_replied_at is not None


class MessageItem(Schema):
    side: str
    text: str = Field(alias="body")
    at: datetime = Field(alias="created_at")


class ThreadDetailOut(ThreadOut):
    messages: list[MessageItem]

    @staticmethod
    def resolve_messages(thread):
        return list(thread.messages.all())


@router.get(
    "/organisation",
    response={200: OrganisationOut, 401: MessageOut},
    summary=gettext_noop("The organisation of the token"),
)
def organisation(request):
    org = request.auth.organisation
    return {"id": org.pk, "name": org.name, "kind": org.kind, "members": org.memberships.count()}


@router.get(
    "/threads",
    response={200: list[ThreadOut], 401: MessageOut, 422: ErrorOut},
    summary=gettext_noop("The organisation's conversations with schools, newest first"),
)
@paginate(BoundedPagination)
def threads(request):
    return threads_for(organisation=request.auth.organisation)


@router.get(
    "/threads/{thread_id}",
    response={200: ThreadDetailOut, 401: MessageOut, 404: MessageOut, 422: ErrorOut},
    summary=gettext_noop("One conversation with its messages"),
)
def thread(request, thread_id: int = Path(..., ge=1, le=MAX_ID)):
    try:
        return threads_for(organisation=request.auth.organisation).get(pk=thread_id)
    except Thread.DoesNotExist:
        raise Http404 from None
