"""No input breaks a page: every page of the project and of the admin, opened by each role with
generated query strings and submitted with generated form values, answers without a server error,
and a form it refuses writes nothing.

The pages come from the URL configuration itself, not from a list kept here: every URL pattern
(the admin's included) gets a test per role. Its addresses are those the administrator reaches by
following links from the dashboard and the admin index (real records, so forms are real), plus one
address with hostile values in the path. A page added tomorrow is covered without editing this file.

Examples per test: the `ci` profile (a few, in the suite); `make fuzz` runs the `fuzz` profile.
"""

import io
import os
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.test_foundation import url_patterns

settings.register_profile(
    "ci", max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
settings.register_profile("fuzz", max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROLES = {"viewer": "viewer", "officer": "records officer", "admin": "administrator"}
START = ["/", "/admin/"]
PER_ROUTE = 2  # real addresses kept per URL pattern: enough to reach its forms, quick to walk
NEVER_FOLLOWED = re.compile(r"^/(static|i18n)/|/logout/|/password/")

# Values a careless or hostile user types: numbers past any integer column, dates far out or
# impossible, very long and control-laden text, fragments of SQL, HTML and spreadsheet formulas.
HOSTILE = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "1899-12-31",
    "10000-01-01",
    "31/12/2024",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "\u202e\u0644\u0627",
    '=HYPERLINK("http://example.invalid/","x")',
    "x" * 20_000,
    "%",
    "../../etc/passwd",
    "1,2",
    "КУЗЬМИН",
    "中国",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda day: day.isoformat()),
)
# Query parameters lists, reports and the admin read, beside those of each page's own forms.
QUERY_KEYS = [
    "page",
    "per_page",
    "sort",
    "_export",
    "q",
    "as_of",
    "o",
    "p",
    "e",
    "all",
    "_changelist_filters",
    "_to_field",
    "_popup",
    "next",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "state",
    "department",
]


class FormParser(HTMLParser):
    """The links of a page, and each POST form's fields with their values and choices."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.get_fields: set[str] = set()
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = {"method": method, "action": attrs.get("action") or "", "fields": {}, "choices": {}}
            if method == "post":
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            if self._form["method"] == "get":
                self.get_fields.add(attrs["name"])
            elif attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                self._form["choices"].setdefault(attrs["name"], []).append(attrs.get("value", "on"))
            elif attrs.get("type") not in ("submit", "button", "file", "image"):
                self._form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            if self._form["method"] == "get":
                self.get_fields.add(self._select)
            else:
                self._form["fields"].setdefault(self._select, "")
                self._form["choices"].setdefault(self._select, [])
        elif tag == "option" and self._select and self._form["method"] == "post":
            value = attrs.get("value", "")
            self._form["choices"][self._select].append(value)
            if "selected" in attrs:
                self._form["fields"][self._select] = value
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = attrs["name"]
            if self._form["method"] == "post":
                self._form["fields"][self._textarea] = ""

    def handle_data(self, text):
        if self._textarea and self._form and self._form["method"] == "post":
            self._form["fields"][self._textarea] += text

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse(response) -> FormParser:
    parser = FormParser()
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        parser.feed(response.content.decode())
    return parser


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def all_routes() -> dict[str, str]:
    """Every URL pattern of the project and the admin: view name → an address with hostile args."""
    routes = {}
    for name, example in url_patterns():
        hostile = re.sub(r"/1/", "/99999999999999999999/", example).replace("/XX/", "/%C2%A0%00x/")
        routes.setdefault(name, hostile)
    return routes


ROUTES = all_routes()


def row_counts() -> dict[str, int]:
    """Rows of every table a form could write, in one query (sessions and sign-in logs aside)."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "axes") and model._meta.managed
    )
    sql = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM {connection.ops.quote_name(table)}" for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


# The crawl runs in setUpTestData, before pytest's fixtures: it needs the plain storage and the
# demo's sign-in (no second factor asked) too.
@override_settings(
    OTP_REQUIRED=False,
    STORAGES={
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
)
class HostileInputTests(TestCase):
    """One test per URL pattern and role, generated below; each example is rolled back."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)
        call_command("demo_accounts", stdout=io.StringIO())
        cls.addresses = cls.crawl()

    @classmethod
    def crawl(cls) -> dict[str, list[str]]:
        """Addresses an administrator reaches by links, at most PER_ROUTE per URL pattern."""
        client = Client()
        client.force_login(get_user_model().objects.get(username="admin"))
        found: dict[str, list[str]] = defaultdict(list)
        queue = list(START)
        seen = set(queue)
        while queue:
            path = queue.pop(0)
            name = route_of(path)
            if name is None or len(found[name]) >= PER_ROUTE:
                continue
            found[name].append(path)
            for link in parse(client.get(path)).links:
                parts = urlsplit(link)
                target = parts.path
                if (
                    parts.netloc
                    or not target.startswith("/")
                    or NEVER_FOLLOWED.search(target)
                    or target in seen
                ):
                    continue
                seen.add(target)
                queue.append(target)
        return found

    def walk(self, role: str, route: str, draw) -> None:
        self.client.force_login(get_user_model().objects.get(username=role))
        path = draw(st.sampled_from([*self.addresses.get(route, []), ROUTES[route]]))
        page = self.client.get(path)
        self.assertLess(page.status_code, 500, path)
        form_keys = sorted(parse(page).get_fields)
        keys = sorted(set(QUERY_KEYS + form_keys))
        query = {key: draw(hostile_text) for key in draw(st.sets(st.sampled_from(keys), min_size=1))}
        response = self.client.get(path, query)
        self.assertLess(response.status_code, 500, f"GET {path}?{urlencode(query)}")
        for form in parse(page).forms:
            self.submit(path, form, draw)

    def submit(self, path: str, form: dict, draw) -> None:
        values = dict(form["fields"])
        for name, choices in form["choices"].items():
            if choices and name not in values:
                values[name] = draw(st.sampled_from(choices))
        tampered = draw(st.sets(st.sampled_from(sorted(values) or [""]), max_size=len(values)))
        for name in tampered - {"csrfmiddlewaretoken"}:
            choices = [value for value in form["choices"].get(name, []) if value]
            values[name] = draw(
                st.one_of(hostile_text, st.sampled_from(choices)) if choices else hostile_text
            )
        action = form["action"] or path
        if not action.startswith("/"):
            action = path
        before = row_counts()
        response = self.client.post(action, values)
        self.assertLess(response.status_code, 500, f"POST {action} {values!r:.2000}")
        if response.status_code != 302:
            # Refused (the form again, with its messages, or 4xx): nothing was written.
            self.assertEqual(row_counts(), before, f"refused POST {action} wrote rows")


def make_test(role: str, route: str):
    @PROFILE
    @given(st.data())
    def test(self, data):
        self.walk(role, route, data.draw)

    test.__doc__ = f"{ROLES[role]}: {route} answers hostile input without a server error"
    return test


for _role in ROLES:
    for _route in ROUTES:
        _name = re.sub(r"\W", "_", f"test_{_role}_{_route}")
        setattr(HostileInputTests, _name, make_test(_role, _route))
