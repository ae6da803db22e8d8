"""Building blocks shared by the pages of both apps: lists with filters and exports, dates."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2 import utils as django_tables2_utils
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.data import TableQuerysetData
from django_tables2.export import ExportMixin
from django_tables2.paginators import LazyPaginator

from .dates import format_date
from .forms import add_service_error
from .localized import localized_field


def as_of_date(request, param: str = "as_of") -> date:
    """The day a report is asked for (`?as_of=YYYY-MM-DD`), today when absent or unreadable."""
    raw = request.GET.get(param, "").strip()
    if not raw:
        return timezone.localdate()
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None or day.year < 1900:
        messages.warning(
            request,
            _("“%(value)s” is not a date (use YYYY-MM-DD): showing today instead.") % {"value": raw},
        )
        return timezone.localdate()
    return day


class ServiceFormMixin:
    """A form page whose save goes through a service (the rules across rows live there).

    `save(form)` calls the service and returns the record; a refusal (ValidationError)
    shows the form again with the service's messages, a success says so
    (`success_message % success_message_values(record)`) and redirects to
    `get_success_url()`: the record's page unless `success_url` is set.
    """

    success_message = ""

    def save(self, form):
        raise NotImplementedError

    def success_message_values(self, record) -> dict:
        return {"record": record}

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % self.success_message_values(self.object))
        return redirect(self.get_success_url())


def person_name(url: str, name_latin: str, name_original: str) -> str:
    """A person's Latin-script name linked to their page, and the name in its original script
    beside it when that differs (lists, the staffing table, detail pages)."""
    link = format_html('<a href="{}">{}</a>', url, name_latin)
    if name_original and name_original != name_latin:
        return format_html('{} <span class="original-script" lang="">{}</span>', link, name_original)
    return link


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """A CSV download written row by row, so its memory does not grow with the rows."""
    writer = csv.writer(_Echo())

    # Rows are rendered while the response streams, after the view has returned: keep the
    # reader's language for them, whatever thread or server runs the iteration.
    language = translation.get_language()

    def lines():
        with translation.override(language):
            # A byte-order mark lets spreadsheet programs read Cyrillic and Chinese as UTF-8.
            yield "\ufeff"
            yield writer.writerow(header)
            for row in rows:
                yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Rows of the largest Excel export (see RecordListView.create_excel_export).
XLSX_MAX_ROWS = 10_000

# Rows a streamed export reads from the database at a time. Its memory is about two such
# chunks (the one being written, and the next while it is fetched: Django's cursor
# iterator holds the former until the fetch returns), whatever the size of the export. A
# round trip per 100 rows costs nothing next to the time django-tables2 takes to turn them
# into values (50 ms).
EXPORT_CHUNK = 100


class ListedChoiceIterator(ModelChoiceIterator):
    """A filter's choices read with one plain query.

    Django reads them with `.iterator()`, which on PostgreSQL opens a server-side cursor:
    DECLARE, FETCH and CLOSE, three round trips (about 3 ms) for a few dozen states.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class CountedPaginator(LazyPaginator):
    """Counts a list's rows exactly up to COUNT_LIMIT; beyond, pages without counting them.

    An exact count reads every matching row (20 ms for 50,000 appointments, a third of a
    list page's budget); counting up to a limit reads at most that many, so its cost does
    not grow with the table. A list within the limit pages as usual ("Rows 1–25 of 312",
    every page number); a longer one says "more than 5,000" and pages as django-tables2's
    LazyPaginator does, each page knowing whether a next one exists, until its last page,
    which knows the total.
    """

    count_limit = 5_000

    def __init__(self, object_list, per_page, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        data = getattr(object_list, "data", None)
        if isinstance(data, TableQuerysetData):
            # Order is irrelevant to a count and would make the database sort every row.
            rows = data.data.order_by()[: self.count_limit + 1].count()
        else:
            rows = len(object_list)
        # The number of rows, None while it is not known.
        self.rows = rows if rows <= self.count_limit else None
        if self.rows is not None:
            # Django's own count of pages, from the rows just counted.
            self._num_pages = self._final_num_pages = Paginator.num_pages.func(self)

    @property
    def counted(self) -> bool:
        return self.rows is not None

    def _get_count(self):
        return self.rows if self.counted else super()._get_count()

    count = property(_get_count)

    def validate_number(self, number):
        return Paginator.validate_number(self, number) if self.counted else super().validate_number(number)

    def page(self, number):
        if self.counted:
            return Paginator.page(self, number)
        page = super().page(number)
        page = self._get_page(page.object_list, page.number, self)
        if self.is_last_page(page.number):
            self.rows = page.end_index()
        return page

    def _get_page(self, *args, **kwargs):
        return CountedPage(*args, **kwargs)


class CountedPage(Page):
    """A page that knows its first and last row without the list's count."""

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if len(self) else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self)


class RecordListView(PermissionRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """A list page: sort by any column, filter, search, paginate, export CSV and Excel.

    Exports contain exactly the filtered rows, in the chosen order, on every page. The CSV
    export is streamed: constant memory however many rows it has.
    """

    raise_exception = True
    template_name = "includes/list_page.html"
    # The table paginates; the list view must not paginate (and count) the rows a second time.
    paginate_by = None
    table_pagination = {"per_page": 25, "paginator_class": CountedPaginator}
    export_formats = ("csv", "xlsx")
    title = ""
    add_url_name = ""
    add_permission = ""
    add_label = ""
    notice = ""

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for field in filterset.form.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoiceIterator
                field.widget.choices = field.choices
        return filterset

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def create_export(self, export_format: str):
        if export_format == "xlsx":
            return self.create_excel_export()
        if export_format != "csv":
            return super().create_export(export_format)
        # The same table, columns and order as the page (unpaginated), but its rows come from
        # the database in chunks and go out as they are written, not as one tablib dataset
        # held in memory: the CSV matches django-tables2's export (headers are the columns'
        # verbose names, values their `value_*` or text), plus a byte-order mark.
        table = self.get_table_class()(data=self.get_table_data(), **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        table.data.data = table.data.data.iterator(chunk_size=EXPORT_CHUNK)
        rows = table.as_values(exclude_columns=self.exclude_columns)
        return csv_response(self.get_export_filename(export_format), next(rows), rows)

    def create_excel_export(self):
        """Excel through tablib, which builds the whole workbook in memory: at most
        XLSX_MAX_ROWS rows (about 80 MB and 10 s); beyond, the reader is sent back to the
        list with a word on filtering or on the CSV export, which streams any number of rows."""
        rows = self.object_list.count()
        if rows <= XLSX_MAX_ROWS:
            return super().create_export("xlsx")
        messages.warning(
            self.request,
            _(
                "An Excel export holds at most %(most)s rows and this list has %(rows)s: narrow it "
                "with the filters, or export CSV, which has no limit."
            )
            % {
                "most": number_format(XLSX_MAX_ROWS, force_grouping=True),
                "rows": number_format(rows, force_grouping=True),
            },
        )
        query = self.request.GET.copy()
        query.pop(self.export_trigger_param, None)
        return redirect(f"{self.request.path}?{query.urlencode()}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop(self.export_trigger_param, None)
        context.update(
            title=self.title,
            notice=self.notice,
            export_query=query.urlencode(),
            add_url_name=self.add_url_name
            if self.add_url_name and self.request.user.has_perm(self.add_permission)
            else "",
            add_label=self.add_label,
        )
        return context


class DateColumn(tables.DateColumn):
    """django-tables2's DateColumn, written by `format_date` (as Django's `date` filter).

    The original renders a small template, compiled anew for every cell: a quarter of the
    time of a list page. Same output: the date in the column's format, its default when empty.
    """

    def __init__(self, format: str | None = None, short: bool = True, **kwargs):
        super().__init__(format=format, short=short, **kwargs)
        self.date_format = format or ("SHORT_DATE_FORMAT" if short else "DATE_FORMAT")

    def render(self, value, bound_column, **kwargs):
        day = template_localtime(value)  # an aware datetime is shown in local time
        return conditional_escape(format_date(day, self.date_format) or bound_column.default)


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

    return signature


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


class LinkedColumn(tables.Column):
    """A column whose cells link to `url(record)` (a record's page).

    django-tables2's own `linkify` builds, merges and writes an attribute dictionary for
    every cell: a third of the time of a list's cells. Same output, `<a href="…">value</a>`,
    and the column's default, not linked, where the value is empty.
    """

    def __init__(self, *args, url: Callable | None = None, **kwargs):
        self.url = url
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        content = super().render(value)
        return content if self.url is None else format_html('<a href="{}">{}</a>', self.url(record), content)

    def value(self, value):
        return super().render(value)  # exports: the text, without the link


class LocalizedColumn(LinkedColumn):
    """A name kept in three languages: shows and sorts by the reader's language."""

    def __init__(self, field: str = "name", **kwargs):
        self.field = field
        kwargs.setdefault("accessor", field)
        super().__init__(**kwargs)

    def order(self, queryset, is_descending: bool):
        column = localized_field(self.field)
        return queryset.order_by(f"-{column}" if is_descending else column), True


class SearchFilter(django_filters.CharFilter):
    """Free-text search over several columns at once, e.g. a name in any script."""

    def __init__(self, *args, fields: list[str], **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _lazy("Search"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value: str):
        value = (value or "").strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)
