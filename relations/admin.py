"""Admin of the relations: what made each standing, and the steps to membership, saved through
the services (their checks become the form's errors)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from secretariat.admin import EndedNotDeletedMixin, ServiceModelAdmin

from . import services
from .models import MembershipStep, StandingBasis

SOURCED = (_("Sources"), {"fields": ("source", "confidence", "note", "is_fictional")})


@admin.register(StandingBasis)
class StandingBasisAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("standing", "meeting", "decided_on", "instrument", "effect", "confidence")
    list_select_related = ("standing__state", "meeting__body", "instrument")
    list_filter = ("effect", "confidence", "standing__status")
    search_fields = ("standing__state__name_en", "standing__state__name_ru", "standing__state__name_zh")
    raw_id_fields = ("standing", "meeting", "instrument")
    fieldsets = (
        (None, {"fields": ("standing",)}),
        (_("Decision"), {"fields": ("meeting", "decision_number", ("decided_on", "decided_precision"))}),
        (_("Instrument"), {"fields": ("instrument", "effect")}),
        SOURCED,
    )
    service_keyword = "basis"
    check_with = services.standing_basis_check
    create_with = update_with = services.standing_basis_save


@admin.register(MembershipStep)
class MembershipStepAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("state", "kind", "on", "precision", "deadline", "meeting", "instrument")
    list_select_related = ("state", "meeting__body", "instrument")
    list_filter = ("kind",)
    search_fields = ("state__name_en", "state__name_ru", "state__name_zh")
    raw_id_fields = ("meeting", "instrument")
    fieldsets = (
        (None, {"fields": ("state", "kind", ("on", "precision"), "deadline", "meeting", "instrument")}),
        SOURCED,
    )
    service_keyword = "step"
    check_with = services.membership_step_check
    create_with = update_with = services.membership_step_save
