"""A person's name as lists and pages show it."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from core.rendering import person_name

register = template.Library()


@register.simple_tag
def person_link(person) -> str:
    """A person's name linked to their page, the name in the original script beside it, and
    a badge on demo people. A tag, not an included template: lists of officials show dozens."""
    link = person_name(person.get_absolute_url(), person.name_latin, person.name_original)
    if person.is_fictional:
        link = format_html(
            '{} <span class="badge badge--fictional" title="{}">{}</span>',
            link,
            gettext("Demo data: not a real person"),
            gettext("fictional"),
        )
    return link
