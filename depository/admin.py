"""Admin of the depository. Instruments' particulars are edited here; their entry into force
is confirmed only on the instrument's page (`instrument_confirm_entry_into_force`), so it is
read-only here. Parties' acts, copies and notifications are written only through the pages'
services, which also append the depositary log: the admin shows them. The log itself is
append-only: shown, never changed nor deleted."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from secretariat.admin import EndedNotDeletedMixin

from .models import CertifiedCopy, DepositaryEvent, Instrument, Notification, Participation

SOURCED = (_("Sources"), {"fields": ("source", "confidence", "note", "is_fictional")})


class ReadOnlyAdmin(EndedNotDeletedMixin, SimpleHistoryAdmin):
    """Shown in the admin, written only through the pages' services."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ParticipationInline(admin.TabularInline):
    model = Participation
    fields = readonly_fields = (
        "state",
        "organisation",
        "signed_on",
        "consent_kind",
        "consent_received_on",
        "in_force_on",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Instrument)
class InstrumentAdmin(EndedNotDeletedMixin, SimpleHistoryAdmin):
    list_display = ("code", "title_en", "kind", "signed_on", "depositary", "entry_into_force", "confidence")
    list_filter = ("kind", "depositary", "eif_rule", "confidence")
    list_select_related = ("depositary_state",)
    search_fields = ("code", "title_en", "title_ru", "title_zh")
    raw_id_fields = ("meeting", "amends", "conditional_on", "depositary_state", "renews")
    readonly_fields = ("entry_into_force", "entry_into_force_precision")
    inlines = (ParticipationInline,)
    fieldsets = (
        (None, {"fields": ("code", "kind", ("title_en", "title_ru", "title_zh"), "authentic_languages")}),
        (
            _("Signature"),
            {
                "fields": (
                    ("place_en", "place_ru", "place_zh"),
                    ("signed_on", "signed_precision"),
                    "meeting",
                    "amends",
                )
            },
        ),
        (_("Depositary"), {"fields": ("depositary", "depositary_state", "consent_by", "copy_days")}),
        (
            _("Entry into force"),
            {
                "fields": (
                    "eif_rule",
                    ("eif_count", "eif_days", "eif_fixed_on"),
                    "conditional_on",
                    "provisional_from",
                    ("entry_into_force", "entry_into_force_precision"),
                    "accession_rules",
                    ("withdrawal_notice_days", "withdrawal_notice_months"),
                )
            },
        ),
        (_("Term and renewal"), {"fields": (("valid_until", "valid_until_precision"), "renews")}),
        SOURCED,
    )


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ("instrument", "state", "organisation", "signed_on", "consent_kind", "in_force_on")
    list_select_related = ("instrument", "state", "organisation")
    list_filter = ("consent_kind",)
    search_fields = ("instrument__title_en", "state__name_en", "organisation__name_en")


@admin.register(DepositaryEvent)
class DepositaryEventAdmin(ReadOnlyAdmin):
    list_display = ("on", "kind", "instrument", "state", "organisation", "corrects", "recorded_by")
    list_select_related = ("instrument", "state", "organisation", "corrects", "recorded_by")
    list_filter = ("kind", "is_fictional")
    search_fields = ("instrument__title_en", "text")


@admin.register(CertifiedCopy)
class CertifiedCopyAdmin(ReadOnlyAdmin):
    list_display = (
        "instrument",
        "recipient",
        "state",
        "originals_received_on",
        "due_on",
        "sent_on",
        "is_fictional",
    )
    list_select_related = ("instrument", "state")
    list_filter = ("recipient", "is_fictional")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "issued_on", "is_fictional")
    filter_horizontal = ()
