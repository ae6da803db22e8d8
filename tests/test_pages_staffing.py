"""The staffing pages: dashboard, reports as of a date, lists, details, forms."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.history import latest_version
from secretariat.models import Person, State
from staffing.models import Appointment, Category, Post, QuotaVersion
from tests import factories

pytestmark = pytest.mark.django_db


def user_with_role(role: str, username: str | None = None) -> User:
    user = User.objects.create_user(username or role.replace(" ", "-"), password="x" * 16)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer_client(client):
    client.force_login(user_with_role("viewer"))
    return client


@pytest.fixture
def officer_client(client):
    client.force_login(user_with_role("records officer"))
    return client


@pytest.fixture
def staffed(founders):
    """Six founders with 6 places each, an official post per state, one serving official each."""
    factories.quota({state: 6 for state in founders.values()}, effective_date=date(2004, 1, 15))
    department = factories.DepartmentFactory(code="political")
    appointments = []
    for state in founders.values():
        appointments.append(
            factories.AppointmentFactory(
                nominated_by=state,
                post__department=department,
                start_date=date(2020, 1, 1),
                planned_end_date=date.today() + timedelta(days=30),
            )
        )
    return appointments


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


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_quota_report_csv_on_a_past_day_lists_the_members_of_that_day(viewer_client, staffed, founders):
    india = factories.member_state("IN", since=date(2017, 6, 9), name_en="India")
    factories.quota({**{s: 5 for s in founders.values()}, india: 6}, effective_date=date(2017, 6, 9))
    early = read_csv(
        viewer_client.get(reverse("staffing:quota-report"), {"as_of": "2005-01-01", "_export": "csv"})
    )
    late = read_csv(viewer_client.get(reverse("staffing:quota-report"), {"_export": "csv"}))
    assert len(early) == 1 + 6 + 1 and "India" not in {row[0] for row in early}
    assert len(late) == 1 + 7 + 1 and "India" in {row[0] for row in late}
    assert late[-1][0] == "Total" and sum(int(row[1]) for row in late[1:-1]) == int(late[-1][1]) == 36


def test_a_bad_date_is_explained_and_today_shown(viewer_client, staffed):
    response = viewer_client.get(reverse("staffing:quota-report"), {"as_of": "2024-13-45"})
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_the_staffing_table_of_a_past_day_shows_that_days_holder(viewer_client, staffed):
    appointment = staffed[0]
    response = viewer_client.get(reverse("staffing:staffing-table"), {"as_of": "2019-06-01"})
    assert appointment.person.name_latin not in response.content.decode()
    response = viewer_client.get(reverse("staffing:staffing-table"), {"as_of": "2021-06-01"})
    assert appointment.person.name_latin in response.content.decode()


def test_appointment_list_exports_only_the_filtered_rows(viewer_client, staffed, founders):
    response = viewer_client.get(
        reverse("staffing:appointment-list"), {"nominated_by": founders["KZ"].pk, "_export": "csv"}
    )
    rows = read_csv(response)
    assert len(rows) == 2
    assert rows[1][0] == staffed[1].person.name_latin


def test_an_officer_appoints_an_official_within_quota(officer_client, staffed, founders):
    kz = founders["KZ"]
    post = factories.PostFactory(code="ECO-9")
    person = factories.PersonFactory(nationality=kz, name_latin="Aigerim Bekova")
    response = officer_client.post(
        reverse("staffing:appointment-create"),
        {
            "post": post.pk,
            "person": person.pk,
            "nominated_by": kz.pk,
            "start_date": "2024-03-01",
            "planned_end_date": "2027-02-28",
        },
    )
    assert response.status_code == 302
    assert Appointment.objects.filter(post=post, person=person, nominated_by=kz).exists()


def test_appointing_beyond_the_quota_is_refused_at_the_field_and_saves_nothing(
    officer_client, staffed, founders
):
    kz = founders["KZ"]
    for _index in range(5):  # Kazakhstan already has one: this fills its six places
        factories.AppointmentFactory(nominated_by=kz, start_date=date(2021, 1, 1))
    post = factories.PostFactory(code="ECO-10")
    person = factories.PersonFactory(nationality=kz)
    before = Appointment.objects.count()
    response = officer_client.post(
        reverse("staffing:appointment-create"),
        {"post": post.pk, "person": person.pk, "nominated_by": kz.pk, "start_date": "2024-03-01"},
    )
    assert response.status_code == 200
    assert "has no free place in its quota" in str(response.context["form"].errors["nominated_by"])
    assert Appointment.objects.count() == before


def test_a_national_of_another_state_cannot_be_nominated(officer_client, staffed, founders):
    post = factories.PostFactory(code="ECO-11")
    russian = factories.PersonFactory(nationality=founders["RU"])
    response = officer_client.post(
        reverse("staffing:appointment-create"),
        {
            "post": post.pk,
            "person": russian.pk,
            "nominated_by": founders["KZ"].pk,
            "start_date": "2024-03-01",
        },
    )
    assert response.status_code == 200
    assert "national of the nominating state" in str(response.context["form"].errors["nominated_by"])
    assert not Appointment.objects.filter(post=post).exists()


def test_ending_an_appointment_keeps_it_with_its_reason(officer_client, staffed):
    appointment = staffed[0]
    response = officer_client.post(
        reverse("staffing:appointment-end", args=[appointment.pk]),
        {"end_date": "2024-06-30", "end_reason": "resigned", "loaded_version": latest_version(appointment)},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.end_date == date(2024, 6, 30) and appointment.end_reason == "resigned"


def test_an_end_before_the_start_is_refused_at_the_field(officer_client, staffed):
    appointment = staffed[0]
    response = officer_client.post(
        reverse("staffing:appointment-end", args=[appointment.pk]),
        {"end_date": "2019-01-01", "end_reason": "resigned", "loaded_version": latest_version(appointment)},
    )
    assert response.status_code == 200
    assert "before the start date" in str(response.context["form"].errors)
    appointment.refresh_from_db()
    assert appointment.end_date is None


def test_technical_staff_must_be_host_nationals(officer_client, staffed, founders):
    post = factories.PostFactory(code="TEC-1", technical=True)
    russian = factories.PersonFactory(nationality=founders["RU"])
    chinese = factories.PersonFactory(nationality=founders["CN"])
    url = reverse("staffing:technical-create")
    refused = officer_client.post(url, {"post": post.pk, "person": russian.pk, "start_date": "2024-01-01"})
    assert refused.status_code == 200 and "person" in refused.context["form"].errors
    accepted = officer_client.post(url, {"post": post.pk, "person": chinese.pk, "start_date": "2024-01-01"})
    assert accepted.status_code == 302
    assert Appointment.objects.get(post=post).post.category == Category.TECHNICAL


def test_a_viewer_is_refused_every_form_and_sees_no_edit_button(viewer_client, staffed):
    appointment = staffed[0]
    for url in [
        reverse("staffing:appointment-create"),
        reverse("staffing:technical-create"),
        reverse("staffing:appointment-end", args=[appointment.pk]),
        reverse("staffing:quota-version-create"),
    ]:
        assert viewer_client.get(url).status_code == 403
        assert viewer_client.post(url, {}).status_code == 403
    page = viewer_client.get(reverse("staffing:appointment-list")).content.decode()
    assert reverse("staffing:appointment-create") not in page
    detail = viewer_client.get(appointment.get_absolute_url()).content.decode()
    assert reverse("staffing:appointment-end", args=[appointment.pk]) not in detail


def test_an_administrator_publishes_a_quota_version_summing_to_the_establishment(client, staffed, founders):
    admin = user_with_role("administrator", "chief")
    client.force_login(admin)
    url = reverse("staffing:quota-version-create")
    data = {
        "effective_date": "2026-01-01",
        "basis": "test",
        **{f"places_{code}": 6 for code in founders},
    }
    data["places_CN"] = 7
    refused = client.post(url, data)
    assert refused.status_code == 200 and "add up to 37" in refused.content.decode()
    assert QuotaVersion.objects.count() == 1
    data["places_CN"] = 6
    assert client.post(url, data).status_code == 302
    assert QuotaVersion.objects.count() == 2


def test_a_second_officer_saving_over_a_newer_version_is_refused_and_shown_the_change(client, staffed):
    appointment = staffed[0]
    first, second = client, client.__class__()
    first.force_login(user_with_role("records officer", "first-officer"))
    second.force_login(user_with_role("records officer", "second-officer"))
    url = reverse("staffing:appointment-contract", args=[appointment.pk])
    loaded_first = first.get(url).context["form"]["loaded_version"].value()
    loaded_second = second.get(url).context["form"]["loaded_version"].value()
    assert (
        first.post(url, {"planned_end_date": "2027-06-30", "loaded_version": loaded_first}).status_code == 302
    )
    refused = second.post(url, {"planned_end_date": "2026-12-31", "loaded_version": loaded_second})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else changed this record" in page
    assert "first-officer" in page and "2027-06-30" in page  # who changed it, and to what
    appointment.refresh_from_db()
    assert appointment.planned_end_date == date(2027, 6, 30)
    # Having seen the change, the second officer may now save deliberately.
    again = second.post(
        url,
        {
            "planned_end_date": "2026-12-31",
            "loaded_version": refused.context["form"]["loaded_version"].value(),
        },
    )
    assert again.status_code == 302


@pytest.mark.parametrize("name", ["dashboard", "staffing:quota-report"])
def test_the_quota_of_the_member_states_is_listed_in_protocol_order(viewer_client, staffed, founders, name):
    """States in the order of their Russian names, as at SCO meetings, whatever the query."""
    response = viewer_client.get(reverse(name))
    rows = response.context["quota_rows" if name == "dashboard" else "rows"]
    codes = [row.code for row in rows]
    assert len(codes) >= 3
    protocol = State.objects.filter(code__in=codes).order_by("name_ru", "name_en")
    assert codes == list(protocol.values_list("code", flat=True))
