"""The list pages: rows, sorting, odd parameters, permissions, counting and paging, queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import lists
from secretariat.models import (
    Person,
)
from tests.helpers import LISTS, MAKERS, make_people


def page_of(client, url: str, number: int):
    response = client.get(url, {"page": number})
    assert response.status_code == 200
    table = response.context["table"]
    return response.content.decode(), [row.record.pk for row in table.page.object_list], table.page.has_next()


@pytest.mark.parametrize("url_name", LISTS)
def test_a_viewer_sees_each_list_with_its_rows(client, viewer, secretariat, url_name):
    MAKERS[url_name](3)
    client.force_login(viewer)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert len(response.context["table"].rows) >= 3
    assert response.content.decode().count("<tr") >= 4  # the header and three rows


@pytest.mark.parametrize("url_name", LISTS)
def test_a_list_needs_the_view_permission(client, db, url_name):
    client.force_login(get_user_model().objects.create_user(username="nobody"))
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", LISTS)
def test_every_column_of_a_list_sorts_both_ways_and_odd_parameters_do_no_harm(
    client, viewer, secretariat, url_name
):
    MAKERS[url_name](3)
    client.force_login(viewer)
    url = reverse(url_name)
    table = client.get(url).context["table"]
    orderable = [column.name for column in table.columns if column.orderable]
    assert len(orderable) >= 3
    for name in orderable:
        for sort in (name, f"-{name}"):
            response = client.get(url, {"sort": sort})
            assert response.status_code == 200, sort
            assert len(response.context["table"].rows) >= 3
    odd = {"sort": "nonsense", "standing": "bogus", "nationality": "x", "state": "0", "current": "?"}
    assert client.get(url, odd).status_code == 200


@pytest.mark.parametrize("url_name", LISTS)
def test_the_number_of_queries_of_a_list_does_not_grow_with_its_rows(client, viewer, secretariat, url_name):
    # Budget, constant in the rows (10 to 12): session and user, two for the permissions, the
    # filters' choices, two counts (the list's paginator and the table's), one for the page, the
    # timeline on the heads' page, and the session saved when a minute has passed (core.sessions).
    client.force_login(viewer)
    url = reverse(url_name)
    MAKERS[url_name](3)
    client.get(url)  # warms the caches that are filled once per process
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    MAKERS[url_name](27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [query["sql"] for query in many.captured_queries]


def test_a_list_is_counted_exactly_within_the_limit(client, viewer, monkeypatch):
    monkeypatch.setattr(lists.CountedPaginator, "count_limit", 60)
    make_people(60)
    client.force_login(viewer)
    url = reverse("secretariat:person-list")
    with CaptureQueriesContext(connection) as queries:
        text, rows, _more = page_of(client, url, 1)
    assert "Rows 1–25 of 60" in text
    assert '<a href="?page=3">3</a>' in text  # every page number, the last one too
    # The count reads at most one row more than the limit, whatever the size of the table.
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1 and "LIMIT 61" in counts[0], counts


def test_a_list_longer_than_the_limit_pages_on_without_counting_every_row(client, viewer, monkeypatch):
    monkeypatch.setattr(lists.CountedPaginator, "count_limit", 30)
    make_people(60)
    client.force_login(viewer)
    url = reverse("secretariat:person-list")
    text, seen, more = page_of(client, url, 1)
    assert "Rows 1–25 of more than 30" in text
    # The next page and an ellipsis: the reader sees the list goes on beyond what is counted.
    assert more and '<a href="?page=2">2</a>' in text and "<li><span>…</span></li>" in text
    number = 1
    while more:
        number += 1
        text, rows, more = page_of(client, url, number)
        seen += rows
    # Every row is reached, once, and the last page knows the total.
    assert sorted(seen) == sorted(Person.objects.values_list("pk", flat=True))
    assert f"Rows 51–{len(seen)} of {len(seen)}" in text
