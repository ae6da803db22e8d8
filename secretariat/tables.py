"""Tables of the Secretariat's list pages: what each column shows, sorts by and exports."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.lists import DateColumn, LinkedColumn, LocalizedColumn

from .models import (
    Department,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    Standing,
    State,
)

# ISO dates read the same in English, Russian and Chinese and sort as text.
ISO_DATE = "Y-m-d"
DATE_CELL = {"td": {"class": "date"}, "th": {"class": "date"}}

SERVING = _("serving")

STANDING_BADGES = {
    Standing.Status.MEMBER: "badge badge--ok",
    Standing.Status.OBSERVER: "badge",
    Standing.Status.DIALOGUE_PARTNER: "badge",
    Standing.Status.PARTNER: "badge",
}


class EndDateColumn(DateColumn):
    """The last day of a period; an open period shows a badge on screen and exports empty."""

    empty_values = ()

    def __init__(self, *, open_label=SERVING, **kwargs):
        self.open_label = open_label
        kwargs.setdefault("verbose_name", _("End"))
        kwargs.setdefault("attrs", DATE_CELL)
        super().__init__(format=ISO_DATE, **kwargs)

    def render(self, value, **kwargs):
        if value is None:
            return format_html('<span class="badge badge--ok">{}</span>', self.open_label)
        return super().render(value=value, **kwargs)

    def value(self, value, **kwargs):
        return "" if value is None else value.isoformat()


class StateTable(tables.Table):
    name = LocalizedColumn(verbose_name=_("State"), url=lambda record: record.get_absolute_url())
    code = tables.Column(verbose_name=_("ISO code"))
    iso3 = tables.Column(verbose_name=_("ISO alpha-3"))
    status_on = tables.Column(verbose_name=_("Standing today"), default="—")

    class Meta:
        model = State
        fields = ("name", "code", "iso3", "status_on")
        empty_text = _("No state matches these filters.")

    def render_status_on(self, value: str):
        status = Standing.Status(value)
        return format_html('<span class="{}">{}</span>', STANDING_BADGES[status], status.label)

    def value_status_on(self, value: str | None) -> str:
        return str(Standing.Status(value).label) if value else ""


class DepartmentTable(tables.Table):
    position = tables.Column(verbose_name=_("No."), attrs={"td": {"class": "num"}})
    name = LocalizedColumn(verbose_name=_("Department"), url=lambda record: record.get_absolute_url())
    code = tables.Column(verbose_name=_("Code"))
    mandate = LocalizedColumn(
        "mandate",
        verbose_name=_("Mandate"),
        default="",
        attrs={"td": {"class": "prose"}},
    )

    class Meta:
        model = Department
        fields = ("position", "name", "code", "mandate")
        empty_text = _("No department matches these filters.")

    def render_mandate(self, value: str) -> str:
        # The page shows the start of the mandate; the export keeps all of it.
        return Truncator(value).words(24)

    def value_mandate(self, value: str) -> str:
        return value


class PersonTable(tables.Table):
    name_latin = LinkedColumn(
        verbose_name=_("Name (Latin script)"), url=lambda record: record.get_absolute_url()
    )
    name_original = tables.Column(
        verbose_name=_("Name (original script)"), attrs={"td": {"class": "original-script"}}
    )
    nationality = LocalizedColumn(
        "nationality__name",
        verbose_name=_("Nationality"),
        url=lambda record: record.nationality.get_absolute_url(),
    )
    is_fictional = tables.Column(verbose_name=_("Fictional"))

    class Meta:
        model = Person
        fields = ("name_latin", "name_original", "nationality", "is_fictional")
        empty_text = _("No person matches these filters.")

    def render_is_fictional(self, value: bool):
        if not value:
            return ""
        return format_html('<span class="badge badge--fictional">{}</span>', gettext("fictional"))

    def value_is_fictional(self, value: bool) -> str:
        return gettext("yes") if value else gettext("no")


class TermTable(tables.Table):
    person = LinkedColumn(
        accessor="person__name_latin",
        order_by=("person__name_latin",),
        verbose_name=_("Person"),
        url=lambda record: record.get_absolute_url(),
    )
    nominating_state = LocalizedColumn(
        "nominating_state__name",
        verbose_name=_("Nominating state"),
        url=lambda record: record.nominating_state.get_absolute_url(),
    )
    title = tables.Column(verbose_name=_("Title held"))
    start_date = DateColumn(format=ISO_DATE, attrs=DATE_CELL, verbose_name=_("Start"))
    end_date = EndDateColumn(open_label=_("in office"))
    decision = tables.Column(verbose_name=_("Approving decision"), default="")

    class Meta:
        model = SecretaryGeneralTerm
        fields = ("person", "nominating_state", "title", "start_date", "end_date", "decision")
        empty_text = _("No term matches these filters.")


class DeputyTable(tables.Table):
    person = LinkedColumn(
        accessor="person__name_latin",
        order_by=("person__name_latin",),
        verbose_name=_("Person"),
        url=lambda record: record.person.get_absolute_url(),
    )
    nominating_state = LocalizedColumn(
        "nominating_state__name",
        verbose_name=_("Nominating state"),
        url=lambda record: record.nominating_state.get_absolute_url(),
    )
    start_date = DateColumn(format=ISO_DATE, attrs=DATE_CELL, verbose_name=_("Start"))
    end_date = EndDateColumn(open_label=_("in office"))
    decision = tables.Column(verbose_name=_("Approving decision"), default="")

    class Meta:
        model = DeputySecretaryGeneralTerm
        fields = ("person", "nominating_state", "start_date", "end_date", "decision")
        empty_text = _("No deputy term matches these filters.")


class RepresentativeTable(tables.Table):
    state = LocalizedColumn(
        "state__name",
        verbose_name=_("State"),
        url=lambda record: record.state.get_absolute_url(),
    )
    person = LinkedColumn(
        accessor="person__name_latin",
        order_by=("person__name_latin",),
        verbose_name=_("Permanent representative"),
        url=lambda record: record.person.get_absolute_url(),
    )
    name_original = tables.Column(
        accessor="person__name_original",
        verbose_name=_("Name (original script)"),
        attrs={"td": {"class": "original-script"}},
        default="",
    )
    start_date = DateColumn(format=ISO_DATE, attrs=DATE_CELL, verbose_name=_("Notice received"))
    end_date = EndDateColumn()
    actions = tables.Column(verbose_name="", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        model = PermanentRepresentative
        fields = ("state", "person", "name_original", "start_date", "end_date", "actions")
        empty_text = _("No representative matches these filters.")

    def render_actions(self, record: PermanentRepresentative):
        # Shown only to users who may change representatives (the view drops the column
        # for everyone else), and only while the term is open.
        if record.end_date is not None:
            return ""
        return format_html(
            '<a class="button button--small" href="{}">{}</a>',
            reverse("secretariat:representative-end", args=[record.pk]),
            gettext("End term"),
        )
