"""List pages: sort by any column, filter, search, paginate; their columns and search filter."""

from __future__ import annotations

import math
from collections.abc import Callable

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _lazy
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.data import TableQuerysetData
from django_tables2.paginators import LazyPaginator

from .dates import format_date, kept_range
from .exports import StreamedExportMixin
from .localized import localized_order


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
    """django-tables2's LazyPaginator that counts a list's rows, but only up to `count_limit`.

    An exact count reads every matching row (20 ms for 50,000 appointments, a third of a
    list page's budget); counting up to a limit reads at most that many, so its cost does
    not grow with the table. A list within the limit pages as Django's Paginator does ("Rows
    1–25 of 312", every page number); a longer one says "more than 5,000" and pages lazily,
    each page knowing whether a next one exists, until its last page, which knows the total.
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
        self.total: int | None = rows if rows <= self.count_limit else None

    @property
    def counted(self) -> bool:
        return self.total is not None

    @property
    def count(self) -> int:
        """The rows; while they are not counted, one more than the limit ("more than …")."""
        return self.total if self.counted else self.count_limit + 1

    @property
    def num_pages(self) -> int:
        if self.counted:
            return max(1, math.ceil(self.total / self.per_page))
        return super().num_pages

    def is_last_page(self, number: int) -> bool:
        # django-tables2's page range ends with "…" unless this is true: a counted list
        # already shows its last page's number.
        return self.counted or super().is_last_page(number)

    def page(self, number):
        page = super().page(number)
        if not self.counted and super().is_last_page(page.number):
            self.total = (page.number - 1) * self.per_page + len(page)
        return page


# Rows a list page shows: `?per_page=` within these bounds, the default otherwise.
PER_PAGE_DEFAULT = 25
PER_PAGE_MAX = 100
# Page numbers beyond this are past the end of any list the Secretariat keeps; capping them
# keeps the database's OFFSET within its integer.
PAGE_MAX = 1_000_000


def _integer(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def page_size(value: str | None, default: int = PER_PAGE_DEFAULT) -> int:
    """The rows a page shows, from `?per_page=`: a number from 1 to PER_PAGE_MAX as given,
    more than that PER_PAGE_MAX, anything else (absent, not a number, below 1) the default."""
    size = _integer(value)
    if size is None or size < 1:
        return default
    return min(size, PER_PAGE_MAX)


class ListRequestConfig(RequestConfig):
    """django-tables2's reading of a list's query string, made safe for any value.

    Sort: only the table's sortable columns, each name as given or with "-"; any other value
    is dropped before django-tables2 reads it (it would read "a.b" as a path and warn). Page
    size: `page_size`. Page: a number; below 1 or not a number is the first page, past the
    end the last page.
    """

    def configure(self, table):
        table.request = self.request
        sortable = {column.name for column in table.columns if column.orderable}
        order_by = [
            name
            for value in self.request.GET.getlist(table.prefixed_order_by_field)
            for name in value.split(",")
            if name.removeprefix("-") in sortable
        ]
        if order_by:
            table.order_by = order_by
        if not self.paginate:
            return table
        options = dict(self.paginate) if hasattr(self.paginate, "items") else {}
        options.pop("silent", None)
        options["per_page"] = page_size(
            self.request.GET.get(table.prefixed_per_page_field), options.get("per_page", PER_PAGE_DEFAULT)
        )
        page = min(max(_integer(self.request.GET.get(table.prefixed_page_field)) or 1, 1), PAGE_MAX)
        try:
            table.paginate(page=page, **options)
        except EmptyPage:
            last = table.paginator.num_pages
            if last is None:
                # A paginator that stopped counting (a long list): count once, for this rare case.
                last = Paginator(table.rows, options["per_page"]).num_pages
            table.paginate(page=max(last, 1), **options)
        return table


class RecordListView(PermissionRequiredMixin, StreamedExportMixin, SingleTableMixin, FilterView):
    """A list page: sort by any column, filter, search, paginate, export CSV and Excel
    (see StreamedExportMixin)."""

    raise_exception = True
    template_name = "includes/list_page.html"
    # The table paginates; the list view must not paginate (and count) the rows a second time.
    paginate_by = None
    table_pagination = {"per_page": PER_PAGE_DEFAULT, "paginator_class": CountedPaginator}
    title = ""
    add_url_name = ""
    add_permission = ""
    add_label = ""
    notice = ""

    def get_table(self, **kwargs):
        table = self.get_table_class()(data=self.get_table_data(), **kwargs)
        return ListRequestConfig(self.request, paginate=self.get_table_pagination(table)).configure(table)

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        for field in filterset.form.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoiceIterator
                field.widget.choices = field.choices
        return filterset

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

    def value(self, value, **kwargs):
        # Exports: the date itself, a date cell in Excel and YYYY-MM-DD in CSV, whatever the
        # reader's language; empty when there is none.
        return value


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
    """A name kept in three languages: shows the reader's language (else English) and sorts
    by what it shows, in the reader's collation (`core.localized.localized_order`)."""

    def __init__(self, field: str = "name", **kwargs):
        self.field = field
        kwargs.setdefault("accessor", field)
        super().__init__(**kwargs)

    def order(self, queryset, is_descending: bool):
        return queryset.order_by(localized_order(self.field, descending=is_descending)), True


class SearchFilter(django_filters.CharFilter):
    """Free-text search over several columns at once, e.g. a name in any script.

    `icontains` ignores case in every script on both databases: PostgreSQL's UPPER() folds
    Cyrillic and accented letters, and so does the SQLite backend of `core.sqlite`.
    """

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


class YearFilter(django_filters.NumberFilter):
    """The year of a date column (`field_name`), between the first and the last year a record
    may bear (`core.dates.kept_range`, inclusive); outside, a message at the field and no
    filtering, never a year the database cannot build a date from (0, -1, 10**20)."""

    def __init__(self, *args, **kwargs):
        first, last = kept_range()
        kwargs.setdefault("label", _lazy("Year"))
        kwargs.setdefault("min_value", first.year)
        kwargs.setdefault("max_value", last.year)
        kwargs.setdefault("decimal_places", 0)
        if kwargs.get("field_name"):
            kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, **kwargs)
