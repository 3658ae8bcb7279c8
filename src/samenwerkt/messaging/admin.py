"""Conversations between companies and schools, for staff to read: private
correspondence, so nothing here adds, changes or deletes (as the security log)."""

from django.contrib import admin

from .models import Message, Thread


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MessageInline(ReadOnly, admin.TabularInline):
    model = Message
    extra = 0
    fields = ("created_at", "side", "author", "body")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Thread)
class ThreadAdmin(ReadOnly, admin.ModelAdmin):
    list_display = (
        "created_at",
        "company",
        "institution",
        "school",
        "route",
        "school_replied_at",
        "forwarded_at",
        "reported_at",
    )
    list_filter = ("route", "level")
    list_select_related = ("company", "institution", "school")
    search_fields = ("company__name", "school__name", "institution__name")
    date_hierarchy = "created_at"
    inlines = [MessageInline]
