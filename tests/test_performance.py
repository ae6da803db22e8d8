"""Performance: every page in at most ten queries at any data size, exports in constant memory.

The query budget is ten per page: the session, the user and the permissions take three or
four, the page itself the rest (one query per list or table it shows, never one per row).
Each page is tried on the demo and on the demo plus a generated history
(`manage.py generate_history` at a tiny scale), with the busiest record of each kind as
its argument, so that a query per row would show. `make bench` measures the time of the
same pages on a data set ten times the size of the Secretariat (docs/performance.md).
"""

from __future__ import annotations

import csv
import io
import tracemalloc
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tables2 import RequestConfig
from django_tables2.export import TableExport

from secretariat.models import (
    Department,
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    State,
)
from staffing.audit import audit_rules
from staffing.models import Appointment, Category, Post, QuotaVersion
from staffing.tables import AppointmentTable
from tests import factories
from tests.test_access import ACCESS, ADMINISTRATOR, OFFICER, VIEWER

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
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
        "staffing:state-detail": [state.code],
        "staffing:department-detail": [department.code],
        "staffing:person-detail": [person.pk],
    }


def signed_in_clients(client_class) -> dict:
    """A client for each role, and one signed out (None)."""
    clients = {None: client_class()}
    for level, role in ROLE_NAMES.items():
        user = User.objects.create_user(f"perf-{role.replace(' ', '-')}", is_staff=level == ADMINISTRATOR)
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
        if required == "post-only":
            continue  # sign-out: a POST, not a page
        client = clients[required if isinstance(required, int) and required > 0 else None]
        url = reverse(name, args=arguments.get(name, []))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts[name] = (response.status_code, len(queries))
    return counts


def assert_within_budget(counts: dict[str, tuple[int, int]]) -> None:
    broken = {name: status for name, (status, _n) in counts.items() if status not in (200, 302)}
    assert not broken, f"pages that did not answer: {broken}"
    over = {name: n for name, (_status, n) in counts.items() if n > QUERY_BUDGET}
    assert not over, f"pages over {QUERY_BUDGET} queries: {over}"


def test_every_page_makes_at_most_ten_queries_on_the_demo_and_with_a_generated_history(client):
    call_command("load_demo", verbosity=0)
    demo = query_counts(type(client))
    assert_within_budget(demo)

    call_command("generate_history", seed=1, scale=0.05, verbosity=0)
    assert Appointment.objects.count() > Appointment.history.values("id").distinct().count() > 200
    larger = query_counts(type(client))
    assert_within_budget(larger)
    # Constant in the number of rows: the same queries with ten times the appointments.
    grown = {name: (demo[name][1], n) for name, (_status, n) in larger.items() if n > demo[name][1]}
    assert not grown, f"(demo, generated) queries of pages whose count grew with the data: {grown}"


def test_the_generator_is_reproducible_and_its_rows_obey_every_rule():
    def schedule() -> list[tuple]:
        rows = Appointment.objects.order_by("post__code", "start_date")
        return list(rows.values_list("post__code", "person__name_latin", "start_date", "end_date"))

    call_command("generate_history", seed=3, scale=0.02, verbosity=0)
    first = schedule()
    call_command("generate_history", seed=3, scale=0.02, reset=True, verbosity=0)
    assert schedule() == first
    assert audit_rules() == []
    # Each generated appointment has its creation in the history, and each ended one its end.
    written = Appointment.history.filter(history_change_reason__startswith="generate_history")
    generated = Appointment.objects.filter(pk__in=written.values("id"))
    assert generated.count() > 50
    history = Appointment.history.filter(id__in=generated.values("pk"))
    assert history.filter(history_type="+").count() == generated.count()
    ended = history.filter(history_type="~", end_date__isnull=False).values("id").distinct()
    assert ended.count() == generated.filter(end_date__isnull=False).count()


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


def streamed_export(client, url: str) -> tuple[int, int, str]:
    """(rows, peak bytes allocated while the response was produced, text) of a CSV export."""
    tracemalloc.start()
    try:
        response = client.get(url)
        assert response.status_code == 200
        assert response.streaming
        text = b"".join(response.streaming_content).decode("utf-8")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return len(rows) - 1, peak, text


def test_the_csv_export_of_appointments_streams_in_constant_memory(viewer_client, many_appointments):
    many_appointments(5000)
    url = reverse("staffing:appointment-list")
    until = (START + timedelta(days=499)).isoformat()
    small_rows, small_peak, _text = streamed_export(viewer_client, f"{url}?started_until={until}&_export=csv")
    large_rows, large_peak, _text = streamed_export(viewer_client, f"{url}?_export=csv")
    assert (small_rows, large_rows) == (500, 5000)
    # Ten times the rows, not ten times the memory: rows are read in chunks and written out.
    assert large_peak < 2 * small_peak, f"peak {small_peak:,} B for 500 rows, {large_peak:,} B for 5,000"


def test_the_streamed_csv_is_the_export_django_tables2_made(viewer_client):
    call_command("load_demo", verbosity=0)
    _rows, _peak, text = streamed_export(viewer_client, reverse("staffing:appointment-list") + "?_export=csv")
    request = viewer_client.get(reverse("staffing:appointment-list")).wsgi_request
    table = AppointmentTable(Appointment.objects.officials().with_related())
    RequestConfig(request, paginate=False).configure(table)
    assert text == "\ufeff" + TableExport("csv", table).export()
    assert Appointment.objects.filter(post__category=Category.OFFICIAL).count() == text.count("\r\n") - 1
