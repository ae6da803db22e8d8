"""Query budgets: every page its exact number of queries, written out with what each is for,
on the demo and with a generated history; never more than ten (the few exceptions in
PAGE_BUDGETS, each named)."""

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
from tests.test_access import (
    ACCESS,
    ADMINISTRATOR,
    CHOICES_ARGUMENTS,
    OFFICER,
    VIEWER,
    depository_arguments,
    meetings_arguments,
)

pytestmark = pytest.mark.django_db


QUERY_BUDGET = 10
# Pages allowed more, each query above the budget named with what it is for.
PAGE_BUDGETS = {
    # 11th: the certified copies overdue (depository), one query however many there are.
    "dashboard": QUERY_BUDGET + 1,
}


# The queries of each page, exactly, and what they are for. A signed-in page starts with three:
# the session, the user and the user's permissions (`core.backends.PermissionBackend`, one
# query for their own and their groups'); "+ n" below are the page's own. A page that gains a
# query fails, even within the ten: say here why it needs it.
SIGNED_IN = 3
PAGE_QUERIES: dict[str, tuple[int, str]] = {
    "login": (0, "nothing read: the form"),
    "healthz": (1, "SELECT 1: the database answers"),
    "set_language": (0, "a redirect"),
    "password_change": (3, "+ 0"),
    "password_change_done": (3, "+ 0"),
    "accounts:verify": (0, "no pending sign-in: a redirect"),
    "accounts:enrol": (
        7,
        "+ recovery codes, authenticator (none yet), the new unconfirmed authenticator, "
        "permissions of the admin link",
    ),
    "accounts:recovery-codes": (0, "none just shown: a redirect"),
    "accounts:access-review": (5, "+ the roles with their members, the accounts outside a role"),
    "accounts:factor-reset": (6, "+ the account, its authenticator, its record of factor events"),
    "dashboard": (
        11,
        "+ quota use of each state, vacant posts and contracts ending, the Secretary-General, "
        "the permanent representatives, recent changes (one UNION), meetings' deadlines, late "
        "materials, overdue certified copies (the 11th: PAGE_BUDGETS)",
    ),
    "record-history": (6, "+ the record, its versions (count, page) with their users"),
    "secretariat:state-list": (5, "+ count and page of states with their standing"),
    "secretariat:department-list": (5, "+ count and page"),
    "secretariat:person-list": (6, "+ count, page, the nationality filter's states"),
    "secretariat:person-create": (4, "+ the nationality choices"),
    "secretariat:term-list": (6, "+ count, page, every term (timeline and the filter's states)"),
    "secretariat:term-create": (4, "+ the nominating-state choices (the person is searched, core.choices)"),
    "secretariat:term-create-choices": (4, "+ one page of matching people"),
    "secretariat:term-detail": (6, "+ the term, the previous and the next"),
    "secretariat:deputy-list": (6, "+ count, page, the filter's states"),
    "secretariat:representative-list": (6, "+ count, page, the filter's states"),
    "secretariat:representative-create": (4, "+ the member states (the person is searched, core.choices)"),
    "secretariat:representative-create-choices": (4, "+ one page of matching people"),
    "secretariat:representative-end": (6, "+ the term, its check that it serves, its latest version"),
    "staffing:staffing-table": (4, "+ every post with that day's holder, in one query"),
    "staffing:quota-report": (6, "+ quota use of each state, the totals, the versions"),
    "staffing:quota-version-create": (6, "+ the Secretariat, the member states, today's quota lines"),
    "staffing:quota-version-detail": (6, "+ the version, its lines, every version"),
    "staffing:post-list": (6, "+ count, page with today's holders, the department filter"),
    "staffing:post-detail": (5, "+ the post, its latest appointments"),
    "staffing:appointment-list": (7, "+ count, page, the filter's states (EXISTS) and departments"),
    "staffing:appointment-create": (
        7,
        "+ member states, the quota rule's rows (lines, standings, "
        "appointments): states with room; people and posts are searched",
    ),
    "staffing:appointment-create-choices": (4, "+ one page of matching people free on the start date"),
    "staffing:appointment-detail": (4, "+ the appointment with everything it names"),
    "staffing:appointment-end": (6, "+ the appointment, its check that it serves, its latest version"),
    "staffing:appointment-contract": (6, "+ the appointment, its check that it serves, its latest version"),
    "staffing:technical-list": (6, "+ count, page, the department filter"),
    "staffing:technical-create": (4, "+ the Secretariat (its host state); people and posts are searched"),
    "staffing:technical-create-choices": (5, "+ the Secretariat (host state), one page of matching people"),
    "overview:state-detail": (
        10,
        "+ the state with its serving officials, latest appointments, "
        "representatives, path to membership, instruments, quota lines, standings with their basis",
    ),
    "overview:department-detail": (5, "+ the department, its posts with today's holders"),
    "overview:person-detail": (8, "+ the person, appointments, terms as head, as deputy, as representative"),
    "meetings:meeting-list": (7, "+ count, page, the filter's bodies and states"),
    "meetings:meeting-create": (5, "+ the bodies, the states"),
    "meetings:meeting-detail": (
        9,
        "+ the meeting, delegations, agenda, documents adopted, materials, drafts",
    ),
    "meetings:material-create": (4, "+ the meeting (with the permission check of its link)"),
    "meetings:material-exception": (4, "+ the material with its meeting"),
    "meetings:presidency-timeline": (4, "+ every presidency"),
    "meetings:presidency-create": (4, "+ the states"),
    "meetings:draft-queue": (6, "+ count, page, the proposing states"),
    "meetings:draft-create": (5, "+ the states, the meetings"),
    "meetings:draft-detail": (7, "+ the draft, proposers, review steps, materials"),
    "meetings:draft-move": (4, "+ the draft"),
    "meetings:calendar-address": (4, "+ the user's calendar token"),
    "depository:instrument-list": (7, "+ count, page of instruments, the filter's meetings and states"),
    "depository:instrument-detail": (
        7,
        "+ the instrument with what it names, its participations, log, certified copies",
    ),
    "depository:act-create": (
        5,
        "+ the officer's permissions, the states to choose from (a convention: no organisation is offered)",
    ),
    "depository:entry-into-force": (
        6,
        "+ the officer's permissions, the qualifying participations, the parties to propose for",
    ),
    "depository:originals": (4, "+ the officer's permissions"),
    "depository:event-correct": (4, "+ the officer's permissions"),
    "depository:copy-list": (5, "+ count, page of copies with their instrument and recipient"),
    "depository:copy-sent": (4, "+ the officer's permissions"),
    "depository:notification-list": (6, "+ count, page, the events reported with their party and instrument"),
    "depository:notification-create": (4, "+ the events not yet notified"),
    "depository:notification-detail": (5, "+ the notification, its events"),
    "depository:notification-print": (5, "+ the notification, its events"),
    "relations:timeline": (4, "+ every standing with its state, decision and memorandum, in one query"),
    "relations:partner-list": (5, "+ count, page of standings with their basis"),
    "relations:organisation-list": (6, "+ count, page of organisations, their instruments"),
    "relations:organisation-detail": (5, "+ the organisation, its instruments"),
}


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
        "relations:organisation-detail": ["unesco"],
        **meetings_arguments(),
        **depository_arguments(),
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
    over = {name: n for name, (_status, n) in counts.items() if n > PAGE_BUDGETS.get(name, QUERY_BUDGET)}
    assert not over, f"pages over their budget ({QUERY_BUDGET} queries unless PAGE_BUDGETS says): {over}"
    unwritten = sorted(set(counts) - set(PAGE_QUERIES))
    assert not unwritten, f"write the queries of these pages into PAGE_QUERIES: {unwritten}"
    changed = {
        name: f"{PAGE_QUERIES[name][0]} -> {n}"
        for name, (_status, n) in counts.items()
        if n != PAGE_QUERIES[name][0]
    }
    assert not changed, f"pages whose queries changed (update PAGE_QUERIES with the reason): {changed}"


def test_the_query_table_is_within_the_budget_and_covers_every_page():
    assert all(n <= PAGE_BUDGETS.get(name, QUERY_BUDGET) for name, (n, _what) in PAGE_QUERIES.items())
    pages = {name for name, required in ACCESS.items() if required not in ("post-only", "token")}
    assert set(PAGE_QUERIES) == pages


def test_a_page_that_gains_a_query_fails_even_under_ten():
    counts = {name: (200, n) for name, (n, _what) in PAGE_QUERIES.items()}
    assert_within_budget(counts)
    counts["secretariat:state-list"] = (200, PAGE_QUERIES["secretariat:state-list"][0] + 4)
    assert counts["secretariat:state-list"][1] <= QUERY_BUDGET
    with pytest.raises(AssertionError, match="secretariat:state-list"):
        assert_within_budget(counts)


def test_every_page_makes_exactly_its_queries_on_the_demo_and_with_a_generated_history(client):
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
