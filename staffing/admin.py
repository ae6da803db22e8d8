"""Admin for the establishment: posts, quota versions with their lines, appointments.

As in `secretariat.admin`, the admin saves through the services and shows their refusals as
form errors: the quota, one holder per post and one post per person hold here as on the
pages. Appointments and quota versions are never deleted.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, Count, OuterRef, Subquery, Sum, Value, When
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.localized import sortable_name
from secretariat import admin as secretariat_admin
from secretariat.admin import (
    PERSON_SEARCH,
    STATE_SEARCH,
    EndedNotDeletedMixin,
    PeriodFilter,
    ServiceModelAdmin,
)
from secretariat.models import Secretariat, State

from . import services
from .models import Appointment, Post, QuotaLine, QuotaVersion, version_effective_on


class AppointmentHistoryInline(admin.TabularInline):
    """The appointments of a person or a post, read-only: they change through their own page."""

    model = Appointment
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-start_date",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "post", "nominated_by")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Editing here would skip the quota check of the appointment services.
        return False


class PersonAppointmentInline(AppointmentHistoryInline):
    fields = readonly_fields = (
        "post",
        "nominated_by",
        "start_date",
        "planned_end_date",
        "end_date",
        "end_reason",
    )


class PostAppointmentInline(AppointmentHistoryInline):
    fields = readonly_fields = (
        "person",
        "nominated_by",
        "start_date",
        "planned_end_date",
        "end_date",
        "end_reason",
    )


# The person page, registered by secretariat, shows the person's appointments, and a new
# nationality must still fit them (rule 4).
secretariat_admin.PERSON_INLINES.append(PersonAppointmentInline)
secretariat_admin.PERSON_CHECKS.append(services.person_check)


class VacantTodayFilter(admin.SimpleListFilter):
    title = _("holder today")
    parameter_name = "vacant"

    def lookups(self, request, model_admin):
        return [("yes", _("vacant")), ("no", _("held"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.vacant_on(today)
        if self.value() == "no":
            return queryset.on(today).exclude(pk__in=queryset.vacant_on(today).values("pk"))
        return queryset


@admin.register(Post)
class PostAdmin(ServiceModelAdmin):
    list_display = (
        "code",
        "title",
        "department",
        "grade",
        "category",
        "start_date",
        "end_date",
        "holder_today",
    )
    list_filter = ("category", "grade", "department", PeriodFilter, VacantTodayFilter)
    list_select_related = ("department",)
    search_fields = ("code", "title_en", "title_ru", "title_zh")
    autocomplete_fields = ("department",)
    inlines = (PostAppointmentInline,)
    fieldsets = (
        (None, {"fields": ("code", "department", "position", "grade", "category")}),
        (_("Titles"), {"fields": (("title_en", "title_ru", "title_zh"),)}),
        (_("Existence"), {"fields": ("start_date", "end_date")}),
    )
    service_keyword = "post"
    check_with = staticmethod(services.post_check)
    create_with = staticmethod(services.post_create)
    update_with = staticmethod(services.post_update)

    def get_queryset(self, request):
        # Today's holder in the list's own query, not one query per row.
        holder = Appointment.objects.on(timezone.localdate()).filter(post=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                holder_today_name=Subquery(holder.values("person__name_latin")[:1]),
                # The title in the reader's language (English where it is missing), to sort by
                # as the reader's language sorts.
                title_local=sortable_name("title"),
            )
        )

    @admin.display(description=_("title"), ordering="title_local")
    def title(self, post: Post) -> str:
        return post.title

    @admin.display(description=_("holder today"), ordering="holder_today_name")
    def holder_today(self, post: Post) -> str:
        return post.holder_today_name or "—"


def quota_size(version: QuotaVersion) -> int:
    """The establishment a version's places must add up to.

    A new version takes the Secretariat's size, as `quota_version_publish` does; a version
    already published keeps the size it was made for.
    """
    if version.pk is None:
        return Secretariat.objects.current().establishment_size
    return version.establishment_size


class QuotaLineFormSet(BaseInlineFormSet):
    """The lines of one version, checked together by `services.quota_version_check`."""

    def clean(self) -> None:
        super().clean()
        version = self.instance
        # Line errors show on their rows; a missing date shows on the version's own form.
        if any(self.errors) or version.effective_date is None:
            return
        places = {
            form.cleaned_data["state"]: form.cleaned_data["places"]
            for form in self.forms
            if form.cleaned_data.get("state") and not self._should_delete_form(form)
        }
        try:
            # A savepoint of the admin's transaction: the member states stay locked until
            # the lines are saved, so no appointment slips in between.
            with transaction.atomic():
                services.quota_version_check(
                    effective_date=version.effective_date,
                    places=places,
                    size=quota_size(version),
                    version=version,
                )
        except ValidationError as error:
            # The version's form already reports a taken effective date (a unique field).
            messages = [
                message
                for messages in error.error_dict.values()
                for message in messages
                if message.code != "duplicate_date"
            ]
            if messages:
                raise ValidationError(messages) from error


class QuotaLineInline(admin.TabularInline):
    model = QuotaLine
    formset = QuotaLineFormSet
    fields = ("state", "places", "budget_share")
    ordering = ("state__name_ru", "state__name_en")

    def get_extra(self, request, obj=None, **kwargs) -> int:
        # A new version starts with a row per member state of today (see get_formset_kwargs).
        if obj is None and request.method == "GET":
            return State.objects.members_on(timezone.localdate()).count()
        return 0


@admin.register(QuotaVersion)
class QuotaVersionAdmin(SimpleHistoryAdmin):
    list_display = (
        "effective_date",
        "establishment_size",
        "total_places",
        "line_count",
        "in_force_today",
        "is_illustrative",
    )
    list_filter = ("is_illustrative",)
    search_fields = ("basis",)
    date_hierarchy = "effective_date"
    fields = ("effective_date", "establishment_size", "is_illustrative", "basis")
    inlines = (QuotaLineInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                total=Sum("lines__places"),
                lines_count=Count("lines"),
                in_force=Case(
                    When(pk=version_effective_on(timezone.localdate()), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # Moving a published version in time would hand the days in between to another
        # version unchecked: publish a new version instead.
        if obj is not None:
            return ("effective_date", "establishment_size")
        return ("establishment_size",)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Only on GET: on POST, a row left as offered must still count as filled in.
        if obj.pk is None and isinstance(inline, QuotaLineInline) and request.method == "GET":
            today = timezone.localdate()
            places = dict(QuotaLine.objects.on(today).values_list("state_id", "places"))
            kwargs["initial"] = [
                {"state": state.pk, "places": places.get(state.pk)}
                for state in State.objects.members_on(today)
            ]
        return kwargs

    def save_model(self, request, obj, form, change) -> None:
        # A new version is published with its lines by the service (save_related), as the
        # page publishes it; a change touches only the version's basis and illustrative flag.
        if change:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        if change:
            return super().save_related(request, form, formsets, change)
        lines = [
            line.cleaned_data
            for formset in formsets
            for line in formset.forms
            if line.cleaned_data.get("state") and not formset._should_delete_form(line)
        ]
        version = services.quota_version_publish(
            effective_date=form.instance.effective_date,
            places={line["state"]: line["places"] for line in lines},
            budget_shares={line["state"]: line.get("budget_share") for line in lines},
            basis=form.instance.basis,
            is_illustrative=form.instance.is_illustrative,
        )
        # The admin's own record of the addition and its redirect read the form's instance
        # and what each formset saved.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        form.instance.pk = version.pk
        form.instance.establishment_size = version.establishment_size
        form.instance._state.adding = False

    @admin.display(description=_("places"), ordering="total")
    def total_places(self, version: QuotaVersion) -> int:
        return version.total or 0

    @admin.display(description=_("states"), ordering="lines_count")
    def line_count(self, version: QuotaVersion) -> int:
        return version.lines_count

    @admin.display(description=_("in force today"), boolean=True, ordering="in_force")
    def in_force_today(self, version: QuotaVersion) -> bool:
        return version.in_force

    def has_delete_permission(self, request, obj=None) -> bool:
        # Past staffing tables are read against the quota of their day: keep every version.
        return False


@admin.register(Appointment)
class AppointmentAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = (
        "person",
        "post",
        "department",
        "nominated_by",
        "start_date",
        "planned_end_date",
        "end_date",
        "end_reason",
    )
    list_filter = (
        PeriodFilter,
        "post__category",
        ("post__department", admin.RelatedOnlyFieldListFilter),
        ("nominated_by", admin.RelatedOnlyFieldListFilter),
        "end_reason",
    )
    list_select_related = ("person", "post", "post__department", "nominated_by")
    search_fields = (
        *PERSON_SEARCH,
        "post__code",
        "post__title_en",
        "post__title_ru",
        "post__title_zh",
        *(f"nominated_by__{field}" for field in STATE_SEARCH),
    )
    autocomplete_fields = ("person", "post", "nominated_by")
    date_hierarchy = "start_date"
    fieldsets = (
        (None, {"fields": ("person", "post", "nominated_by")}),
        (_("Period"), {"fields": ("start_date", "planned_end_date")}),
        (_("End"), {"fields": ("end_date", "end_reason")}),
    )
    service_keyword = "appointment"
    check_with = staticmethod(services.appointment_check)
    create_with = update_with = staticmethod(services.appointment_save)

    @admin.display(description=_("department"), ordering="post__department__position")
    def department(self, appointment: Appointment):
        return appointment.post.department
