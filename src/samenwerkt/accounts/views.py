"""The signed-in person's own pages. Sign-in, sign-up, email addresses and passwords
are django-allauth's views (templates/account/, templates/allauth/)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    addresses = EmailAddress.objects.filter(user=request.user).order_by("-primary", "email")
    return render(request, "accounts/home.html", {"addresses": addresses})
