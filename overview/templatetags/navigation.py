"""The main navigation, drawn from overview.navigation."""

from django import template
from django.urls import reverse

from overview.navigation import SECTIONS, page_of, section_of

register = template.Library()


@register.inclusion_tag("includes/_nav.html", takes_context=True)
def main_navigation(context) -> dict:
    """The sections, the current one marked, and the pages of the current section, each with
    `current` set to "page" (this page), "true" (a record or form of that list) or ""."""
    request = context["request"]
    match = request.resolver_match
    here = section_of(match)
    pages = []
    if here is not None:
        belongs_to = page_of(here, match, request.path)
        for url_name, label in here.pages:
            current = "" if url_name != belongs_to else "page" if url_name == match.view_name else "true"
            pages.append({"url": reverse(url_name), "label": label, "current": current})
    access_review = reverse("accounts:access-review")
    return {
        "current_view": match.view_name if match is not None else "",
        "in_access_review": request.path.startswith(access_review),
        "sections": [
            {"url": reverse(section.pages[0][0]), "label": section.label, "current": section is here}
            for section in SECTIONS
        ],
        "here": here,
        "pages": pages,
        "user": context["user"],
        "perms": context["perms"],
    }
