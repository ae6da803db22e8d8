"""Server time of every page on a large data set, next to the Django admin and a bare view.

    make bench                                   # the whole run, on PostgreSQL
    .venv/bin/python bench/run.py --requests 50  # more requests per page

The database is DATABASE_URL, by default `postgres://postgres@127.0.0.1:5432/sco_bench`
(created when missing). When it holds no generated history, the run migrates it and fills
it with `manage.py generate_history --seed 1 --scale 10` (a few minutes).

Each page is requested through Django's test client (the full middleware stack, DEBUG off,
the production static files storage), signed in with `force_login`: a viewer for what a
viewer may open, an administrator for the forms. After a warm-up, the median and the 95th
percentile of the server time over repeated requests, the queries of one request and the
size of its HTML. Side by side, on the same rows: the admin page of the same model
(changelist for lists, with the list's page size, filter and order; change page for
details; signed in as a superuser who passed the second factor, as the admin requires),
and the floor, a bare view defined here that fetches the page's first rows in one query and
renders them into a minimal template. Every page timed, the admin's and the floor's too,
must answer 200: a redirect would be timed instead of the page. Then the memory of the
streamed CSV export (tracemalloc) at two sizes.

The table is printed and written to bench-results/results.md (git-ignored).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import timeit
import tracemalloc
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sco_bench")
# Production mode: no debug toolbar of queries kept in memory, compiled templates cached.
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import clear_url_caches, path, resolve, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.signin import FACTOR, VERIFIED, changes_records  # noqa: E402
from config.startup import settle  # noqa: E402
from core.roles import ensure_roles  # noqa: E402
from secretariat.models import (  # noqa: E402
    Department,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    State,
)
from staffing.models import Appointment, Post, QuotaVersion, quota_use_on  # noqa: E402
from staffing.views import AppointmentListView  # noqa: E402
from tests.test_access import ACCESS, VIEWER  # noqa: E402
from tests.test_performance import PAGE_BUDGETS, QUERY_BUDGET, page_arguments, queries_made  # noqa: E402

RESULTS = ROOT / "bench-results" / "results.md"
GENERATED = "generate_history"

# Budgets of issues 9 and 18, p95 in ms: list and detail pages 60 (and no slower than their
# admin page at equal size), forms 60 with at most 60 kB of HTML, the dashboard and the
# reports as of a date (the quota report, the staffing table) 150.
REPORTS = {"dashboard", "staffing:quota-report", "staffing:staffing-table"}
LIST_BUDGET, FORM_BUDGET, REPORT_BUDGET = 60.0, 60.0, 150.0
FORM_HTML_BUDGET = 60 * 1024
FORM_SUFFIXES = (
    "-create",
    "-choices",
    "-end",
    "-contract",
    "-exception",
    "-move",
    "-reset",
    "password_change",
)


def is_form(name: str) -> bool:
    return name.endswith(FORM_SUFFIXES)


def is_list_or_detail(name: str) -> bool:
    return name.endswith(("-list", "-detail", "-queue", "-timeline", "-review")) or name == "record-history"


def time_budget(name: str) -> float | None:
    if name in REPORTS:
        return REPORT_BUDGET
    if is_form(name):
        return FORM_BUDGET
    if is_list_or_detail(name):
        return LIST_BUDGET
    return None


# Lists show this many rows a page: the admin changelist compared with them shows as many.
PAGE = 25


@dataclass(frozen=True)
class AdminList:
    """The admin changelist that shows what a list shows: same rows, page size and order."""

    url_name: str
    query: str = ""
    # The list's default order, given to the admin for the run (None: both use the model's).
    ordering: tuple[str, ...] | None = None
    per_page: int = PAGE


ADMIN_LISTS = {
    "secretariat:state-list": AdminList("admin:secretariat_state_changelist"),
    "secretariat:department-list": AdminList("admin:secretariat_department_changelist"),
    "secretariat:person-list": AdminList("admin:secretariat_person_changelist"),
    "secretariat:term-list": AdminList("admin:secretariat_secretarygeneralterm_changelist"),
    "secretariat:deputy-list": AdminList("admin:secretariat_deputysecretarygeneralterm_changelist"),
    "secretariat:representative-list": AdminList("admin:secretariat_permanentrepresentative_changelist"),
    "staffing:post-list": AdminList(
        "admin:staffing_post_changelist", ordering=("department__position", "code")
    ),
    # The staffing table shows every post on one page: the admin shows them all too.
    "staffing:staffing-table": AdminList("admin:staffing_post_changelist", per_page=1000),
    "staffing:appointment-list": AdminList(
        "admin:staffing_appointment_changelist", "post__category__exact=official", ("-start_date",)
    ),
    "staffing:technical-list": AdminList(
        "admin:staffing_appointment_changelist", "post__category__exact=technical", ("-start_date",)
    ),
    "staffing:quota-report": AdminList("admin:staffing_quotaversion_changelist"),
    "meetings:meeting-list": AdminList("admin:meetings_meeting_changelist"),
    "meetings:draft-queue": AdminList("admin:meetings_draft_changelist"),
}
# Detail page: admin change page of the same record (URL name, index of the pk in the arguments).
ADMIN_DETAILS = {
    "record-history": ("admin:staffing_appointment_history", 2),
    "secretariat:term-detail": ("admin:secretariat_secretarygeneralterm_change", 0),
    "staffing:quota-version-detail": ("admin:staffing_quotaversion_change", 0),
    "staffing:appointment-detail": ("admin:staffing_appointment_change", 0),
    "overview:person-detail": ("admin:secretariat_person_change", 0),
}


# --- The floor: one query, a minimal template ------------------------------------------------

FLOOR_TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>{{ title }}</title><table>"
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}"
    "</table>"
)


APPOINTMENT_COLUMNS = (
    "person__name_latin",
    "post__code",
    "post__department__name_en",
    "nominated_by__name_en",
    "start_date",
    "planned_end_date",
    "end_date",
    "end_reason",
)


def _first_rows(name: str, arguments: list):
    """The rows the page shows first, from one query, as tuples of plain values."""
    today = timezone.localdate()
    queries = {
        "dashboard": lambda: quota_use_on(today).values_list("name_en", "quota", "serving"),
        "staffing:quota-report": lambda: quota_use_on(today).values_list("name_en", "quota", "serving"),
        "staffing:staffing-table": lambda: Post.objects.for_staffing_table(today).values_list(
            "department__name_en", "code", "title_en", "holder_name", "holder_state_name_en", "holder_start"
        ),
        "secretariat:state-list": lambda: State.objects.annotate_status_on(today).values_list(
            "name_en", "code", "iso3", "status_on"
        )[:PAGE],
        "secretariat:department-list": lambda: Department.objects.values_list(
            "position", "name_en", "code", "mandate_en"
        )[:PAGE],
        "secretariat:person-list": lambda: Person.objects.order_by("name_latin").values_list(
            "name_latin", "name_original", "nationality__name_en", "is_fictional"
        )[:PAGE],
        "secretariat:term-list": lambda: SecretaryGeneralTerm.objects.values_list(
            "person__name_latin", "nominating_state__name_en", "title", "start_date", "end_date", "decision"
        )[:PAGE],
        "secretariat:deputy-list": lambda: DeputySecretaryGeneralTerm.objects.values_list(
            "person__name_latin", "nominating_state__name_en", "start_date", "end_date", "decision"
        )[:PAGE],
        "secretariat:representative-list": lambda: PermanentRepresentative.objects.values_list(
            "state__name_en", "person__name_latin", "person__name_original", "start_date", "end_date"
        )[:PAGE],
        "staffing:post-list": lambda: Post.objects.order_by("department__position", "code").values_list(
            "code", "title_en", "department__name_en", "grade", "category", "start_date", "end_date"
        )[:PAGE],
        "staffing:appointment-list": lambda: (
            Appointment.objects.officials().order_by("-start_date").values_list(*APPOINTMENT_COLUMNS)[:PAGE]
        ),
        "staffing:technical-list": lambda: (
            Appointment.objects.technical().order_by("-start_date").values_list(*APPOINTMENT_COLUMNS)[:PAGE]
        ),
        "record-history": lambda: (
            Appointment.history.filter(id=arguments[2])
            .order_by("-history_id")
            .values_list("history_date", "history_type", "start_date", "planned_end_date", "end_date")[:PAGE]
        ),
        "secretariat:term-detail": lambda: SecretaryGeneralTerm.objects.filter(pk=arguments[0]).values_list(
            "person__name_latin", "nominating_state__name_en", "start_date", "end_date"
        ),
        "staffing:quota-version-detail": lambda: QuotaVersion.objects.filter(pk=arguments[0]).values_list(
            "effective_date", "lines__state__name_en", "lines__places"
        ),
        "staffing:post-detail": lambda: (
            Appointment.objects.filter(post__code=arguments[0])
            .order_by("-start_date")
            .values_list("person__name_latin", "nominated_by__name_en", "start_date", "end_date")[:PAGE]
        ),
        "staffing:appointment-detail": lambda: Appointment.objects.filter(pk=arguments[0]).values_list(
            *APPOINTMENT_COLUMNS
        ),
        "overview:state-detail": lambda: (
            Appointment.objects.filter(nominated_by__code=arguments[0])
            .order_by("-start_date")
            .values_list("person__name_latin", "post__code", "start_date", "end_date")[:PAGE]
        ),
        "overview:department-detail": lambda: (
            Post.objects.for_staffing_table(today)
            .filter(department__code=arguments[0])
            .values_list("code", "title_en", "holder_name", "holder_start")
        ),
        "overview:person-detail": lambda: (
            Appointment.objects.filter(person=arguments[0])
            .order_by("-start_date")
            .values_list(*APPOINTMENT_COLUMNS)
        ),
    }
    # Forms and other pages: the floor is the bare template with no row.
    return queries[name]() if name in queries else []


FLOOR_ARGUMENTS: dict[str, list] = {}


def floor_view(request, name: str):
    rows = list(_first_rows(name, FLOOR_ARGUMENTS.get(name, [])))
    return HttpResponse(FLOOR_TEMPLATE.render({"title": name, "rows": rows}, request))


class FloorUrls:
    """The project's URLs and the floor views, for this run only."""

    from config.urls import urlpatterns as project

    urlpatterns = [path("__floor__/<str:name>/", floor_view, name="bench-floor"), *project]


# --- Measuring ---------------------------------------------------------------------------


def measure(targets: list[tuple[Client, str]], requests: int, warmup: int) -> list[dict]:
    """Server time, queries and size of each (client, URL), requested in turn: the page, its
    admin page and its floor alternate, so that whatever else the machine does weighs on all
    three alike and their ratios stay fair."""
    results = []
    for client, url in targets:
        for _ in range(warmup):
            _get(client, url)
        with CaptureQueriesContext(connection) as queries:
            status, size = _get(client, url)
        # Counted now: the next request empties the connection's query log. Transaction
        # control (BEGIN and COMMIT around the session's save) is not counted, as in the tests.
        count = len(queries_made(queries))
        results.append(
            {"status": status, "size": size, "queries": count, "control": len(queries) - count, "times": []}
        )
    for _ in range(requests):
        for (client, url), result in zip(targets, results, strict=True):
            started = time.perf_counter()
            _get(client, url)
            result["times"].append((time.perf_counter() - started) * 1000)
    for result in results:
        times = sorted(result.pop("times"))
        result["median"] = statistics.median(times)
        result["p95"] = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return results


def _get(client: Client, url: str) -> tuple[int, int]:
    """(status, bytes of the body)."""
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, size


@contextmanager
def admin_like(url: str, shown: AdminList):
    """The admin changelist at `url` with the list's page size and order, for this run only:
    the product's admin keeps its own (100 rows a page)."""
    model_admin = resolve(url.split("?")[0]).func.model_admin
    saved = model_admin.list_per_page, model_admin.ordering
    model_admin.list_per_page = shown.per_page
    if shown.ordering is not None:
        model_admin.ordering = shown.ordering
    try:
        yield
    finally:
        model_admin.list_per_page, model_admin.ordering = saved


def ensure_database() -> None:
    """Create the database when missing; migrate; generate the history when absent."""
    try:
        connection.ensure_connection()
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
        import psycopg

        params = connection.get_connection_params()
        name = params.pop("dbname")
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        print(f"Created the database {name}.", flush=True)
    call_command("migrate", verbosity=0)
    if not Post.history.filter(history_change_reason__startswith=GENERATED).exists():
        print("No generated history here: generating it (seed 1, scale 10) ...", flush=True)
        call_command("generate_history", seed=1, scale=10, reset=True, interactive=False)
    # Every run: a static file added since the last one would be missing from the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)


def users() -> tuple[User, User]:
    ensure_roles()
    viewer, _created = User.objects.get_or_create(username="bench-viewer")
    viewer.groups.set([Group.objects.get(name="viewer")])
    admin, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    return viewer, admin


def signed_in(user: User) -> Client:
    """A client signed in as `user`; an account that changes records has passed its second
    factor too (a confirmed authenticator in the session, as `accounts.signin.complete` leaves
    it), or every page would send it back to sign in."""
    client = Client()
    client.force_login(user)
    if changes_records(user):
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[FACTOR] = VERIFIED
        session.save()
    return client


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0] if connection.vendor == "postgresql" else connection.vendor
    load = os.getloadavg()[0]
    # A calibration: the same loop takes about 0.1 s on a recent desktop processor.
    loop = timeit.timeit("sum(range(1000))", number=10_000)
    return [
        f"- machine: {os.cpu_count()} CPUs (`nproc`), {cpu}, {memory} GiB RAM; "
        f"load average {load:.1f} when the run started",
        f"- Python speed: `sum(range(1000))` 10,000 times in {loop:.2f} s",
        f"- PostgreSQL {postgres}; Python {platform.python_version()}; Django {django.get_version()}",
    ]


def data_size() -> str:
    counts = {
        "people": Person.objects.count(),
        "appointments": Appointment.objects.count(),
        "representative terms": PermanentRepresentative.objects.count(),
        "posts": Post.objects.count(),
        "history rows": sum(
            model.history.count()
            for model in (Person, Appointment, PermanentRepresentative, Post, State, SecretaryGeneralTerm)
        ),
    }
    return ", ".join(f"{count:,} {label}" for label, count in counts.items())


def pages(arguments: dict) -> list[tuple[str, str, bool]]:
    """(URL name, URL, signed in as administrator) for every page a signed-in user opens with GET."""
    result = []
    for name, required in ACCESS.items():
        if not isinstance(required, int) or required == 0:
            continue  # sign-in, sign-out, language switch, health check: not pages of the records
        result.append((name, reverse(name, args=arguments.get(name, [])), required > VIEWER))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-exports", action="store_true", help="Skip the export memory measurement.")
    parser.add_argument(
        "--only", nargs="+", default=[], metavar="NAME", help="Pages whose URL name contains one of these."
    )
    options = parser.parse_args()

    ensure_database()
    settings.ROOT_URLCONF = FloorUrls
    clear_url_caches()
    viewer, admin = users()
    arguments = page_arguments()
    FLOOR_ARGUMENTS.update(arguments)
    clients = {user.pk: signed_in(user) for user in (viewer, admin)}
    # As the WSGI entry does in production (config/wsgi.py), before the first request.
    settle()

    header = [
        "| page | queries (+ BEGIN/COMMIT) | kB | median ms | p95 ms | p95 budget | admin page | admin p95 "
        "| × admin | floor p95 | × floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    lines, misses = [], []
    print(f"Data: {data_size()}", flush=True)
    for name, url, as_admin in pages(arguments):
        if options.only and not any(part in name for part in options.only):
            continue
        client = clients[admin.pk if as_admin else viewer.pk]
        budget = time_budget(name)
        reference, admin_url, shown = "—", None, None
        if name in ADMIN_LISTS:
            shown = ADMIN_LISTS[name]
            query = f"?{shown.query}" if shown.query else ""
            size = shown.per_page if shown.per_page < 1000 else "all"
            reference = f"{shown.url_name.split(':')[1]}{query} ({size} a page)"
            admin_url = reverse(shown.url_name) + query
        elif name in ADMIN_DETAILS:
            admin_name, index = ADMIN_DETAILS[name]
            reference = admin_name.split(":")[1]
            admin_url = reverse(admin_name, args=[arguments[name][index]])
        targets = [(client, url), (clients[viewer.pk], reverse("bench-floor", args=[name]))]
        if admin_url:
            targets.append((clients[admin.pk], admin_url))
        with admin_like(admin_url, shown) if shown else nullcontext():
            timed = measure(targets, options.requests, options.warmup)
        result, floor, *rest = timed
        floor_p95 = floor["p95"]
        admin_p95 = rest[0]["p95"] if rest else None
        # No list or detail page slower than the admin page of the same rows, at equal size.
        over_admin = admin_p95 is not None and is_list_or_detail(name) and result["p95"] > admin_p95
        failed = (
            any(each["status"] != 200 for each in timed)
            or result["queries"] > PAGE_BUDGETS.get(name, QUERY_BUDGET)
            or (budget is not None and result["p95"] > budget)
            or (is_form(name) and result["size"] > FORM_HTML_BUDGET)
            or over_admin
        )
        if failed:
            misses.append(name)
        role = " (administrator)" if as_admin else ""
        versus_admin = (
            ("—", "—") if admin_p95 is None else (f"{admin_p95:.1f}", f"{result['p95'] / admin_p95:.2f}")
        )
        line = (
            f"| {name}{role} | {result['queries']} (+{result['control']}) | {result['size'] / 1024:.0f} | "
            f"{result['median']:.1f} | "
            f"{result['p95']:.1f} | {'—' if budget is None else f'{budget:.0f}'} | {reference} | "
            f"{versus_admin[0]} | {versus_admin[1]} | {floor_p95:.1f} | {result['p95'] / floor_p95:.1f} |"
            + (" **miss**" if failed else "")
            + "".join(f" (status {each['status']})" for each in timed if each["status"] != 200)
        )
        lines.append(line)
        print(line, flush=True)

    exports = [] if options.no_exports else export_memory(clients[viewer.pk])
    report = [
        "# Benchmark results",
        "",
        f"Run {timezone.localtime():%Y-%m-%d %H:%M %Z}, {options.requests} requests per page after "
        f"{options.warmup} to warm up.",
        "",
        *machine(),
        f"- data: {data_size()}",
        "",
        *header,
        *lines,
        "",
        "Pages over their budget (status, queries, p95, form HTML, or slower than the admin page): "
        f"{', '.join(misses) or 'none'}.",
        "",
        *exports,
    ]
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(["", *header, *lines, "", *exports]))
    print(f"\nWritten to {options.out}")
    if misses:
        # A budget is a check, not a wish: a miss fails the run (and `make bench`).
        sys.exit(f"Over budget: {', '.join(misses)}.")


# --- Exports -----------------------------------------------------------------------------


class AllAppointmentsView(AppointmentListView):
    """The appointments page over every appointment, officials and technical staff: the whole table."""

    def get_queryset(self):
        return Appointment.objects.with_related()


def export_memory(client: Client) -> list[str]:
    """Peak memory (tracemalloc) and time of the streamed CSV export at two sizes, and of Excel.

    Each export runs twice: once traced, for the peak of memory allocated while the response
    is produced and read (nothing of it kept), once untraced, for the time (tracemalloc
    slows Python down several times).
    """
    url = reverse("staffing:appointment-list")
    total = Appointment.objects.officials().count()
    # A start date that leaves about 5,000 officials' appointments.
    days = list(Appointment.objects.officials().order_by("start_date").values_list("start_date", flat=True))
    until = days[min(len(days), 5000) - 1]
    cases = [
        (f"officials who started until {until}, CSV", f"{url}?started_until={until}&_export=csv"),
        ("every official, CSV", f"{url}?_export=csv"),
        ("the whole appointments table (technical staff too), CSV", ALL_APPOINTMENTS),
        (
            f"officials who started until {until}, Excel (tablib, not streamed)",
            f"{url}?started_until={until}&_export=xlsx",
        ),
    ]
    lines = [
        f"Exports of the appointments page ({total:,} officials, "
        f"{Appointment.objects.count():,} appointments in all):",
        "",
        "| export | rows | peak memory (MiB) | time (s) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, target in cases:
        rows, peak = _export(client, target, traced=True)
        _rows, seconds = _export(client, target, traced=False)
        lines.append(
            f"| {label} | {'—' if rows is None else f'{rows:,}'} | {peak / 2**20:.1f} | {seconds:.1f} |"
        )
        print(lines[-1], flush=True)
    return lines


ALL_APPOINTMENTS = "every appointment"


def _export(client: Client, target: str, traced: bool) -> tuple[int | None, float]:
    """(rows or None for a binary file, peak bytes if traced else seconds)."""
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        if target == ALL_APPOINTMENTS:
            request = RequestFactory().get(reverse("staffing:appointment-list"), {"_export": "csv"})
            request.user = User.objects.get(username="bench-viewer")
            response = AllAppointmentsView.as_view()(request)
        else:
            response = client.get(target)
        rows = None
        if response.streaming:
            rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
        else:
            _content = response.content
        measured = tracemalloc.get_traced_memory()[1] if traced else time.perf_counter() - started
    finally:
        if traced:
            tracemalloc.stop()
    return rows, measured


if __name__ == "__main__":
    main()
