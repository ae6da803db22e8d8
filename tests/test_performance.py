"""Performance: every page in at most ten queries at any data size, exports in constant memory.

The query budget is ten per page: the session, the user and the permissions take three or
four, the page itself the rest (one query per list or table it shows, never one per row).
Each page is tried on the demo and on the demo plus a generated history
(`manage.py generate_history` at a tiny scale), with the busiest record of each kind as
its argument, so that a query per row would show. `make bench` measures the time of the
same pages on a data set ten times the size of the Secretariat (docs/performance.md).
"""

from __future__ import annotations

import gc
import tracemalloc
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from core import exports, rendering
from secretariat.models import (
    Department,
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    State,
)
from staffing import services
from staffing.audit import audit_rules
from staffing.models import Appointment, Category, Post, QuotaVersion
from staffing.tables import AppointmentTable
from tests import factories
from tests.test_access import ACCESS, ADMINISTRATOR, OFFICER, VIEWER, meetings_arguments

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
# Transaction control is not a query: Django lists it too, BEGIN and COMMIT in production,
# SAVEPOINT and RELEASE inside a test's transaction, two of them when the session is saved.
CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def queries_made(captured: CaptureQueriesContext) -> list[str]:
    """The SQL queries of a request, transaction control left out."""
    return [query["sql"] for query in captured.captured_queries if not query["sql"].startswith(CONTROL)]


ROLE_NAMES = {VIEWER: "viewer", OFFICER: "records officer", ADMINISTRATOR: "administrator"}


def page_arguments() -> dict[str, list]:
    """Arguments of the URLs that take some: the busiest record of each kind.

    The post, person and state with the most appointments and the record with the longest
    history: where a query per row would add up first. `bench/run.py` uses the same.
    """
    serving = Appointment.objects.filter(end_date__isnull=True).order_by("pk").first()
    post = Post.objects.annotate(n=Count("appointments")).order_by("-n", "code").first()
    person = Person.objects.annotate(n=Count("appointments")).order_by("-n", "pk").first()
    state = State.objects.annotate(n=Count("nominated_appointments")).order_by("-n", "code").first()
    department = Department.objects.annotate(n=Count("posts")).order_by("-n", "code").first()
    longest = Appointment.history.values("id").annotate(n=Count("history_id")).order_by("-n", "id").first()
    representative = PermanentRepresentative.objects.filter(end_date__isnull=True).order_by("pk").first()
    return {
        "record-history": ["staffing", "appointment", longest["id"] if longest else serving.pk],
        "secretariat:term-detail": [SecretaryGeneralTerm.objects.order_by("-start_date").first().pk],
        "secretariat:representative-end": [representative.pk],
        "staffing:quota-version-detail": [QuotaVersion.objects.order_by("-effective_date").first().pk],
        "staffing:post-detail": [post.code],
        "staffing:appointment-detail": [serving.pk],
        "staffing:appointment-end": [serving.pk],
        "staffing:appointment-contract": [serving.pk],
        "overview:state-detail": [state.code],
        "overview:department-detail": [department.code],
        "overview:person-detail": [person.pk],
        **meetings_arguments(),
    }


def signed_in_clients(client_class) -> dict:
    """A client for each role, and one signed out (None)."""
    clients = {None: client_class()}
    for level, role in ROLE_NAMES.items():
        user, _created = User.objects.get_or_create(
            username=f"perf-{role.replace(' ', '-')}", defaults={"is_staff": level == ADMINISTRATOR}
        )
        user.groups.add(Group.objects.get(name=role))
        clients[level] = client_class()
        clients[level].force_login(user)
    return clients


def query_counts(client_class) -> dict[str, tuple[int, int]]:
    """Every page of the access table opened by the least role that may: (status, queries)."""
    clients = signed_in_clients(client_class)
    arguments = page_arguments()
    counts = {}
    for name, required in ACCESS.items():
        if required in ("post-only", "token"):
            continue  # sign-out: a POST, not a page; the feed: tests/meetings/test_calendar.py
        client = clients[required if isinstance(required, int) and required > 0 else None]
        url = reverse(name, args=arguments.get(name, []))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name] = (response.status_code, len(queries_made(queries)))
    return counts


def assert_within_budget(counts: dict[str, tuple[int, int]]) -> None:
    broken = {name: status for name, (status, _n) in counts.items() if status not in (200, 302)}
    assert not broken, f"pages that did not answer: {broken}"
    over = {name: n for name, (_status, n) in counts.items() if n > QUERY_BUDGET}
    assert not over, f"pages over {QUERY_BUDGET} queries: {over}"


def test_every_page_makes_at_most_ten_queries_on_the_demo_and_with_a_generated_history(client):
    call_command("load_demo", verbosity=0)
    # One change through the service, so that the History page has a version to show.
    appointment = Appointment.objects.filter(end_date__isnull=True).order_by("pk").first()
    appointment.planned_end_date += timedelta(days=1)
    services.appointment_save(appointment=appointment)
    demo = query_counts(type(client))
    assert_within_budget(demo)

    call_command("generate_history", seed=1, scale=0.03, verbosity=0)
    written = Appointment.history.filter(history_change_reason__startswith="generate_history")
    generated = Appointment.objects.filter(pk__in=written.values("id"))
    assert generated.count() > 100
    larger = query_counts(type(client))
    assert_within_budget(larger)
    # Constant in the number of rows: the same queries with twice the appointments and more.
    grown = {name: (demo[name][1], n) for name, (_status, n) in larger.items() if n > demo[name][1]}
    assert not grown, f"(demo, generated) queries of pages whose count grew with the data: {grown}"


def test_the_generator_writes_every_change_with_its_history_and_obeys_every_rule():
    call_command("generate_history", seed=3, scale=0.01, verbosity=0)
    assert audit_rules() == []
    written = Appointment.history.filter(history_change_reason__startswith="generate_history")
    generated = Appointment.objects.filter(pk__in=written.values("id"))
    history = Appointment.history.filter(id__in=generated.values("pk"))
    # Created open-ended, then renewed and ended: one history row for each change.
    assert history.filter(history_type="+", end_date__isnull=True).count() == generated.count()
    ended = history.filter(history_type="~", end_date__isnull=False).values("id").distinct()
    assert ended.count() == generated.filter(end_date__isnull=False).count() > 0


def test_the_generator_gives_the_same_rows_for_the_same_seed():
    def schedule() -> list[tuple]:
        rows = Appointment.objects.order_by("post__code", "start_date")
        return list(rows.values_list("post__code", "person__name_latin", "start_date", "end_date"))

    call_command("generate_history", seed=3, scale=0.01, verbosity=0)
    first = schedule()
    call_command("generate_history", seed=3, scale=0.01, reset=True, interactive=False, verbosity=0)
    assert schedule() == first


# --- Exports -------------------------------------------------------------------------------

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


LISTS = [name for name in ACCESS if name.endswith("-list")]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_list_writes_the_cells_django_tables2_would(client, language):
    """The list pages read their cells with rendering.ColumnCells, not django-tables2's get_cell:
    on the demo, sorted by every column both ways, each cell is the one get_cell gives."""
    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.create_superuser("cells", password="x" * 12))
    client.cookies["django_language"] = language
    # The pages switch the thread's language (LocaleMiddleware): give it back afterwards.
    with translation.override(language):
        compared = compare_cells(client)
    assert compared > 1000


def compare_cells(client) -> int:
    compared = 0
    for name in LISTS:
        table = client.get(reverse(name)).context["table"]
        for column in [column for column in table.columns if column.orderable]:
            for sort in (column.name, f"-{column.name}"):
                table = client.get(reverse(name), {"sort": sort}).context["table"]
                rows = list(table.paginated_rows)
                readers = [rendering.ColumnCells(bound, rows[0].record) for bound in table.columns]
                for row in rows:
                    assert [reader.cell(row) for reader in readers] == [
                        row.get_cell(bound.name) for bound in table.columns
                    ], (name, sort)
                    compared += 1
    return compared
