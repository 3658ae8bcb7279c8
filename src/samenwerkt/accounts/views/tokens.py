"""A person's API tokens: make one for one of their organisations (its secret shown
once, on the next page only), see them, revoke them. Someone else's token is a 404."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..account_forms import ApiTokenForm
from ..forms import add_service_errors

# The new token's secret waits here for the one page that shows it, then is gone;
# if that page is not opened within a minute, it is not shown at all.
NEW_TOKEN = "new_api_token"
SHOWN_FOR_SECONDS = 60


@login_required
@never_cache
def token_list(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[NEW_TOKEN] = {"id": token.pk, "secret": secret, "at": time.time()}
            return redirect("accounts:api_tokens")
    new = request.session.pop(NEW_TOKEN, None)
    if new and time.time() - new.get("at", 0) > SHOWN_FOR_SECONDS:
        new = None  # the page after making it was never opened: the secret is gone
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": selectors.api_tokens_of(user=request.user),
            "new": new,
            "has_organisation": form.fields["organisation"].queryset.exists(),
        },
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = selectors.api_token_get(user=request.user, token_id=token_id)
    services.api_token_revoke(user=request.user, token=token, request=request)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:api_tokens")
