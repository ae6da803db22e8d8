"""One export writer: every download offers CSV and Excel, and no cell runs as a formula."""

import csv
import io
from datetime import date, datetime, time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import spreadsheet_safe
from secretariat.models import Person, State

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.invalid/","x")'
# A list (the lists share one view class) and the two reports that build their own rows.
EXPORTING_PAGES = ["secretariat:person-list", "staffing:quota-report", "staffing:staffing-table"]


@pytest.fixture
def reader(demo, client):
    client.force_login(User.objects.create_superuser("reader", password="x" * 12))
    return client


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    """The cells of the first sheet; a day (a moment at midnight in Excel) as a date."""
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [[excel_value(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def excel_value(cell):
    if cell is None:
        return ""
    if isinstance(cell, datetime) and cell.time() == time(0):
        return cell.date()
    return cell


@pytest.mark.parametrize(
    "value, written",
    [
        (FORMULA, "'" + FORMULA),
        ("+7 495 123", "'+7 495 123"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Кузьмин", "Кузьмин"),
        ("a=b", "a=b"),
        (-5, -5),
        (date(2024, 7, 4), date(2024, 7, 4)),
        (None, None),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text_and_others_keep_their_type(value, written):
    assert spreadsheet_safe(value) == written


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_person_named_like_a_formula_is_exported_as_text(reader, export_format):
    Person.objects.create(name_latin=FORMULA, nationality=State.objects.get(code="KZ"))
    response = reader.get(reverse("secretariat:person-list"), {"q": "HYPERLINK", "_export": export_format})
    rows = csv_rows(response) if export_format == "csv" else xlsx_rows(response)
    assert len(rows) == 2
    assert "'" + FORMULA in rows[1]
    assert FORMULA not in rows[1]


def test_excel_keeps_numbers_and_dates_as_numbers_and_dates(reader):
    rows = xlsx_rows(reader.get(reverse("staffing:appointment-list"), {"_export": "xlsx"}))
    assert any(isinstance(cell, date) for cell in rows[1])
    rows = xlsx_rows(reader.get(reverse("staffing:quota-report"), {"as_of": "2024-07-04", "_export": "xlsx"}))
    assert all(isinstance(cell, int) for cell in rows[1][1:4])


@pytest.mark.parametrize("url_name", ["staffing:quota-report", "staffing:staffing-table"])
def test_the_reports_excel_export_has_the_rows_of_their_csv(reader, url_name):
    query = {"as_of": "2024-07-04"}
    from_csv = csv_rows(reader.get(reverse(url_name), {**query, "_export": "csv"}))
    from_excel = xlsx_rows(reader.get(reverse(url_name), {**query, "_export": "xlsx"}))
    assert len(from_csv) > 10
    assert [[str(cell) for cell in row] for row in from_excel] == from_csv


@pytest.mark.parametrize("url_name", EXPORTING_PAGES)
def test_every_export_page_offers_csv_and_excel(reader, url_name):
    page = reader.get(reverse(url_name)).content.decode()
    assert "_export=csv" in page
    assert "_export=xlsx" in page


@pytest.mark.parametrize("url_name", EXPORTING_PAGES)
@pytest.mark.parametrize("export_format", ["json", "yaml", "tsv", "xls", "latex", "../x", ""])
def test_a_format_not_offered_shows_the_page_not_a_file(reader, url_name, export_format):
    response = reader.get(reverse(url_name), {"_export": export_format})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
