"""Filters of the Secretariat's list pages: each list's search box and choices."""

from __future__ import annotations

import django_filters
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from core.lists import SearchFilter
from core.localized import localized_order

from .models import (
    Department,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    Standing,
    State,
)

NAMES_IN_EVERY_SCRIPT = [
    "name_en",
    "name_ru",
    "name_zh",
    "official_name_en",
    "official_name_ru",
    "official_name_zh",
]
NO_STANDING = "none"
ALL = _("All")


def states_in_reader_order(request) -> QuerySet[State]:
    """Choices of a state filter, sorted by the name the reader sees, as the reader's language sorts."""
    return State.objects.order_by(localized_order("name"))


def nominating_states(model: type[models.Model]):
    """Choices of a nominating-state filter: the states that nominated someone, as the admin
    offers them (a handful, not every state the SCO knows: a shorter list to draw)."""

    def choices(request) -> QuerySet[State]:
        return states_in_reader_order(request).filter(
            Exists(model.objects.filter(nominating_state=OuterRef("pk")))
        )

    return choices


class CurrentOnlyFilter(django_filters.BooleanFilter):
    """A checkbox: ticked shows only the periods running today; unticked shows all."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Current only"))
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        return queryset.current() if value else queryset


class StateFilter(django_filters.FilterSet):
    q = SearchFilter(fields=[*NAMES_IN_EVERY_SCRIPT, "code", "iso3"])
    standing = django_filters.ChoiceFilter(
        label=_("Standing today"),
        choices=[*Standing.Status.choices, (NO_STANDING, _("none"))],
        method="filter_standing",
        empty_label=ALL,
    )

    class Meta:
        model = State
        fields = ["q", "standing"]

    def filter_standing(self, queryset, name: str, value: str):
        # `status_on` is the view's annotation: the standing on the day of the page.
        if value == NO_STANDING:
            return queryset.filter(status_on__isnull=True)
        return queryset.filter(status_on=value)


class DepartmentFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name_en", "name_ru", "name_zh", "code"])

    class Meta:
        model = Department
        fields = ["q"]


class PersonFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["name_latin", "name_original"])
    nationality = django_filters.ModelChoiceFilter(
        label=_("Nationality"), queryset=states_in_reader_order, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=_("Real or fictional"),
        choices=[("real", _("real people")), ("fictional", _("fictional (demo data)"))],
        method="filter_kind",
        empty_label=ALL,
    )

    class Meta:
        model = Person
        fields = ["q", "nationality", "kind"]

    def filter_kind(self, queryset, name: str, value: str):
        return queryset.filter(is_fictional=value == "fictional")


class TermFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["person__name_latin", "person__name_original", "decision"])
    nominating_state = django_filters.ModelChoiceFilter(
        label=_("Nominating state"), queryset=nominating_states(SecretaryGeneralTerm), empty_label=ALL
    )
    title = django_filters.ChoiceFilter(
        label=_("Title held"), choices=SecretaryGeneralTerm.Title.choices, empty_label=ALL
    )

    class Meta:
        model = SecretaryGeneralTerm
        fields = ["q", "nominating_state", "title"]


class DeputyFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["person__name_latin", "person__name_original", "decision"])
    nominating_state = django_filters.ModelChoiceFilter(
        label=_("Nominating state"), queryset=nominating_states(DeputySecretaryGeneralTerm), empty_label=ALL
    )
    current = CurrentOnlyFilter()

    class Meta:
        model = DeputySecretaryGeneralTerm
        fields = ["q", "nominating_state", "current"]


class RepresentativeFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["person__name_latin", "person__name_original"])
    state = django_filters.ModelChoiceFilter(
        label=_("State"), queryset=states_in_reader_order, empty_label=ALL
    )
    current = CurrentOnlyFilter()

    class Meta:
        model = PermanentRepresentative
        fields = ["q", "state", "current"]
