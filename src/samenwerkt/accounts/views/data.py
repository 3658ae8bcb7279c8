"""A person's own data: the JSON export and deleting the account. Both ask for the
password (or second factor) again when the last sign-in is more than a few minutes ago
(allauth's reauthentication), so an unattended browser gives neither away."""

from __future__ import annotations

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import services
from ..account_forms import AccountDeleteForm
from ..forms import add_service_errors


@login_required
def my_data(request):
    return render(
        request,
        "accounts/my_data.html",
        {"plan": services.account_deletion_plan(user=request.user)},
    )


@login_required
@require_POST
@reauthentication_required
@never_cache
def data_export(request):
    data = services.personal_data_export(user=request.user, request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    name = f"samenwerkt-gegevens-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@reauthentication_required(allow_get=True)
def account_delete(request):
    plan = services.account_deletion_plan(user=request.user)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user, request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for using the site."))
            return redirect("handbook:home")
    return render(request, "accounts/account_delete.html", {"plan": plan, "form": form})
