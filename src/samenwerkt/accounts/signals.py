"""What happens when an account changes: a deactivated account is signed out on every
browser and device at once, and the security log says so."""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .audit import audit_record
from .models import AuditEvent, User
from .services import sessions_end


@receiver(pre_save, sender=User)
def _note_deactivation(sender, instance, **kwargs):
    instance._deactivated_now = bool(
        instance.pk
        and not instance.is_active
        and User.objects.filter(pk=instance.pk, is_active=True).exists()
    )


@receiver(post_save, sender=User)
def _deactivated_account_is_signed_out(sender, instance, created, **kwargs):
    if not created and not instance.is_active:
        sessions_end(user=instance)
        if getattr(instance, "_deactivated_now", False):
            audit_record(AuditEvent.Kind.ACCOUNT_DEACTIVATED, user=instance, actor=None)
