from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def history_url(instance) -> str:
    """The address of a record's History page."""
    meta = instance._meta
    return reverse("record-history", args=[meta.app_label, meta.model_name, instance.pk])
