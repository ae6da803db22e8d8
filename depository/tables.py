"""Tables of the register and the certified-copies tracker: what each column shows, sorts by, exports."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.lists import LinkedColumn, LocalizedColumn
from core.rendering import demo_badge
from meetings.tables import confidence_badge

from .models import CertifiedCopy, Instrument, Notification

DATE_CELL = {"td": {"class": "date"}, "th": {"class": "date"}}


class InstrumentTable(tables.Table):
    signed_on = tables.Column(verbose_name=_("Signed"), attrs=DATE_CELL)
    title = LocalizedColumn("title", verbose_name=_("Title"), url=lambda record: record.get_absolute_url())
    kind = tables.Column(verbose_name=_("Kind"))
    place = LocalizedColumn("place", verbose_name=_("Place"), default="")
    depositary = tables.Column(
        verbose_name=_("Depositary"), order_by=("depositary", "depositary_state__code")
    )
    entry_into_force = tables.Column(verbose_name=_("Entry into force"), attrs=DATE_CELL)
    confidence = tables.Column(verbose_name=_("Confidence"))

    class Meta:
        model = Instrument
        fields = ("signed_on", "title", "kind", "place", "depositary", "entry_into_force", "confidence")
        empty_text = _("No instrument matches these filters.")

    def render_signed_on(self, record: Instrument) -> str:
        return record.signed_display or gettext("not recorded")

    def value_signed_on(self, record: Instrument) -> str:
        return record.signed_on.isoformat() if record.signed_on else ""

    def render_kind(self, record: Instrument) -> str:
        return record.get_kind_display()

    def value_kind(self, record: Instrument) -> str:
        return record.get_kind_display()

    def render_depositary(self, record: Instrument) -> str:
        return record.depositary_display

    def value_depositary(self, record: Instrument) -> str:
        return record.depositary_display

    def render_entry_into_force(self, record: Instrument):
        if record.entry_into_force is None:
            return format_html('<span class="muted">{}</span>', gettext("not recorded"))
        return record.entry_into_force_display

    def value_entry_into_force(self, record: Instrument) -> str:
        return record.entry_into_force.isoformat() if record.entry_into_force else ""

    def render_confidence(self, record: Instrument):
        return confidence_badge(record.confidence)

    def value_confidence(self, record: Instrument) -> str:
        return record.confidence


class CertifiedCopyTable(tables.Table):
    instrument = LinkedColumn(
        verbose_name=_("Instrument"),
        url=lambda record: record.instrument.get_absolute_url(),
        order_by="instrument__signed_on",
    )
    recipient = tables.Column(verbose_name=_("Recipient"), order_by=("recipient", "state__name_ru"))
    originals_received_on = tables.DateColumn(
        verbose_name=_("Originals received"), format="Y-m-d", attrs=DATE_CELL
    )
    due_on = tables.DateColumn(verbose_name=_("Due"), format="Y-m-d", attrs=DATE_CELL)
    sent_on = tables.Column(verbose_name=_("Sent"), attrs=DATE_CELL, empty_values=())

    class Meta:
        model = CertifiedCopy
        fields = ("instrument", "recipient", "originals_received_on", "due_on", "sent_on")
        empty_text = _("No certified copy matches these filters.")

    def render_instrument(self, record: CertifiedCopy):
        return format_html(
            '<a href="{}">{}</a>{}',
            record.instrument.get_absolute_url(),
            record.instrument.title,
            demo_badge(record),
        )

    def value_instrument(self, record: CertifiedCopy) -> str:
        return record.instrument.title

    def render_recipient(self, record: CertifiedCopy) -> str:
        return record.recipient_display

    def value_recipient(self, record: CertifiedCopy) -> str:
        return str(record.recipient_display)

    def render_sent_on(self, record: CertifiedCopy):
        if record.sent_on:
            return record.sent_on.isoformat()
        if record.is_overdue(timezone.localdate()):
            status = format_html('<span class="badge badge--warn">{}</span>', gettext("overdue"))
        else:
            status = format_html('<span class="badge">{}</span>', gettext("due"))
        request = getattr(self, "request", None)
        if request is None or not request.user.has_perm("depository.change_certifiedcopy"):
            return status
        return format_html(
            '{} <a href="{}">{}</a>',
            status,
            reverse("depository:copy-sent", args=[record.pk]),
            gettext("Record as sent"),
        )

    def value_sent_on(self, record: CertifiedCopy) -> str:
        if record.sent_on:
            return record.sent_on.isoformat()
        return gettext("overdue") if record.is_overdue(timezone.localdate()) else ""


class NotificationTable(tables.Table):
    reference = tables.Column(verbose_name=_("Reference"), order_by=("year", "number"), empty_values=())
    issued_on = tables.DateColumn(verbose_name=_("Issued on"), format="Y-m-d", attrs=DATE_CELL)
    events = tables.Column(verbose_name=_("Events reported"), orderable=False, empty_values=())
    print_links = tables.TemplateColumn(
        template_name="depository/_notification_print_links.html",
        verbose_name=_("Print"),
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Notification
        fields = ("reference", "issued_on", "events", "print_links")
        order_by = ("-issued_on",)
        empty_text = _("No notification issued.")

    def render_reference(self, record: Notification):
        return format_html(
            '<a href="{}">{}</a>{}', record.get_absolute_url(), record.reference, demo_badge(record)
        )

    def value_reference(self, record: Notification) -> str:
        return record.reference

    def render_events(self, record: Notification):
        items = format_html_join("", "<li>{}</li>", ((_event_line(e),) for e in record.events.all()))
        return format_html('<ul class="plain">{}</ul>', items)

    def value_events(self, record: Notification) -> str:
        return "; ".join(_event_line(e) for e in record.events.all())


def _event_line(event) -> str:
    """An event as a notification reports it: what, by whom (when a party acted), under which
    instrument: "ratification · Kazakhstan · Agreement on …"."""
    right_date = (
        gettext("Right date: %(day)s") % {"day": event.corrected_display} if event.corrected_on else ""
    )
    parts = [
        event.get_kind_display(),
        str(event.party) if event.party else "",
        right_date,
        event.instrument.title,
    ]
    return " · ".join(part for part in parts if part)
