"""What the higher apps register: the overview's record pages, the old addresses' redirects,
staffing's additions to the person admin."""

from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from core.history import latest_version
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(founders):
    department = factories.DepartmentFactory(code="political")
    appointment = factories.AppointmentFactory(
        nominated_by=founders["KZ"], post__department=department, start_date=date(2020, 1, 1)
    )
    return founders["KZ"], department, appointment.person


@pytest.fixture
def viewer_client(client):
    user = User.objects.create_user("viewer", password="x" * 16)
    user.groups.add(Group.objects.get(name="viewer"))
    client.force_login(user)
    return client


def old_and_new_addresses(state, department, person) -> list[tuple[str, str]]:
    return [
        (f"/staffing/states/{state.code}/", f"/states/{state.code}/"),
        (f"/staffing/departments/{department.code}/", f"/departments/{department.code}/"),
        (f"/staffing/people/{person.pk}/", f"/people/{person.pk}/"),
    ]


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", None))
    return client


def test_the_pages_of_a_state_a_department_and_a_person_have_addresses_without_an_app(records):
    state, department, person = records
    assert reverse("overview:state-detail", args=[state.code]) == f"/states/{state.code}/"
    assert reverse("overview:department-detail", args=[department.code]) == f"/departments/{department.code}/"
    assert reverse("overview:person-detail", args=[person.pk]) == f"/people/{person.pk}/"
    assert reverse("dashboard") == "/"


def test_records_link_to_the_overview_pages_the_overview_registered(records):
    state, department, person = records
    assert state.get_absolute_url() == f"/states/{state.code}/"
    assert department.get_absolute_url() == f"/departments/{department.code}/"
    assert person.get_absolute_url() == f"/people/{person.pk}/"


def test_the_old_addresses_redirect_permanently_and_keep_the_query(viewer_client, records):
    for old, new in old_and_new_addresses(*records):
        response = viewer_client.get(f"{old}?as_of=2021-03-04&q=%D0%B0")
        assert response.status_code == 301
        assert response["Location"] == f"{new}?as_of=2021-03-04&q=%D0%B0"
        assert viewer_client.get(response["Location"]).status_code == 200


def test_the_old_addresses_redirect_without_a_query_too(viewer_client, records):
    for old, new in old_and_new_addresses(*records):
        response = viewer_client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)


def test_an_old_address_redirects_before_sign_in_which_then_leads_to_the_new_page(client, records):
    state, _department, _person = records
    response = client.get(f"/staffing/states/{state.code}/?as_of=2021-03-04", follow=True)
    first, second = response.redirect_chain[:2]
    assert first == (f"/states/{state.code}/?as_of=2021-03-04", 301)
    assert second[1] == 302 and second[0].startswith(reverse("login"))
    assert "next=/states/KZ/%3Fas_of%3D2021-03-04" in second[0]


def test_the_person_admin_shows_the_appointments_staffing_registered(admin_client, records):
    _state, _department, person = records
    response = admin_client.get(reverse("admin:secretariat_person_change", args=[person.pk]))
    assert response.status_code == 200
    models = [inline.formset.model._meta.label for inline in response.context["inline_admin_formsets"]]
    assert models == ["staffing.Appointment"]


def test_the_person_admin_runs_the_check_staffing_registered(admin_client, records, founders):
    _state, _department, person = records
    response = admin_client.post(
        reverse("admin:secretariat_person_change", args=[person.pk]),
        {
            "name_latin": person.name_latin,
            "name_original": person.name_original,
            "nationality": founders["RU"].pk,
            "loaded_version": latest_version(person),
            "appointments-TOTAL_FORMS": "1",
            "appointments-INITIAL_FORMS": "1",
            "appointments-MIN_NUM_FORMS": "0",
            "appointments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200  # the form again, refused
    assert "nationality" in response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.nationality == founders["KZ"]
