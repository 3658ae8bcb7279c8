"""Staff edit the handbook content here. Saving marks the row ``edited_in_admin`` so a
later ``load_handbook`` keeps the edit instead of restoring the YAML."""

from django.contrib import admin
from django.db import models as db_models

from samenwerkt.core.formsets import ChoicesReadOnce

from . import models


class ManagedAdmin(admin.ModelAdmin):
    readonly_fields = ("edited_in_admin",)
    # An address typed without a scheme is https (Django 6's default, adopted now).
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        obj.edited_in_admin = True
        super().save_model(request, obj, form, change)


class OutcomeInline(admin.TabularInline):
    model = models.Outcome
    extra = 0


@admin.register(models.CollaborationForm)
class CollaborationFormAdmin(ManagedAdmin):
    list_display = ("number", "name_nl", "effort", "edited_in_admin")
    inlines = [OutcomeInline]
    filter_horizontal = ("tips",)


class BenefitInline(admin.StackedInline):
    model = models.ReasonBenefit
    extra = 0
    formfield_overrides = ManagedAdmin.formfield_overrides


@admin.register(models.Reason)
class ReasonAdmin(ManagedAdmin):
    list_display = ("code", "name_nl", "edited_in_admin")
    inlines = [BenefitInline]


class FigureInline(admin.TabularInline):
    model = models.ExampleFigure
    extra = 0


@admin.register(models.Example)
class ExampleAdmin(ManagedAdmin):
    list_display = (
        "title_nl",
        "collaboration_form",
        "level_mbo",
        "level_hbo",
        "level_other",
        "edited_in_admin",
    )
    list_filter = ("collaboration_form", "level_mbo", "level_hbo", "regions")
    search_fields = ("title_nl", "title_en")
    filter_horizontal = ("institutions", "regions", "reasons")
    inlines = [FigureInline]


class PointInline(admin.StackedInline):
    model = models.TipPoint
    extra = 0


@admin.register(models.Tip)
class TipAdmin(ManagedAdmin):
    list_display = ("number", "title_nl", "edited_in_admin")
    inlines = [PointInline]


class ActionInline(admin.StackedInline):
    model = models.StepAction
    extra = 0


@admin.register(models.Step)
class StepAdmin(ManagedAdmin):
    list_display = ("number", "title_nl", "edited_in_admin")
    inlines = [ActionInline]


class ProvinceInline(admin.TabularInline):
    model = models.Province
    extra = 0


class ListingInline(admin.TabularInline):
    model = models.Listing
    extra = 0
    autocomplete_fields = ("institution",)


@admin.register(models.Region)
class RegionAdmin(ManagedAdmin):
    list_display = ("name_nl", "slug", "edited_in_admin")
    inlines = [ProvinceInline, ListingInline]


@admin.register(models.Institution)
class InstitutionAdmin(ManagedAdmin):
    list_display = ("name", "level", "towns", "confirmed", "edited_in_admin")
    list_filter = ("level", "regions", "confirmed")
    search_fields = ("name", "towns")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("provinces",)


@admin.register(models.Edition)
class EditionAdmin(ManagedAdmin):
    pass


@admin.register(models.ExternalLink)
class ExternalLinkAdmin(ManagedAdmin):
    list_display = ("key", "url", "title_nl")


admin.site.register(models.Source)
admin.site.register(models.Chapter)


# --- School profiles -----------------------------------------------------------------
# Kept by the school's verified team on the site (accounts/); staff read them here and
# may correct or unpublish one. Not ManagedAdmin: no YAML to keep an edit from.


class LocationRows(ChoicesReadOnce):
    shared_choices = ("province",)  # one query for every row's menu, not one a row


class ProfileLocationInline(admin.TabularInline):
    model = models.ProfileLocation
    formset = LocationRows
    extra = 0


class ProfileProgrammeInline(admin.TabularInline):
    model = models.ProfileProgramme
    extra = 0


class ProfilePeriodInline(admin.TabularInline):
    model = models.ProfilePeriod
    extra = 0


@admin.register(models.SchoolProfile)
class SchoolProfileAdmin(admin.ModelAdmin):
    list_display = ("institution", "published", "kept_by", "updated_at")
    list_filter = ("published",)
    list_select_related = ("institution",)
    search_fields = ("institution__name",)
    date_hierarchy = "updated_at"
    autocomplete_fields = ("institution",)
    filter_horizontal = ("looking_for",)
    # Who keeps it and when they last did are the school's word, shown on its page.
    readonly_fields = ("kept_by", "updated_at")
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    inlines = [ProfileLocationInline, ProfileProgrammeInline, ProfilePeriodInline]
