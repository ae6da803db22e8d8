"""Every staffing page answers a viewer, and its queries do not grow with the rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat.models import Person
from staffing.models import Appointment, Category, Post, QuotaVersion
from tests import factories

pytestmark = pytest.mark.django_db


def add_rows(founders, count: int) -> None:
    """More posts, people and past appointments, to show that page queries do not grow.

    Written in bulk: these rows only pad the tables (they obey the rules anyway: each post
    and person has one past appointment, within the states' quotas).
    """
    department = factories.DepartmentFactory(code="economic")
    states = list(founders.values())
    start = Post.objects.count()
    posts = Post.objects.bulk_create(
        Post(
            code=f"PAD-{start + index}",
            title_en="Attaché",
            department=department,
            grade="third",
            category=Category.OFFICIAL,
            start_date=date(2004, 1, 15),
        )
        for index in range(count)
    )
    people = Person.objects.bulk_create(
        Person(name_latin=f"Padding Person {start + index}", nationality=states[index % len(states)])
        for index in range(count)
    )
    Appointment.objects.bulk_create(
        Appointment(
            post=post,
            person=person,
            nominated_by=person.nationality,
            start_date=date(2010, 1, 1),
            end_date=date(2010, 1, 1),
            end_reason="contract_ended",
        )
        for post, person in zip(posts, people, strict=True)
    )


PAGES = [
    ("dashboard", {}),
    ("staffing:staffing-table", {}),
    ("staffing:quota-report", {}),
    ("staffing:post-list", {}),
    ("staffing:appointment-list", {}),
    ("staffing:technical-list", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_each_page_answers_a_viewer(viewer_client, staffed, name, kwargs):
    response = viewer_client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_query_count_does_not_grow_with_the_rows(viewer_client, staffed, founders, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    add_rows(founders, 10)
    with CaptureQueriesContext(connection) as small:
        assert viewer_client.get(url).status_code == 200
    add_rows(founders, 490)
    with CaptureQueriesContext(connection) as large:
        assert viewer_client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_detail_pages_keep_their_query_count(viewer_client, staffed, founders):
    state = founders["KZ"]
    person = staffed[1].person
    urls = [
        reverse("overview:state-detail", args=[state.code]),
        reverse("overview:department-detail", args=["political"]),
        reverse("overview:person-detail", args=[person.pk]),
        staffed[1].post.get_absolute_url(),
        staffed[1].get_absolute_url(),
        reverse("staffing:quota-version-detail", args=[QuotaVersion.objects.get().pk]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(url).status_code == 200
        counts.append(len(queries))
    add_rows(founders, 60)
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(url).status_code == 200
        assert len(queries) == before, url
