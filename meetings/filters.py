"""Filters of the meetings list and the drafts queue."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.lists import SearchFilter, YearFilter
from core.localized import localized_field
from secretariat.models import State

from .models import Body, Draft, Meeting, Step

ALL = _("All")


def bodies(request):
    return Body.objects.all()


def host_states(request):
    """States that hosted or will host a meeting, by the reader's name for them."""
    return State.objects.filter(Exists(Meeting.objects.filter(host_state=OuterRef("pk")))).order_by(
        localized_field("name")
    )


class MeetingFilter(django_filters.FilterSet):
    q = SearchFilter(
        fields=[
            "city_en",
            "city_ru",
            "city_zh",
            "title_en",
            "title_ru",
            "title_zh",
            "chair",
            "documents__title_en",
        ]
    )
    # By code, so that addresses read well: /meetings/?body=CHS
    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=bodies, to_field_name="code", empty_label=ALL
    )
    year = YearFilter(field_name="start_date")
    state = django_filters.ModelChoiceFilter(
        label=_("Host state"),
        field_name="host_state",
        queryset=host_states,
        to_field_name="code",
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Meeting.Status.choices, empty_label=ALL)

    class Meta:
        model = Meeting
        fields = ["q", "body", "year", "state", "status"]

    def filter_queryset(self, queryset):
        # A search in the titles of documents adopted joins them: one meeting, one row.
        rows = super().filter_queryset(queryset)
        return rows.distinct() if self.form.cleaned_data.get("q") else rows


class DraftFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["reference", "title_en", "title_ru", "title_zh"])
    step = django_filters.ChoiceFilter(label=_("Step"), choices=Step.choices, empty_label=ALL)
    closed = django_filters.BooleanFilter(
        label=_("Adopted and withdrawn too"), widget=forms.CheckboxInput, method="filter_closed"
    )

    class Meta:
        model = Draft
        fields = ["q", "step", "closed"]

    def filter_queryset(self, queryset):
        rows = super().filter_queryset(queryset)
        # The queue shows open drafts unless asked for all (or for a closed step by name).
        if not self.form.cleaned_data.get("closed") and not self.form.cleaned_data.get("step"):
            rows = rows.open()
        return rows

    def filter_closed(self, queryset, name, value):
        return queryset
