from django import template
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from secretariat.dates import format_date
from secretariat.pages import ColumnCells, person_name

register = template.Library()


@register.simple_tag
def history_url(instance) -> str:
    """The address of a record's History page."""
    meta = instance._meta
    return reverse("record-history", args=[meta.app_label, meta.model_name, instance.pk])


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


@register.filter
def short_date(day) -> str:
    """`day|date:"SHORT_DATE_FORMAT"`, for pages with hundreds of dates (secretariat.dates)."""
    return format_date(day)


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> str:
    """The `<tr>` of a django-tables2 table's current page, written in Python.

    The same cells as django-tables2's template loop (`row.get_cell`, see ColumnCells; the
    column's `td` attributes; its `localize` setting), without it: that loop asks each cell
    for its column's attributes, which django-tables2 computes afresh every time, and
    renders a dozen template nodes per cell, 40% of the time of a list page of 25 rows. A
    column's `td` attributes are read once unless one of them is computed per cell.
    """
    columns = list(table.columns)
    per_cell = {
        column.name
        for column in columns
        if any(callable(value) for value in column.column.attrs.get("td", {}).values())
    }
    fixed = {column.name: column.attrs["td"].as_html() for column in columns if column.name not in per_cell}
    readers = None
    rows = []
    for row in table.paginated_rows:
        if readers is None:  # the first record tells the columns' model fields
            readers = [ColumnCells(column, row.record) for column in columns]
        cells = []
        for column, reader in zip(columns, readers, strict=True):
            cell = reader.cell(row)
            if column.name in per_cell:
                column.current_value, column.current_record = cell, row.record
                attributes = column.attrs["td"].as_html()
            else:
                attributes = fixed[column.name]
            cells.append((attributes, _cell_html(cell, column.localize, context)))
        rows.append(
            format_html("<tr {}>{}</tr>", row.attrs.as_html(), format_html_join("", "<td {}>{}</td>", cells))
        )
    return mark_safe("\n".join(rows))


def _cell_html(cell, localize_setting, context) -> str:
    """A cell as `{{ cell }}`, `{{ cell|localize }}` or `{{ cell|unlocalize }}` would write it."""
    if localize_setting is None:
        return render_value_in_context(cell, context)
    return conditional_escape(localize(template_localtime(cell, context.use_tz), use_l10n=localize_setting))
