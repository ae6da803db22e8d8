"""HTML written in Python where Django's or django-tables2's templates are too slow for
pages of hundreds of rows: a list's rows and cells, a person's name, and form widgets.

Each writes the same HTML as the template it replaces (tests compare them).

These copy library internals: django-tables2's `BoundRow.get_cell` and its row template
(`ColumnCells`, `table_rows`), Django's widget templates and `attrs.html` (`WidgetRenderer`).
pyproject.toml therefore pins both to their minor version (`django>=5.2,<5.3`,
`django-tables2>=3.0,<3.1`): moving to a new minor version means re-reading what changed
there and running the comparison tests first.
"""

from __future__ import annotations

from collections.abc import Callable

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import pgettext
from django_tables2 import utils as django_tables2_utils
from django_tables2.columns.linkcolumn import BaseLinkColumn


def person_name(url: str, name_latin: str, name_original: str) -> str:
    """A person's Latin-script name linked to their page, and the name in its original script
    beside it when that differs (lists, the staffing table, detail pages)."""
    link = format_html('<a href="{}">{}</a>', url, name_latin)
    if name_original and name_original != name_latin:
        return format_html('{} <span class="original-script" lang="">{}</span>', link, name_original)
    return link


def demo_badge(record) -> str:
    """The badge after a record made up for the demo (`is_fictional`), else nothing."""
    if not record.is_fictional:
        return ""
    return format_html(
        ' <span class="badge badge--fictional">{}</span>', pgettext("demo record", "illustrative")
    )


def _signature_read_once(read: Callable) -> Callable:
    """django-tables2 reads a callable's signature (`inspect.signature`) for every cell it
    renders or exports, about half the time of a CSV export of 50,000 rows. A function's
    signature never changes: read it once per function (a bound method's is its function's).
    """
    known: dict = {}

    def signature(fn):
        key = getattr(fn, "__func__", fn)
        try:
            return known[key]
        except KeyError:
            known[key] = found = read(fn)
            return found
        except TypeError:  # an unhashable callable
            return read(fn)

    signature.reads_once = True
    return signature


def read_signatures_once() -> None:
    """Make django-tables2 read each callable's signature once (CoreConfig.ready)."""
    if not getattr(django_tables2_utils.signature, "reads_once", False):
        django_tables2_utils.signature = _signature_read_once(django_tables2_utils.signature)


class ColumnCells:
    """The cells of one column, as django-tables2's `BoundRow.get_cell` makes them, faster.

    get_cell finds the column by name among the table's, then, for every cell, parses the
    column's accessor, looks its model field up to see whether it has choices, and resolves
    the accessor step by step: a third of the time of a list's cells. Here the field is
    looked up once per column, and the accessor followed with plain attribute reads. The
    value is then rendered as django-tables2 renders it (the column's or the table's
    `render`, the default for empty values). Anything unusual (a linkify, a callable at the
    end of the accessor, an error on the way) goes to get_cell itself.
    """

    def __init__(self, bound_column, record):
        self.bound_column = bound_column
        self.name = bound_column.name
        self.steps = str(bound_column.accessor).split(bound_column.accessor.SEPARATOR)
        self.default = bound_column.default
        self.empty_values = bound_column.column.empty_values
        self.own_way = bound_column.link is not None or isinstance(
            bound_column.column, (tables.ManyToManyColumn, BaseLinkColumn)
        )
        self.display = None
        try:
            field = bound_column.accessor.get_field(record)
        except FieldDoesNotExist:
            field = None
        if getattr(field, "choices", None):
            self.display = f"get_{self.steps[-1]}_display"

    def cell(self, row):
        if self.own_way:
            return row.get_cell(self.name)
        try:
            target = row.record
            for step in self.steps[:-1]:
                target = getattr(target, step)
                if target is None:
                    return self.default
            if self.display and isinstance(target, models.Model):
                value = getattr(target, self.display)()
            else:
                value = getattr(target, self.steps[-1])
        except AttributeError:
            # A column that is no attribute of the record (one its table renders): as for
            # django-tables2, no value, and the column's render decides.
            value = None
        except Exception:  # django-tables2 has its own ways with these: let it decide
            return row.get_cell(self.name)
        if callable(value):
            return row.get_cell(self.name)
        if value in self.empty_values:
            return self.default
        column = self.bound_column
        arguments = {
            "value": value,
            "record": row.record,
            "column": column.column,
            "bound_column": column,
            "bound_row": row,
            "table": row.table,
        }
        return django_tables2_utils.call_with_appropriate(column.render, arguments)


def table_rows(table, context) -> str:
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


# Form widgets

_INPUTS = {
    f"django/forms/widgets/{kind}.html"
    for kind in ("input", "text", "search", "date", "number", "hidden", "email", "password", "url", "tel")
}
_SELECT = "django/forms/widgets/select.html"


class WidgetRenderer(DjangoTemplates):
    """Django's form renderer, but inputs and selects are written here, not by templates.

    Every widget goes through the template engine: an input is two templates (its type's,
    then input.html with attrs.html), a select one more per option. A list's filter form of
    six fields took 10 ms, the appoint form's select of 5,000 people 0.4 s. The HTML is the
    one Django's templates write (tests compare them); other widgets and whole forms still
    use the templates.
    """

    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return _input(context["widget"])
        if template_name == _SELECT:
            return _select(context["widget"])
        return super().render(template_name, context, request)


def _attributes(attrs: dict) -> SafeString:
    """As django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def _input(widget: dict) -> SafeString:
    html = format_html('<input type="{}" name="{}"', widget["type"], widget["name"])
    if widget["value"] is not None:
        html += format_html(' value="{}"', str(widget["value"]))
    return mark_safe(html + _attributes(widget["attrs"]) + ">")


def _select(widget: dict) -> SafeString:
    parts = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        parts.extend(
            format_html(
                '\n  <option value="{}"{}>{}</option>\n',
                str(option["value"]),
                _attributes(option["attrs"]),
                option["label"],
            )
            for option in group_choices
        )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))
