"""The main navigation: the dashboard, the app's sections and the pages of each.

The top row lists the sections; the row below it lists the pages of the section the reader
is in. One place for every entry: a new list page is added here, not in a template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import ResolverMatch, reverse
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
            # The reader's own address of the meetings feed, for a calendar program.
            ("meetings:calendar-address", _("My calendar address")),
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


def section_of(match: ResolverMatch | None) -> Section | None:
    """The section a page belongs to, by its URL namespace; None for the dashboard, the
    history pages and the accounts' pages."""
    if match is None:
        return None
    return next((section for section in SECTIONS if match.namespace in section.namespaces), None)


def page_of(section: Section, match: ResolverMatch, path: str) -> str | None:
    """The URL name of the section's page this page belongs to: the page itself, else the one
    whose address is the longest start of this page's ("/depository/" for an instrument's act
    form, "/depository/copies/" for a copy), else, for the overview's records, the list of
    their kind (a state's page belongs to the states)."""
    if any(url_name == match.view_name for url_name, _label in section.pages):
        return match.view_name
    addresses = {name: reverse(name) for name, _label in section.pages}
    starts = [(len(address), name) for name, address in addresses.items() if path.startswith(address)]
    if starts:
        return max(starts)[1]
    kind = match.url_name.split("-")[0]
    return next((name for name, _label in section.pages if name.split(":")[1].split("-")[0] == kind), None)
