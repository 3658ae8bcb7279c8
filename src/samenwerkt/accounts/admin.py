from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    ApiToken,
    AuditEvent,
    InstitutionProposal,
    Invitation,
    Membership,
    Organisation,
    SchoolLink,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("language",)}),
    )
    list_display = ("username", "email", "first_name", "last_name", "language", "is_staff")
    search_fields = ("username", "email", "first_name", "last_name")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class SchoolLinkInline(admin.TabularInline):
    model = SchoolLink
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ("institution", "status", "method", "note", "decided_at")
    readonly_fields = ("decided_at",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Staff make the programme office here (the site's forms make only companies and
    education partners) and add its first member."""

    list_display = ("name", "kind", "size", "province", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "kvk_number")
    inlines = [MembershipInline, SchoolLinkInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "role", "created_at", "expires_at", "accepted_at")
    search_fields = ("email", "organisation__name")
    readonly_fields = ("token_hash", "accepted_at", "accepted_by", "invited_by", "created_at")

    def has_add_permission(self, request):
        return False  # an invitation's token is emailed by the owner's form, never made here


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The whole security log, for staff: read-only, as a log should be."""

    list_display = ("at", "kind", "user", "actor", "organisation", "ip")
    list_filter = ("kind",)
    search_fields = ("user__email", "actor__email", "organisation__name", "ip")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for staff to see and, if one leaks, revoke (set "revoked on"). Made only
    by their owner's page: the secret exists nowhere else."""

    list_display = ("name", "user", "organisation", "created_at", "expires_at", "revoked_at")
    list_select_related = ("user", "organisation")
    search_fields = ("name", "user__email", "organisation__name")
    fields = (
        "name",
        "user",
        "organisation",
        "hint",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = (
        "name",
        "user",
        "organisation",
        "hint",
        "created_at",
        "expires_at",
        "last_used_at",
    )

    def has_add_permission(self, request):
        return False


@admin.register(InstitutionProposal)
class InstitutionProposalAdmin(admin.ModelAdmin):
    """Schools proposed for the list; the programme office decides in its queue."""

    list_display = ("name", "organisation", "status", "created_at", "decided_at")
    list_filter = ("status",)
    list_select_related = ("organisation",)
    search_fields = ("name", "organisation__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
