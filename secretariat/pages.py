"""Building blocks shared by the pages of both apps: lists with filters and exports, dates."""

from __future__ import annotations

import csv
from datetime import date

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_filters.views import FilterView
from django_tables2 import RequestConfig, SingleTableMixin
from django_tables2.export import ExportMixin

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


# Rows a streamed export reads from the database at a time: its memory is about this many
# rows (with their related rows), whatever the size of the export.
EXPORT_CHUNK = 500


class RecordListView(PermissionRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """A list page: sort by any column, filter, search, paginate, export CSV and Excel.

    Exports contain exactly the filtered rows, in the chosen order, on every page. The CSV
    export is streamed: constant memory however many rows it has.
    """

    raise_exception = True
    template_name = "includes/list_page.html"
    # The table paginates; the list view must not paginate (and count) the rows a second time.
    paginate_by = None
    table_pagination = {"per_page": 25}
    export_formats = ("csv", "xlsx")
    title = ""
    add_url_name = ""
    add_permission = ""
    add_label = ""
    notice = ""

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def create_export(self, export_format: str):
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


class LocalizedColumn(tables.Column):
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
