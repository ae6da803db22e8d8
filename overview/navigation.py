"""The main navigation: the dashboard, the app's sections and the pages of each.

The top row lists the sections; the row below it lists the pages of the section the reader
is in. One place for every entry: a new list page is added here, not in a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import ResolverMatch
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    """A section of the app: its label, its pages as (URL name, label), the first one its
    entry, and the URL namespaces whose pages belong to it."""

    label: Promise
    pages: tuple[tuple[str, Promise], ...]
    namespaces: frozenset[str]


SECTIONS = (
    Section(
        _("Staffing"),
        (
            ("staffing:staffing-table", _("Staffing table")),
            ("staffing:quota-report", _("Quota report")),
            ("staffing:post-list", _("Posts")),
            ("staffing:appointment-list", _("Appointments")),
            ("staffing:technical-list", _("Technical staff")),
        ),
        frozenset({"staffing"}),
    ),
    Section(
        _("Secretariat"),
        (
            ("secretariat:person-list", _("People")),
            ("secretariat:state-list", _("States")),
            ("secretariat:department-list", _("Departments")),
            ("secretariat:term-list", _("Secretaries-General")),
            ("secretariat:deputy-list", _("Deputies")),
            ("secretariat:representative-list", _("Representatives")),
        ),
        # The pages of a state, a department and a person (overview) show the Secretariat's records.
        frozenset({"secretariat", "overview"}),
    ),
    Section(
        _("Meetings"),
        (
            ("meetings:meeting-list", _("Meetings")),
            ("meetings:presidency-timeline", _("Presidencies")),
            ("meetings:draft-queue", _("Drafts")),
        ),
        frozenset({"meetings"}),
    ),
    Section(
        _("Depository"),
        (
            ("depository:instrument-list", _("SCO instruments")),
            ("depository:copy-list", _("Certified copies")),
            ("depository:notification-list", _("Notifications")),
        ),
        frozenset({"depository"}),
    ),
    Section(
        _("Relations"),
        (
            ("relations:timeline", _("Standings over time")),
            ("relations:partner-list", _("Partners list")),
            ("relations:organisation-list", _("Organisations")),
        ),
        frozenset({"relations"}),
    ),
)

# A record's page belongs to the list of its kind: the state page (overview) to the states.
_LIST_OF_NAMESPACE = {"overview": "secretariat"}


def section_of(match: ResolverMatch | None) -> Section | None:
    """The section a page belongs to, by its URL namespace; None for the dashboard, the
    history pages and the accounts' pages."""
    if match is None:
        return None
    return next((section for section in SECTIONS if match.namespace in section.namespaces), None)


def is_within(match: ResolverMatch, url_name: str) -> bool:
    """Whether the page is the list `url_name` or one of its records or forms: same namespace
    (the overview's as the Secretariat's) and the same kind, the name's first word
    ("post-detail" and "post-list")."""
    namespace, name = url_name.split(":")
    here = _LIST_OF_NAMESPACE.get(match.namespace, match.namespace)
    return here == namespace and match.url_name.split("-")[0] == name.split("-")[0]
