"""Filters of the register and the certified-copies tracker."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import SearchFilter, YearFilter
from core.localized import localized_field
from meetings.models import Meeting
from secretariat.models import State

from .models import CertifiedCopy, Instrument, Notification, Participation

ALL = _("All")
IN_FORCE_CHOICES = (("yes", _("in force")), ("no", _("not in force")))


def meetings_with_instruments(request):
    return Meeting.objects.filter(Exists(Instrument.objects.filter(meeting=OuterRef("pk")))).select_related(
        "body"
    )


def parties(request):
    return State.objects.filter(Exists(Participation.objects.filter(state=OuterRef("pk")))).order_by(
        localized_field("name")
    )


class InstrumentFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["code", "title_en", "title_ru", "title_zh", "place_en", "place_ru", "place_zh"])
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Instrument.Kind.choices, empty_label=ALL)
    in_force = django_filters.ChoiceFilter(
        label=_("In force"), choices=IN_FORCE_CHOICES, empty_label=ALL, method="filter_in_force"
    )
    depositary = django_filters.ChoiceFilter(
        label=_("Depositary"), choices=Instrument.Depositary.choices, empty_label=ALL
    )
    year = YearFilter(field_name="signed_on")
    meeting = django_filters.ModelChoiceFilter(
        label=_("Meeting"), queryset=meetings_with_instruments, empty_label=ALL
    )
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), queryset=parties, to_field_name="code", empty_label=ALL, method="filter_party"
    )

    class Meta:
        model = Instrument
        fields = ["q", "kind", "in_force", "depositary", "year", "meeting", "party"]

    def filter_in_force(self, queryset, name, value):
        today = timezone.localdate()
        if value == "yes":
            return queryset.in_force(today)
        if value == "no":
            return queryset.not_in_force(today)
        return queryset

    def filter_party(self, queryset, name, value):
        return queryset.filter(Exists(Participation.objects.filter(instrument=OuterRef("pk"), state=value)))


class CertifiedCopyFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), widget=forms.CheckboxInput, method="filter_overdue"
    )
    pending = django_filters.BooleanFilter(
        label=_("Not sent only"), widget=forms.CheckboxInput, method="filter_pending"
    )

    class Meta:
        model = CertifiedCopy
        fields = ["overdue", "pending"]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_pending(self, queryset, name, value):
        return queryset.filter(Q(sent_on__isnull=True)) if value else queryset


class NotificationFilter(django_filters.FilterSet):
    year = YearFilter()

    class Meta:
        model = Notification
        fields = ["year"]
