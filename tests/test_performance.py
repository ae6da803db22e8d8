"""Query budgets: every page at most ten queries, on the demo and with a generated history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.models import (
    Department,
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    State,
)
from staffing import services
from staffing.models import Appointment, Post, QuotaVersion
from tests.test_access import ACCESS, ADMINISTRATOR, CHOICES_ARGUMENTS, OFFICER, VIEWER, meetings_arguments

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
    # The account whose second factor has the longest record.
    account = User.objects.annotate(n=Count("factor_events")).order_by("-n", "pk").first()
    return {
        "accounts:factor-reset": [account.pk],
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
        **CHOICES_ARGUMENTS,
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
