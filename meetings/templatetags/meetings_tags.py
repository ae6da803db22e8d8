"""Small pieces of the meetings pages: the confidence flag and a material's status badge."""

from django import template
from django.utils.html import format_html

from ..models import MaterialStatus
from ..tables import confidence_badge

register = template.Library()

STATUS_CSS = {
    MaterialStatus.ON_TIME: "badge badge--ok",
    MaterialStatus.LATE: "badge badge--bad",
    MaterialStatus.OVERDUE: "badge badge--bad",
    MaterialStatus.EXCEPTED: "badge badge--warn",
    MaterialStatus.DUE: "badge",
    MaterialStatus.NO_DEADLINE: "badge",
}


@register.filter
def confidence(value: str) -> str:
    return confidence_badge(value)


@register.filter
def material_status(status: str) -> str:
    return format_html(
        '<span class="{}" data-status="{}">{}</span>',
        STATUS_CSS[status],
        status,
        MaterialStatus(status).label,
    )
