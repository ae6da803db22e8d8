"""Exports of list pages: CSV streamed row by row, Excel within a size."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from django_tables2.export import ExportMixin


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


# Rows of the largest Excel export (see StreamedExportMixin.create_excel_export).
XLSX_MAX_ROWS = 10_000

# Rows a streamed export reads from the database at a time. Its memory is about two such
# chunks (the one being written, and the next while it is fetched: Django's cursor
# iterator holds the former until the fetch returns), whatever the size of the export. A
# round trip per 100 rows costs nothing next to the time django-tables2 takes to turn them
# into values (50 ms).
EXPORT_CHUNK = 100


class StreamedExportMixin(ExportMixin):
    """django-tables2's exports of a list view, the CSV streamed, the Excel bounded.

    Exports contain exactly the filtered rows, in the chosen order, on every page. The CSV
    export is streamed: constant memory however many rows it has.
    """

    export_formats = ("csv", "xlsx")

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
