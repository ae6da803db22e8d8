"""Tables of the meetings list and the drafts queue: what each column shows, sorts by, exports."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from core.lists import DateColumn, LinkedColumn, LocalizedColumn
from core.rendering import demo_badge

from .models import Confidence, Draft, Meeting

ISO_DATE = "Y-m-d"
DATE_CELL = {"td": {"class": "date"}, "th": {"class": "date"}}
NUM = {"td": {"class": "num"}, "th": {"class": "num"}}

STATUS_BADGES = {
    Meeting.Status.PLANNED: "badge",
    Meeting.Status.HELD: "badge badge--ok",
    Meeting.Status.CANCELLED: "badge badge--warn",
}
CONFIDENCE_BADGES = {
    Confidence.VERIFIED: "badge badge--ok",
    Confidence.SINGLE_SOURCE: "badge",
    Confidence.UNCERTAIN: "badge badge--warn",
}


def confidence_badge(value: str) -> str:
    """[V], [S] or [U], its meaning on hover: the reference notes' flags, shown as they are."""
    return format_html(
        '<span class="{}" title="{}">[{}]</span>',
        CONFIDENCE_BADGES.get(value, "badge"),
        Confidence(value).label,
        value,
    )


class MeetingTable(tables.Table):
    start_date = LinkedColumn(
        verbose_name=_("Dates"), attrs=DATE_CELL, url=lambda record: record.get_absolute_url()
    )
    body = LocalizedColumn("body__name", verbose_name=_("Body"))
    number = tables.Column(verbose_name=_("No."), attrs=NUM, default="")
    city = LocalizedColumn("city", verbose_name=_("City"), default="")
    host_state = LocalizedColumn("host_state__name", verbose_name=_("Host state"), default="")
    format = tables.Column(verbose_name=_("Format"))
    status = tables.Column(verbose_name=_("Status"))
    confidence = tables.Column(verbose_name=_("Confidence"))

    class Meta:
        model = Meeting
        fields = ("start_date", "body", "number", "city", "host_state", "format", "status", "confidence")
        empty_text = _("No meeting matches these filters.")

    def render_start_date(self, record: Meeting):
        fictional = demo_badge(record)
        return format_html(
            '<a href="{}">{}</a>{}', record.get_absolute_url(), record.dates_display, fictional
        )

    def value_start_date(self, record: Meeting) -> str:
        return record.dates_iso

    def render_status(self, record: Meeting):
        return format_html(
            '<span class="{}">{}</span>', STATUS_BADGES[record.status], record.get_status_display()
        )

    def value_status(self, record: Meeting) -> str:
        return record.get_status_display()

    def render_confidence(self, record: Meeting):
        return confidence_badge(record.confidence)

    def value_confidence(self, record: Meeting) -> str:
        return f"[{record.confidence}]"


class DraftTable(tables.Table):
    reference = LinkedColumn(verbose_name=_("Reference"), url=lambda record: record.get_absolute_url())
    title = LocalizedColumn("title", verbose_name=pgettext_lazy("draft", "Title"))
    proposers = tables.Column(verbose_name=_("Proposed by"), empty_values=(), orderable=False)
    step = tables.Column(verbose_name=_("Step"))
    step_since = DateColumn(
        format=ISO_DATE, attrs=DATE_CELL, verbose_name=pgettext_lazy("review step", "Since")
    )
    target_meeting = tables.Column(
        verbose_name=_("Target meeting"), order_by=("target_meeting__start_date",), default="—"
    )
    deadline = tables.Column(
        verbose_name=_("Materials due"),
        empty_values=(),
        order_by=("target_meeting__start_date",),
        attrs=DATE_CELL,
    )
    days_left = tables.Column(verbose_name=_("Days left"), empty_values=(), orderable=False, attrs=NUM)

    class Meta:
        model = Draft
        fields = (
            "reference",
            "title",
            "proposers",
            "step",
            "step_since",
            "target_meeting",
            "deadline",
            "days_left",
        )
        empty_text = _("No draft matches these filters.")

    def render_proposers(self, record: Draft) -> str:
        return ", ".join(str(proposer.state) for proposer in record.proposers.all())

    def render_step(self, record: Draft):
        css = "badge badge--ok" if record.step == "adopted" else "badge"
        return format_html('<span class="{}">{}</span>', css, record.get_step_display())

    def value_step(self, record: Draft) -> str:
        return record.get_step_display()

    def render_target_meeting(self, record: Draft):
        meeting = record.target_meeting
        return format_html('<a href="{}">{}</a>', meeting.get_absolute_url(), meeting)

    def value_target_meeting(self, record: Draft) -> str:
        return str(record.target_meeting) if record.target_meeting_id else ""

    def render_deadline(self, record: Draft) -> str:
        deadline = record.target_meeting.materials_deadline if record.target_meeting_id else None
        return deadline.isoformat() if deadline else "—"

    def value_deadline(self, record: Draft) -> str:
        deadline = record.target_meeting.materials_deadline if record.target_meeting_id else None
        return deadline.isoformat() if deadline else ""

    def render_days_left(self, record: Draft):
        days = record.days_left(timezone.localdate())
        if days is None or not record.is_open:
            return "—"
        if days < 0:
            text = ngettext("%(days)s day past", "%(days)s days past", -days) % {"days": -days}
            return format_html('<span class="badge badge--bad">{}</span>', text)
        css = "badge badge--warn" if days <= 7 else "badge"
        return format_html('<span class="{}">{}</span>', css, days)

    def value_days_left(self, record: Draft) -> str:
        days = record.days_left(timezone.localdate())
        return "" if days is None or not record.is_open else str(days)
