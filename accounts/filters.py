"""The access review's search box and choices."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.lists import SearchFilter
from core.roles import ROLE_LABELS

from .tables import DUE, FACTOR_LABELS, NOT_SET_UP, SET_UP

ALL = _("All")


class AccessFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["username", "first_name", "last_name", "email"])
    role = django_filters.ChoiceFilter(
        label=_("Role"), field_name="groups__name", choices=list(ROLE_LABELS.items()), empty_label=ALL
    )
    factor = django_filters.ChoiceFilter(
        label=_("Second factor"),
        choices=[(key, FACTOR_LABELS[key]) for key in (SET_UP, NOT_SET_UP, DUE)],
        method="filter_factor",
        empty_label=ALL,
    )

    def filter_factor(self, queryset, name, value):
        if value == SET_UP:
            return queryset.filter(has_factor=True)
        if value == DUE:
            return queryset.filter(has_factor=False, enrolment_due=True)
        return queryset.filter(has_factor=False, enrolment_due=False)
