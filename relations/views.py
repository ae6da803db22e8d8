"""Pages of the relations: the partners timeline, the partners list, the organisations list and an
organisation's page."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.lists import RecordListView
from core.localized import language_suffix
from core.text import sort_key
from core.views import as_of_date, requested_date
from secretariat.models import Standing

from . import queries
from .filters import OrganisationFilter, PartnerFilter
from .models import PARTNER_STATUSES, STATUS_LABELS, organisations
from .tables import OrganisationTable, PartnerTable
from .timeline import partners_timeline

SOURCES_NOTICE = _(
    "Dates as the sources give them: a date known only to its month or year is shown so; what no "
    "source gives is “not recorded”. Observers and dialogue partners became SCO partners on "
    "1 September 2025 (Tianjin)."
)


def lane_order(standings: list[Standing]) -> list[Standing]:
    """Each state's standings together, the states in the order they first had one (the founders
    first, then Mongolia, the 2005 observers …), then by name."""
    first: dict[int, date] = {}
    for standing in standings:
        first[standing.state_id] = min(first.get(standing.state_id, standing.start_date), standing.start_date)
    return sorted(standings, key=lambda s: (first[s.state_id], name_order(s), s.start_date))


def name_order(standing: Standing) -> str:
    """The key of the standing's state name in the reader's language, as ICU sorts it
    (core.text): Russian by its alphabet, Chinese by pinyin, English alphabetically."""
    return sort_key(standing.state.name, language_suffix())


class TimelineView(PermissionRequiredMixin, TemplateView):
    permission_required = "secretariat.view_standing"
    raise_exception = True
    template_name = "relations/timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        on = as_of_date(self.request, "on")
        standings = lane_order(list(queries.standings_for_timeline()))
        current = [standing for standing in standings if standing.is_on(on)]
        counts = Counter(standing.status for standing in current)
        partners = [standing for standing in current if standing.status in PARTNER_STATUSES]
        context.update(
            on=on,
            chart=partners_timeline(standings, today, on),
            counts=[(status, counts.get(status.value, 0)) for status in Standing.Status],
            partners=sorted(partners, key=lambda s: (s.status, name_order(s))),
            notice=SOURCES_NOTICE,
        )
        return context


class PartnerListView(RecordListView):
    permission_required = "secretariat.view_standing"
    table_class = PartnerTable
    filterset_class = PartnerFilter
    title = _("Partners: standings over time")
    export_name = "partners"
    notice = SOURCES_NOTICE

    def get_queryset(self):
        return queries.standings_for_partner_list()


class OrganisationListView(RecordListView):
    permission_required = "secretariat.view_internationalorganisation"
    table_class = OrganisationTable
    filterset_class = OrganisationFilter
    title = _("International organisations")
    export_name = "organisations"
    notice = _(
        "Cooperation instruments (memoranda of understanding, joint declarations) are depository "
        "instruments whose party is the organisation. A memorandum whose term has ended is expired, "
        "not in force. The status is read on the day chosen (today unless another is given)."
    )

    def dispatch(self, request, *args, **kwargs):
        self.on = requested_date(request, "on") or timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return organisations().with_instruments().annotate_in_force(self.on)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "on": self.on}


class OrganisationDetailView(PermissionRequiredMixin, TemplateView):
    permission_required = "secretariat.view_internationalorganisation"
    raise_exception = True
    template_name = "relations/organisation_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        on = as_of_date(self.request, "on")
        organisation = get_object_or_404(organisations().with_instruments(), code=kwargs["code"])
        context.update(
            organisation=organisation,
            on=on,
            rows=[
                {
                    "participation": row,
                    "instrument": row.instrument,
                    "status": row.instrument.term_status(on),
                    "status_label": STATUS_LABELS[row.instrument.term_status(on)],
                }
                for row in organisation.cooperation
            ],
        )
        return context
