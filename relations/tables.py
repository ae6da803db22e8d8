"""Tables of the partners list and the organisations list: what each column shows, sorts by, exports."""

from __future__ import annotations

from datetime import date

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.lists import LocalizedColumn
from secretariat.models import InternationalOrganisation, Standing

from .models import STATUS_LABELS, cooperation_line

DATE_CELL = {"td": {"class": "date"}, "th": {"class": "date"}}


def basis_of(standing: Standing):
    """The standing's basis read with it (select_related), or None when none is recorded."""
    return standing.basis if hasattr(standing, "basis") else None


class PartnerTable(tables.Table):
    state = LocalizedColumn(
        "state__name", verbose_name=_("State"), url=lambda record: record.state.get_absolute_url()
    )
    status = tables.Column(verbose_name=_("Standing"))
    start_date = tables.Column(verbose_name=_("From"), attrs=DATE_CELL)
    end_date = tables.Column(verbose_name=_("To"), attrs=DATE_CELL, default="—")
    decision = tables.Column(verbose_name=_("Decision"), empty_values=(), orderable=False)
    memorandum = tables.Column(verbose_name=_("Memorandum"), empty_values=(), orderable=False)

    class Meta:
        model = Standing
        fields = ("state", "status", "start_date", "end_date", "decision", "memorandum")
        empty_text = _("No standing matches these filters.")

    def render_status(self, record: Standing) -> str:
        return format_html(
            '<span class="status-dot status-dot--{}"></span>{}', record.status, record.get_status_display()
        )

    def value_status(self, record: Standing) -> str:
        return record.get_status_display()

    def render_start_date(self, value: date) -> str:
        return value.isoformat()

    def render_end_date(self, value: date) -> str:
        return value.isoformat()

    def value_decision(self, record: Standing) -> str:
        basis = basis_of(record)
        if basis is None:
            return ""
        meeting = basis.meeting if basis.meeting_id else None
        parts = [
            meeting.name if meeting else "",
            meeting.city if meeting else "",
            basis.decision_number,
            basis.decided_display,
        ]
        return ", ".join(part for part in parts if part)

    def render_decision(self, record: Standing):
        basis = basis_of(record)
        if basis is None or not (basis.meeting_id or basis.decided_on):
            return format_html('<span class="muted">{}</span>', gettext("not recorded"))
        if basis.meeting_id:
            return format_html(
                '<a href="{}">{}</a> <span class="muted">{}</span>',
                basis.meeting.get_absolute_url(),
                basis.meeting.city or basis.meeting.name,
                basis.decided_display,
            )
        return basis.decided_display

    def value_memorandum(self, record: Standing) -> str:
        basis = basis_of(record)
        if basis is None or not basis.instrument_id:
            return ""
        return f"{basis.instrument.title} ({basis.instrument.signed_display or gettext('not recorded')})"

    def render_memorandum(self, record: Standing):
        basis = basis_of(record)
        if basis is None or not basis.instrument_id:
            return "—"
        return format_html(
            '<a href="{}">{}</a> <span class="muted">{}</span>',
            basis.instrument.get_absolute_url(),
            gettext("memorandum"),
            basis.instrument.signed_display or gettext("not recorded"),
        )


class OrganisationTable(tables.Table):
    name = LocalizedColumn(
        "name", verbose_name=_("Organisation"), url=lambda record: record.get_absolute_url()
    )
    acronym = LocalizedColumn("acronym", verbose_name=_("Acronym"), default="")
    instruments = tables.Column(verbose_name=_("Cooperation instruments"), empty_values=(), orderable=False)
    in_force = tables.Column(verbose_name=_("In force on the day"), empty_values=(), orderable=False)

    class Meta:
        model = InternationalOrganisation
        fields = ("name", "acronym", "instruments", "in_force")
        empty_text = _("No organisation matches these filters.")

    def __init__(self, *args, on: date, **kwargs):
        self.on = on
        super().__init__(*args, **kwargs)

    def render_instruments(self, record: InternationalOrganisation):
        if not record.cooperation:
            return format_html('<span class="muted">{}</span>', gettext("none recorded"))
        return format_html(
            '<ul class="plain">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{}</a> <span class="muted">{}</span> '
                '<span class="badge badge--{}">{}</span></li>',
                (
                    (
                        row.instrument.get_absolute_url(),
                        row.instrument.title,
                        row.instrument.signed_display or gettext("not recorded"),
                        row.instrument.term_status(self.on),
                        STATUS_LABELS[row.instrument.term_status(self.on)],
                    )
                    for row in record.cooperation
                ),
            ),
        )

    def value_instruments(self, record: InternationalOrganisation) -> str:
        return "; ".join(cooperation_line(row.instrument, self.on) for row in record.cooperation)

    def render_in_force(self, record: InternationalOrganisation) -> str:
        return gettext("yes") if record.has_in_force else gettext("no")

    def value_in_force(self, record: InternationalOrganisation) -> str:
        return self.render_in_force(record)
