"""Filters of the partners list and the organisations list."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import KeptDateFormField
from core.lists import SearchFilter
from secretariat.models import InternationalOrganisation, Standing

ALL = _("All")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class KeptDateFilter(django_filters.DateFilter):
    field_class = KeptDateFormField


class PartnerFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["state__name_en", "state__name_ru", "state__name_zh", "state__code"])
    on = KeptDateFilter(
        label=_("Standing on the day"),
        method="filter_on",
        widget=DATE_WIDGET,
    )
    status = django_filters.ChoiceFilter(
        label=_("Standing"), choices=Standing.Status.choices, empty_label=ALL
    )

    class Meta:
        model = Standing
        fields = ["q", "on", "status"]

    def filter_on(self, queryset, name, value):
        return queryset.on(value)


class OrganisationFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=["code", "name_en", "name_ru", "name_zh", "acronym_en", "acronym_ru", "acronym_zh"]
    )
    on = KeptDateFilter(
        label=_("Status on the day"),
        method="keep_all",
        widget=DATE_WIDGET,
    )
    in_force = django_filters.ChoiceFilter(
        label=_("Cooperation in force on the day"),
        choices=(("yes", _("yes")), ("no", _("no"))),
        empty_label=ALL,
        method="filter_in_force",
    )

    class Meta:
        model = InternationalOrganisation
        fields = ["q", "on", "in_force"]

    def keep_all(self, queryset, name, value):
        # The day only sets when the instruments' status is read (the view's `on`).
        return queryset

    def filter_in_force(self, queryset, name, value):
        return queryset.filter(has_in_force=value == "yes")
