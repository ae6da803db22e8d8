"""Admin for meetings, presidencies, materials and drafts, through the pages' services.

Presidencies, meetings and materials save through `meetings.services` (the no-overlap rule,
numbers growing with dates, the late flag); a draft's step changes only through its page
(`draft_move`), so the admin shows it read-only. Nothing historical is deleted here.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.admin import STATE_SEARCH, EndedNotDeletedMixin, PeriodFilter, ServiceModelAdmin

from . import services
from .models import (
    AdoptedDocument,
    AgendaItem,
    Body,
    Delegation,
    Draft,
    DraftProposer,
    Material,
    Meeting,
    Presidency,
    ReviewStep,
)

SOURCED = (_("Sources"), {"fields": ("source", "confidence", "note", "is_fictional")})


@admin.register(Body)
class BodyAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("code", "name_en", "name_ru", "name_zh", "rotation", "position")
    search_fields = ("code", "name_en", "name_ru", "name_zh")
    fieldsets = (
        (None, {"fields": ("code", "position", "rotation")}),
        (_("Names"), {"fields": (("name_en", "name_ru", "name_zh"),)}),
        (_("How often it meets"), {"fields": (("frequency_en", "frequency_ru", "frequency_zh"), "source")}),
    )


@admin.register(Presidency)
class PresidencyAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("state", "rotation", "start_date", "end_date", "confidence")
    list_filter = ("rotation", PeriodFilter, "confidence")
    list_select_related = ("state",)
    search_fields = tuple(f"state__{field}" for field in STATE_SEARCH)
    autocomplete_fields = ("state",)
    fieldsets = ((None, {"fields": ("rotation", "state", "start_date", "end_date")}), SOURCED)
    service_keyword = "presidency"
    check_with = staticmethod(services.presidency_check)
    create_with = staticmethod(services.presidency_create)
    update_with = staticmethod(services.presidency_update)


class DelegationInline(admin.TabularInline):
    model = Delegation
    fields = ("position", "state", "organisation", "head_name", "head_name_original", "head_title", "note")
    autocomplete_fields = ("state",)
    extra = 0
    can_delete = False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ("position", "title_en", "title_ru", "title_zh")
    extra = 0
    can_delete = False


class AdoptedDocumentInline(admin.TabularInline):
    model = AdoptedDocument
    fields = ("position", "title_en", "title_ru", "title_zh", "confidence")
    extra = 0
    can_delete = False


class MaterialInline(admin.TabularInline):
    """Materials read-only here: their late flag is set by the material service."""

    model = Material
    fields = readonly_fields = ("title_en", "circulated_on", "is_late", "exception_reason")
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = (
        "body",
        "number",
        "start_date",
        "end_date",
        "city_en",
        "host_state",
        "status",
        "confidence",
    )
    list_filter = ("body", "status", "format", "confidence", "is_fictional")
    list_select_related = ("body", "host_state")
    search_fields = ("title_en", "title_ru", "title_zh", "city_en", "city_ru", "city_zh", "chair")
    autocomplete_fields = ("host_state",)
    date_hierarchy = "start_date"
    inlines = (DelegationInline, AgendaItemInline, AdoptedDocumentInline, MaterialInline)
    fieldsets = (
        (None, {"fields": ("body", "number", "status", "format")}),
        (_("Dates"), {"fields": ("start_date", "end_date", "date_precision", "materials_days")}),
        (_("Place and chair"), {"fields": (("city_en", "city_ru", "city_zh"), "host_state", "chair")}),
        (_("Title of an event"), {"fields": (("title_en", "title_ru", "title_zh"),)}),
        SOURCED,
    )
    service_keyword = "meeting"
    check_with = staticmethod(services.meeting_check)
    create_with = staticmethod(services.meeting_create)
    update_with = staticmethod(services.meeting_update)


@admin.register(Material)
class MaterialAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("title_en", "meeting", "circulated_on", "is_late", "exception_reason")
    list_filter = ("is_late", "is_fictional")
    list_select_related = ("meeting__body",)
    search_fields = ("title_en", "title_ru", "title_zh")
    raw_id_fields = ("meeting", "draft")
    readonly_fields = ("is_late", "exception_recorded_by", "exception_recorded_on")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "meeting",
                    "draft",
                    ("title_en", "title_ru", "title_zh"),
                    "circulated_on",
                    "is_late",
                )
            },
        ),
        (_("Exception"), {"fields": ("exception_reason", "exception_recorded_by", "exception_recorded_on")}),
        SOURCED,
    )
    service_keyword = "material"
    check_with = staticmethod(services.material_check)
    create_with = staticmethod(services.material_create)
    update_with = staticmethod(services.material_update)

    def save_model(self, request, obj, form, change) -> None:
        # An exception written here is recorded as the material page records it: by whom, when.
        if "exception_reason" in form.changed_data and obj.exception_reason:
            obj.exception_recorded_by = request.user
            obj.exception_recorded_on = obj.exception_recorded_on or timezone.localdate()
        super().save_model(request, obj, form, change)


class DraftProposerInline(admin.TabularInline):
    model = DraftProposer
    autocomplete_fields = ("state",)
    extra = 0
    can_delete = False


class ReviewStepInline(admin.TabularInline):
    """The review's steps, read-only: a step is taken on the draft's page (`draft_move`)."""

    model = ReviewStep
    fields = readonly_fields = ("step", "on", "recorded_by", "conclusion")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Draft)
class DraftAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("reference", "title_en", "kind", "step", "target_meeting", "is_fictional")
    list_filter = ("step", "kind", "is_fictional")
    list_select_related = ("target_meeting__body",)
    search_fields = ("reference", "title_en", "title_ru", "title_zh")
    raw_id_fields = ("target_meeting",)
    readonly_fields = ("step",)
    inlines = (DraftProposerInline, ReviewStepInline)
    fieldsets = (
        (None, {"fields": ("reference", "kind", ("title_en", "title_ru", "title_zh"))}),
        (_("Review"), {"fields": ("received_on", "has_financial_effects", "target_meeting", "step")}),
        SOURCED,
    )


@admin.register(Delegation, AgendaItem, AdoptedDocument)
class MeetingPartAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("__str__", "meeting")
    list_select_related = ("meeting__body",)
    raw_id_fields = ("meeting",)


@admin.register(ReviewStep)
class ReviewStepAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    """Read-only: steps are taken through `draft_move`, which checks the allowed moves."""

    list_display = ("draft", "step", "on", "recorded_by")
    list_filter = ("step",)
    list_select_related = ("draft", "recorded_by")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
