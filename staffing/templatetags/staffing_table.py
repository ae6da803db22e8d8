"""The rows of the staffing table and of a department's posts, written in Python."""

from itertools import groupby

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.dates import format_date
from core.rendering import person_name

register = template.Library()

DEPARTMENT_ROW = '<tr class="department-row"><td colspan="7"><a href="{}?as_of={}">{}</a></td></tr>'
POST_CELL = '<td><a href="{}">{}</a></td>'
VACANT_ROW = mark_safe(' class="row--vacant"')


@register.simple_tag
def staffing_table_rows(posts, day) -> str:
    """A row per department, then a row per post with its holder on `day`.

    The staffing table has a row for each post of the establishment (420 in the benchmark's
    data set): as template nodes, a dozen variable lookups and filters per row took half
    the page's time. The HTML is the one the template wrote.
    """
    rows = []
    for department, department_posts in groupby(posts, key=lambda post: post.department):
        rows.append(
            format_html(DEPARTMENT_ROW, department.get_absolute_url(), day.isoformat(), department.name)
        )
        rows.extend(
            _post_row(
                post,
                post.title,
                post.get_category_display(),
                _holder(post),
                post.holder_state_name,
                format_date(post.holder_start),
                format_date(post.holder_contract_end),
            )
            for post in department_posts
        )
    return mark_safe("\n".join(rows))


@register.simple_tag
def department_post_rows(posts) -> str:
    """A department's posts with their holders: as the staffing table, with the grade."""
    return mark_safe(
        "\n".join(
            _post_row(
                post,
                post.title,
                post.get_grade_display(),
                _holder(post),
                post.holder_state_name,
                format_date(post.holder_contract_end),
            )
            for post in posts
        )
    )


def _post_row(post, *cells) -> str:
    """`<tr>` of a post: its code linked to its page, then the cells (escaped)."""
    return format_html(
        "<tr{}>{}{}</tr>",
        "" if post.holder_appointment_id else VACANT_ROW,
        format_html(POST_CELL, post.get_absolute_url(), post.code),
        mark_safe("".join(format_html("<td>{}</td>", cell) for cell in cells)),
    )


def _holder(post) -> str:
    """The holder's name linked to their page, with the original script; or a vacant badge."""
    if not post.holder_appointment_id:
        return format_html('<span class="badge badge--warn">{}</span>', gettext("vacant"))
    return person_name(post.holder_url, post.holder_name, post.holder_name_original)
