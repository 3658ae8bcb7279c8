"""When a school team leaves the site (its last member deleted the account), its
conversations go to the programme office, so a company's next reply still reaches
someone instead of being stored for nobody."""

from __future__ import annotations

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from samenwerkt.accounts.models import Organisation

from .models import Thread


@receiver(pre_delete, sender=Organisation)
def _school_team_gone(sender, instance, **kwargs):
    Thread.objects.filter(school=instance, route=Thread.Route.SCHOOL).update(
        route=Thread.Route.PROGRAMME_OFFICE
    )
