from django.contrib import admin

from .models import FactorEvent, PendingEnrolment


@admin.register(FactorEvent)
class FactorEventAdmin(admin.ModelAdmin):
    """The record of second-factor changes: read only (it is written by accounts.services)."""

    list_display = ("at", "kind", "user", "actor")
    list_filter = ("kind",)
    list_select_related = ("user", "actor")
    search_fields = ("user__username", "actor__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PendingEnrolment)
class PendingEnrolmentAdmin(admin.ModelAdmin):
    list_display = ("user", "requested_by", "requested_at")
    list_select_related = ("user", "requested_by")
    search_fields = ("user__username",)
    raw_id_fields = ("user", "requested_by")
