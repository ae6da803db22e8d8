"""Admin for the Secretariat's reference data: states and their standing, people, terms.

The admin is a data-entry tool, not a back door: every write with a rule across rows goes
through the same service as the pages (`secretariat.services`), and a refusal shows as a
form error with the pages' message. Terms and representatives are ended, never deleted.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.forms import add_service_error
from core.periods import period_display

from . import services
from .models import (
    Department,
    DeputySecretaryGeneralTerm,
    InternationalOrganisation,
    PermanentRepresentative,
    Person,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
    State,
)

admin.site.site_header = _("SCO Secretariat records")
admin.site.site_title = _("SCO Secretariat records")
admin.site.index_title = _("Data entry")

# Searching by name works in every script the records keep.
STATE_SEARCH = ("code", "iso3", "name_en", "name_ru", "name_zh")
PERSON_SEARCH = ("person__name_latin", "person__name_original")


class ServiceCheckedForm(forms.ModelForm):
    """A model form that, once its own checks pass, runs the checks of the save service.

    `service_check` takes the service's locks and raises its ValidationError, which becomes
    a form error instead of an error page at save time. The admin's add and change views
    validate and save in one transaction, so the locks taken here still hold when the
    service saves: nothing can slip in between the check and the save.
    """

    # `<entity>_check` of the service, and the keyword it takes the instance by.
    service_check: Callable[..., None] | None = None
    service_keyword: str = ""

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.service_check is None or self.errors:
            return
        try:
            # A savepoint inside the admin's transaction; a transaction of its own where the
            # view has none (django-simple-history's revert view), as row locks need one.
            with transaction.atomic():
                type(self).service_check(**{self.service_keyword: self.instance})
        except ValidationError as error:
            add_service_error(self, error)


class ServiceModelAdmin(SimpleHistoryAdmin):
    """Validates through `check_with` and saves through `create_with` (a new row) or
    `update_with` (a change), the pages' services, each given the instance by the keyword
    `service_keyword` (`term=...`)."""

    form = ServiceCheckedForm
    service_keyword: str = ""
    check_with: Callable[..., None] | None = None
    create_with: Callable[..., models.Model] | None = None
    update_with: Callable[..., models.Model] | None = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory makes a new class on every call: setting it here is local.
        form.service_check = staticmethod(type(self).check_with) if self.check_with else None
        form.service_keyword = self.service_keyword
        return form

    def save_model(self, request, obj, form, change) -> None:
        obj._history_user = request.user
        save = type(self).update_with if change else type(self).create_with
        if save is None:
            obj.save()
        else:
            save(**{self.service_keyword: obj})


class EndedNotDeletedMixin:
    """History is ended, not erased (rule 6 of the brief): no delete, not even in bulk."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PeriodFilter(admin.SimpleListFilter):
    """Rows in force today, ended or still to come."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [
            ("current", _("in force today")),
            ("ended", _("ended")),
            ("future", _("not started yet")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.on(today)
        if self.value() == "ended":
            return queryset.filter(end_date__lt=today)
        if self.value() == "future":
            return queryset.filter(start_date__gt=today)
        return queryset


class StatusTodayFilter(admin.SimpleListFilter):
    title = _("standing today")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return Standing.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Standing.Status.values:
            return queryset.with_status_on(timezone.localdate(), self.value())
        return queryset


class StandingForm(ServiceCheckedForm):
    """A standing row of the state page, checked under the state's lock like `standing_save`."""

    service_keyword = "standing"

    @staticmethod
    def service_check(*, standing: Standing) -> None:
        # A state being added has no standing in the database to collide with; its rows
        # are checked against each other by the formset.
        if standing.state_id:
            services.standing_check(standing=standing)


class StandingFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        # Each row is checked against the database by its form; two rows of this same
        # submission can only be checked here. Sorted by start, a row that overlaps any
        # later one overlaps the next one, so neighbours are enough.
        rows = sorted(
            (form.instance for form in self.forms if form.cleaned_data.get("start_date")),
            key=lambda standing: standing.start_date,
        )
        for earlier, later in zip(rows, rows[1:], strict=False):
            if earlier.overlaps(later.start_date, later.end_date):
                raise ValidationError(
                    _("Two standings overlap (%(first)s and %(second)s): one standing at a time.")
                    % {
                        "first": period_display(earlier.start_date, earlier.end_date),
                        "second": period_display(later.start_date, later.end_date),
                    },
                    code="overlap",
                )


class StandingInline(admin.TabularInline):
    model = Standing
    form = StandingForm
    formset = StandingFormSet
    fields = ("status", "start_date", "end_date", "decision")
    extra = 0
    # A standing that ended is ended by its end date, not deleted: it answers "who was a
    # member on date D" for every date in the past.
    can_delete = False
    ordering = ("start_date",)


@admin.register(State)
class StateAdmin(SimpleHistoryAdmin):
    list_display = ("code", "iso3", "name_en", "name_ru", "name_zh", "standing_today")
    list_filter = (StatusTodayFilter,)
    search_fields = (*STATE_SEARCH, "official_name_en", "official_name_ru", "official_name_zh")
    inlines = (StandingInline,)
    fieldsets = (
        (None, {"fields": ("code", "iso3")}),
        (_("Names"), {"fields": (("name_en", "name_ru", "name_zh"),)}),
        (
            _("Official names"),
            {"fields": ("official_name_en", "official_name_ru", "official_name_zh")},
        ),
    )

    def get_queryset(self, request):
        # The standing of every row of the list in the list's own query.
        return super().get_queryset(request).annotate_status_on(timezone.localdate())

    @admin.display(description=_("standing today"), ordering="status_on")
    def standing_today(self, state: State) -> str:
        status = getattr(state, "status_on", None)
        return Standing.Status(status).label if status else "—"

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Standing:
            super().save_formset(request, form, formset, change)
            return
        # The service, not formset.save(): one standing at a time, under the state's lock.
        for standing in formset.save(commit=False):
            standing._history_user = request.user
            services.standing_save(standing=standing)


@admin.register(Secretariat)
class SecretariatAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "seat_en", "host_state", "establishment_size", "opened_on")
    list_select_related = ("host_state",)
    fieldsets = (
        (None, {"fields": ("host_state", "opened_on", "establishment_size")}),
        (
            _("Names"),
            {"fields": (("name_en", "name_ru", "name_zh"), ("seat_en", "seat_ru", "seat_zh"))},
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # Technical staff are nationals of the host state: changing it would make every
        # technical appointment break that rule at once. The establishment size changes only
        # with the quota version that shares it out (the quota version page of staffing).
        return ("host_state", "establishment_size") if obj is not None else ()

    def has_add_permission(self, request) -> bool:
        # One Secretariat: the single-row constraint refuses a second one anyway.
        return super().has_add_permission(request) and not Secretariat.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_en", "name_ru", "name_zh", "position")
    list_editable = ("position",)
    search_fields = ("code", "name_en", "name_ru", "name_zh")
    prepopulated_fields = {"code": ("name_en",)}
    fieldsets = (
        (None, {"fields": ("code", "position")}),
        (_("Names"), {"fields": (("name_en", "name_ru", "name_zh"),)}),
        (_("Mandate"), {"fields": ("mandate_en", "mandate_ru", "mandate_zh")}),
    )


# What higher apps add to the person page, filled by them (staffing/admin.py: the
# appointments inline and the nationality check): this app knows none of their records.
# PERSON_INLINES are inline classes shown below the person; PERSON_CHECKS run, in the
# admin's transaction, on every add and change, given `person=`, and refuse it with a
# ValidationError.
PERSON_INLINES: list[type[admin.options.InlineModelAdmin]] = []
PERSON_CHECKS: list[Callable[..., None]] = []


def person_checks(*, person: Person) -> None:
    for check in PERSON_CHECKS:
        check(person=person)


@admin.register(Person)
class PersonAdmin(ServiceModelAdmin):
    list_display = ("name_latin", "name_original", "nationality", "is_fictional")
    list_filter = ("is_fictional", ("nationality", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("nationality",)
    search_fields = ("name_latin", "name_original", *(f"nationality__{f}" for f in STATE_SEARCH))
    autocomplete_fields = ("nationality",)
    fields = ("name_latin", "name_original", "nationality", "is_fictional")
    service_keyword = "person"
    check_with = staticmethod(person_checks)

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *PERSON_INLINES]


class TermAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    """Shared by the heads' and the deputies' terms."""

    list_display = ("person", "nominating_state", "start_date", "end_date")
    list_filter = (PeriodFilter, ("nominating_state", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("person", "nominating_state")
    search_fields = (*PERSON_SEARCH, *(f"nominating_state__{f}" for f in STATE_SEARCH), "decision")
    autocomplete_fields = ("person", "nominating_state")
    date_hierarchy = "start_date"


@admin.register(SecretaryGeneralTerm)
class SecretaryGeneralTermAdmin(TermAdmin):
    list_display = ("person", "title", "nominating_state", "start_date", "end_date")
    list_filter = ("title", *TermAdmin.list_filter)
    fields = ("person", "nominating_state", "title", "start_date", "end_date", "decision")
    service_keyword = "term"
    check_with = staticmethod(services.term_check)
    create_with = staticmethod(services.term_create)
    update_with = staticmethod(services.term_update)


@admin.register(DeputySecretaryGeneralTerm)
class DeputySecretaryGeneralTermAdmin(TermAdmin):
    fields = ("person", "nominating_state", "start_date", "end_date", "decision")
    service_keyword = "term"
    check_with = staticmethod(services.deputy_term_check)
    create_with = staticmethod(services.deputy_term_create)
    update_with = staticmethod(services.deputy_term_update)


@admin.register(PermanentRepresentative)
class PermanentRepresentativeAdmin(EndedNotDeletedMixin, ServiceModelAdmin):
    list_display = ("state", "person", "start_date", "end_date")
    list_filter = (PeriodFilter, ("state", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("state", "person")
    search_fields = (*PERSON_SEARCH, *(f"state__{f}" for f in STATE_SEARCH))
    autocomplete_fields = ("state", "person")
    date_hierarchy = "start_date"
    fields = ("state", "person", "start_date", "end_date")
    service_keyword = "representative"
    check_with = staticmethod(services.representative_check)
    create_with = staticmethod(services.representative_create)
    update_with = staticmethod(services.representative_update)


@admin.register(InternationalOrganisation)
class InternationalOrganisationAdmin(EndedNotDeletedMixin, SimpleHistoryAdmin):
    list_display = ("code", "acronym_en", "name_en", "name_ru", "name_zh")
    search_fields = ("code", "acronym_en", "acronym_ru", "acronym_zh", "name_en", "name_ru", "name_zh")
    fieldsets = (
        (None, {"fields": ("code",)}),
        (
            _("Names"),
            {"fields": (("name_en", "name_ru", "name_zh"), ("acronym_en", "acronym_ru", "acronym_zh"))},
        ),
    )
