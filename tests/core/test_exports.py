"""Exports of the list pages: CSV streamed and Excel, the filtered rows, their headers and their cost."""

from __future__ import annotations

import gc
import io
import tracemalloc
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from core import exports
from secretariat.models import (
    Person,
)
from staffing.models import Appointment, Category
from staffing.tables import AppointmentTable
from tests import factories
from tests.helpers import (
    LISTS,
    MAKERS,
    csv_rows,
    record_heads,
)

START = date(2004, 1, 15)


@pytest.fixture
def many_appointments(secretariat):
    """`count` one-day appointments of Chinese officials, one after another: none overlaps."""

    def make(count: int) -> None:
        china = factories.founding_members()["CN"]
        factories.quota({china: 36})
        department = factories.DepartmentFactory()
        posts = [factories.PostFactory(department=department) for _ in range(10)]
        people = Person.objects.bulk_create(
            Person(
                name_latin=f"Export Person {n}",
                name_original=f"导出{n}",
                nationality=china,
                is_fictional=True,
            )
            for n in range(100)
        )
        Appointment.objects.bulk_create(
            Appointment(
                person=people[n % len(people)],
                post=posts[n % len(posts)],
                nominated_by=china,
                start_date=START + timedelta(days=n),
                end_date=START + timedelta(days=n),
                planned_end_date=START + timedelta(days=n),
                end_reason=Appointment.EndReason.CONTRACT_ENDED,
            )
            for n in range(count)
        )

    return make


@pytest.fixture
def viewer_client(client, db):
    user = User.objects.create_user("perf-viewer")
    user.groups.add(Group.objects.get(name="viewer"))
    client.force_login(user)
    return client


def streamed_export(client, url: str) -> tuple[int, int]:
    """(rows, peak bytes allocated while the response was produced and read) of a CSV export.

    The response is read line by line and nothing of it is kept: what is measured is what
    the server holds.
    """
    gc.collect()  # garbage left by what ran before is not the export's
    tracemalloc.start()
    try:
        response = client.get(url)
        assert response.status_code == 200
        assert response.streaming
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return lines - 1, peak


@pytest.mark.parametrize("url_name", LISTS)
def test_the_number_of_queries_of_an_export_does_not_grow_with_its_rows(
    client, viewer, secretariat, url_name
):
    client.force_login(viewer)
    url = reverse(url_name) + "?_export=csv"
    MAKERS[url_name](3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        csv_rows(client.get(url))
    MAKERS[url_name](27)
    with CaptureQueriesContext(connection) as many:
        csv_rows(client.get(url))
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("url_name", "make", "query", "kept", "dropped"),
    [
        ("secretariat:state-list", lambda f: None, {"q": "Tajik"}, "Tajikistan", "Kazakhstan"),
        (
            "secretariat:department-list",
            lambda f: [
                factories.DepartmentFactory(code="political", name_en="Political department"),
                factories.DepartmentFactory(code="economic", name_en="Economic department"),
            ],
            {"q": "politi"},
            "Political department",
            "Economic department",
        ),
        (
            "secretariat:person-list",
            lambda f: [
                factories.PersonFactory(name_latin="Rashid Alimov", nationality=f["TJ"]),
                factories.PersonFactory(name_latin="Zhang Ming", nationality=f["CN"]),
            ],
            {"nationality": "TJ"},
            "Rashid Alimov",
            "Zhang Ming",
        ),
        ("secretariat:term-list", record_heads, {"q": "Norov"}, "Vladimir Norov", "Zhang Ming"),
        (
            "secretariat:deputy-list",
            lambda f: [
                factories.DeputySecretaryGeneralTermFactory(person__name_latin="Deputy Open", end_date=None),
                factories.DeputySecretaryGeneralTermFactory(person__name_latin="Deputy Past"),
            ],
            {"current": "on"},
            "Deputy Open",
            "Deputy Past",
        ),
        (
            "secretariat:representative-list",
            lambda f: [
                factories.PermanentRepresentativeFactory(state=f["KZ"], person__name_latin="Current Kazakh"),
                factories.PermanentRepresentativeFactory(
                    state=f["KG"],
                    person__name_latin="Former Kyrgyz",
                    start_date=date(2010, 1, 1),
                    end_date=date(2014, 1, 1),
                ),
            ],
            {"current": "on"},
            "Current Kazakh",
            "Former Kyrgyz",
        ),
    ],
)
def test_a_csv_export_holds_exactly_the_filtered_rows(
    client, viewer, founders, url_name, make, query, kept, dropped
):
    make(founders)
    if "nationality" in query:
        query = {"nationality": founders[query["nationality"]].pk}
    client.force_login(viewer)
    url = reverse(url_name)
    everything = "\n".join(",".join(row) for row in csv_rows(client.get(url, {"_export": "csv"})))
    assert kept in everything and dropped in everything

    rows = csv_rows(client.get(url, {**query, "_export": "csv"}))
    exported = "\n".join(",".join(row) for row in rows[1:])
    assert kept in exported and dropped not in exported
    assert len(rows) - 1 == len(client.get(url, query).context["table"].rows)


def test_the_excel_export_has_translated_headers(client, viewer, founders):
    from openpyxl import load_workbook

    client.force_login(viewer)
    response = client.get(reverse("secretariat:state-list"), {"_export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["State", "ISO code", "ISO alpha-3", "Standing today"]
    assert sheet.max_row == 1 + len(founders)


@pytest.mark.django_db
def test_the_csv_export_of_appointments_streams_in_constant_memory(viewer_client, many_appointments):
    # Rows are read a chunk at a time, and two chunks are alive at the peak (the one being
    # written, the next being fetched): the small export spans two chunks, the large twenty.
    chunk = exports.EXPORT_CHUNK
    many_appointments(20 * chunk)
    url = reverse("staffing:appointment-list")
    until = (START + timedelta(days=2 * chunk - 1)).isoformat()
    # A first export fills what is read once per process (catalogs, compiled templates).
    streamed_export(viewer_client, f"{url}?started_until={START.isoformat()}&_export=csv")
    small_rows, small_peak = streamed_export(viewer_client, f"{url}?started_until={until}&_export=csv")
    large_rows, large_peak = streamed_export(viewer_client, f"{url}?_export=csv")
    assert (small_rows, large_rows) == (2 * chunk, 20 * chunk)
    # Ten times the rows, not ten times the memory (about 1.25 times here, on both databases).
    assert large_peak < 1.5 * small_peak, (
        f"peak {small_peak:,} B for {small_rows} rows, {large_peak:,} B for {large_rows}"
    )


@pytest.mark.django_db
def test_the_streamed_csv_is_the_export_django_tables2_made(viewer_client):
    call_command("load_demo", verbosity=0)
    response = viewer_client.get(reverse("staffing:appointment-list") + "?_export=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    table = AppointmentTable(Appointment.objects.officials().with_related())
    RequestConfig(response.wsgi_request, paginate=False).configure(table)
    header, *rows = text.removeprefix("\ufeff").split("\r\n")
    expected_header, *expected_rows = TableExport("csv", table).export().split("\r\n")
    assert text.startswith("\ufeff")
    assert header == expected_header
    # Rows starting the same day come in no fixed order, in either export.
    assert sorted(rows) == sorted(expected_rows)
    assert len(rows) - 1 == Appointment.objects.filter(post__category=Category.OFFICIAL).count()


@pytest.mark.django_db
def test_an_excel_export_over_the_limit_sends_the_reader_back_to_the_list(
    viewer_client, many_appointments, monkeypatch
):
    many_appointments(30)
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 20)
    url = reverse("staffing:appointment-list")
    response = viewer_client.get(f"{url}?started_until=2004-12-31&_export=xlsx", follow=True)
    assert response.redirect_chain == [(f"{url}?started_until=2004-12-31", 302)]
    assert "at most 20 rows" in response.content.decode()
    until = (START + timedelta(days=19)).isoformat()
    response = viewer_client.get(f"{url}?started_until={until}&_export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
