"""Exports: one writer for every download (lists, reports, registers), CSV and Excel.

CSV is streamed row by row (its memory does not grow with the rows); Excel is written by
openpyxl in write-only mode. Every cell goes through `spreadsheet_safe` on its way out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from django_tables2.export import ExportMixin
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# The formats every export offers: a records officer takes reports into a spreadsheet.
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_PARAM = "_export"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell as a spreadsheet will show it, never run it.

    Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
    so that Excel and LibreOffice read it as text; lazy translations become text; numbers,
    dates and None are returned unchanged, and stay numbers and dates in the file.
    """
    value = force_str(value, strings_only=True)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def requested_format(request) -> str | None:
    """The export asked for by `?_export=`: one of EXPORT_FORMATS, else None (show the page)."""
    value = request.GET.get(EXPORT_PARAM)
    return value if value in EXPORT_FORMATS else None


def export_response(
    *, name: str, export_format: str, header: Sequence, rows: Iterable[Sequence]
) -> HttpResponse | StreamingHttpResponse:
    """A download of `rows` under `header`, the file `<name>.csv` or `<name>.xlsx`.

    `rows` may be a generator: the CSV reads it while it streams, the Excel file once.
    Raises ValueError for a format not in EXPORT_FORMATS.
    """
    filename = f"{name}.{export_format}"
    if export_format == "csv":
        return _csv_response(filename, header, rows)
    if export_format == "xlsx":
        return _xlsx_response(filename, name, header, rows)
    raise ValueError(f"not an export format: {export_format!r}")


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime):
        # Excel keeps no time zone: a moment is written as the Secretariat's local time.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        # A day, shown as one (Excel stores days as moments and would show midnight).
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe_rows(header: Sequence, rows: Iterable[Sequence]) -> Iterator[list]:
    yield [spreadsheet_safe(cell) for cell in header]
    for row in rows:
        yield [spreadsheet_safe(cell) for cell in row]


def _csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    # Rows are rendered while the response streams, after the view has returned: keep the
    # reader's language for them, whatever thread or server runs the iteration.
    language = translation.get_language()

    def lines():
        with translation.override(language):
            # A byte-order mark lets spreadsheet programs read Cyrillic and Chinese as UTF-8.
            yield "\ufeff"
            for row in _safe_rows(header, rows):
                yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_response(filename: str, name: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=name[:31])  # Excel's limit on a sheet's name
    for row in _safe_rows(header, rows):
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    content = io.BytesIO()
    workbook.save(content)
    response = HttpResponse(content.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Rows of the largest Excel export (see StreamedExportMixin.refuse_large_excel).
XLSX_MAX_ROWS = 10_000

# Rows a streamed export reads from the database at a time. Its memory is about two such
# chunks (the one being written, and the next while it is fetched: Django's cursor
# iterator holds the former until the fetch returns), whatever the size of the export. A
# round trip per 100 rows costs nothing next to the time django-tables2 takes to turn them
# into values (50 ms).
EXPORT_CHUNK = 100


class StreamedExportMixin(ExportMixin):
    """The exports of a list view, through `export_response`: CSV streamed, Excel bounded.

    Exports contain exactly the filtered rows, in the chosen order, on every page, with the
    table's columns (headers are the columns' verbose names, values their `value_*` or text).
    Only EXPORT_FORMATS are offered: any other `?_export=` shows the page with a word on it.
    """

    export_formats = EXPORT_FORMATS
    export_trigger_param = EXPORT_PARAM

    def render_to_response(self, context, **kwargs):
        export_format = requested_format(self.request)
        if export_format:
            return self.create_export(export_format)
        if self.request.GET.get(self.export_trigger_param):
            messages.warning(self.request, _("This list exports CSV and Excel only."))
        return super(ExportMixin, self).render_to_response(context, **kwargs)

    def create_export(self, export_format: str):
        if export_format == "xlsx" and (rows := self.object_list.count()) > XLSX_MAX_ROWS:
            return self.refuse_large_excel(rows)
        # The same table, columns and order as the page (unpaginated), its rows read from the
        # database in chunks and written as they come, not held in memory.
        table = self.get_table_class()(data=self.get_table_data(), **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        table.data.data = table.data.data.iterator(chunk_size=EXPORT_CHUNK)
        rows = table.as_values(exclude_columns=self.exclude_columns)
        return export_response(
            name=f"{self.export_name}-{timezone.localdate():%Y-%m-%d}",
            export_format=export_format,
            header=next(rows),
            rows=rows,
        )

    def refuse_large_excel(self, rows: int):
        """An Excel file is built whole before it is sent: at most XLSX_MAX_ROWS rows (about
        10 s). Beyond, the reader is sent back to the list with a word on filtering or on the
        CSV export, which streams any number of rows."""
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
