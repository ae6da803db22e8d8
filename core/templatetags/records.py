"""Tags for any record's page: its History address, dates and a list's rows written fast."""

from django import template
from django.urls import reverse

from core import rendering
from core.dates import format_date

register = template.Library()


@register.simple_tag
def history_url(instance) -> str:
    """The address of a record's History page."""
    meta = instance._meta
    return reverse("record-history", args=[meta.app_label, meta.model_name, instance.pk])


@register.filter
def demo_badge(record) -> str:
    """The badge after a record made up for the demo (`core.rendering.demo_badge`)."""
    return rendering.demo_badge(record)


@register.filter
def short_date(day) -> str:
    """`day|date:"SHORT_DATE_FORMAT"`, for pages with hundreds of dates (core.dates)."""
    return format_date(day)


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> str:
    """The `<tr>` of a django-tables2 table's current page (core.rendering.table_rows)."""
    return rendering.table_rows(table, context)
