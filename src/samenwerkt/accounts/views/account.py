"""The signed-in person's own pages. Sign-in, sign-up, email addresses, passwords,
two-factor authentication and the list of sessions are django-allauth's views
(templates/account/, templates/mfa/, templates/usersessions/, templates/allauth/)."""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..mfa import has_two_factor
from ..selectors import audit_events_for, memberships_for
from ..services import sessions_end


@login_required
def home(request):
    addresses = EmailAddress.objects.filter(user=request.user).order_by("-primary", "email")
    return render(
        request,
        "accounts/home.html",
        {
            "addresses": addresses,
            "two_factor": has_two_factor(request.user),
            "memberships": memberships_for(user=request.user),
            "is_programme_office": request.user.is_programme_office(),
        },
    )


@login_required
def security_log(request):
    return render(
        request, "accounts/security_log.html", {"events": audit_events_for(user=request.user)}
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    from ..audit import audit_record
    from ..models import AuditEvent

    user = request.user
    sessions_end(user=user)
    audit_record(AuditEvent.Kind.SIGNED_OUT_EVERYWHERE, user=user, actor=user, request=request)
    logout(request)
    messages.success(
        request,
        _("You are signed out on every browser and device, this one too."),
    )
    return redirect("handbook:home")
