"""Every change is recorded: who, when, what changed from what to what; the record as it was;
saving over a newer version."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from core.history import latest_version
from staffing import services
from staffing.models import Appointment
from tests import factories
from tests.helpers import form_data, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointment(founders):
    factories.quota({state: 6 for state in founders.values()}, effective_date=date(2004, 1, 15))
    kz = founders["KZ"]
    return services.appointment_create(
        person=factories.PersonFactory(nationality=kz, name_latin="Aliya Sadykova"),
        post=factories.PostFactory(code="POL-07"),
        nominated_by=kz,
        start_date=date(2022, 3, 1),
        planned_end_date=date(2025, 2, 28),
    )


def member(role: str, username: str, **extra) -> User:
    user = User.objects.create_user(username, password="a-long-password-for-tests", **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


def history_page(client, record) -> str:
    url = reverse("record-history", args=["staffing", "appointment", record.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


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


def test_a_change_through_a_page_shows_who_and_the_field_difference(client, appointment):
    client.force_login(member("records officer", "aigerim"))
    url = reverse("staffing:appointment-contract", args=[appointment.pk])
    client.post(url, {"planned_end_date": "2027-02-28", "loaded_version": latest_version(appointment)})
    page = history_page(client, appointment)
    assert "aigerim" in page
    assert "Contract end" in page and "2025-02-28" in page and "2027-02-28" in page


def test_a_change_through_the_admin_shows_who_and_the_field_difference(client, appointment):
    admin = member("administrator", "chief", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:staffing_appointment_change", args=[appointment.pk])
    data = form_data(client.get(url))
    data.update(planned_end_date="2026-08-31", start_date="2022-03-01")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    page = history_page(client, appointment)
    assert "chief" in page and "2026-08-31" in page


def test_a_change_through_a_service_names_the_user_it_was_given(client, appointment):
    clerk = member("records officer", "import-clerk")
    services.appointment_end(
        appointment=appointment, end_date=date(2024, 1, 31), reason="resigned", changed_by=clerk
    )
    client.force_login(member("viewer", "reader"))
    page = history_page(client, appointment)
    assert "import-clerk" in page and "2024-01-31" in page and "resigned" in page


def test_the_history_page_shows_the_record_as_it_was_on_a_date(client, appointment):
    services.appointment_end(appointment=appointment, end_date=date(2024, 1, 31), reason="resigned")
    first = appointment.history.order_by("history_id").first()
    first.history_date = timezone.now() - timedelta(days=10)
    first.save()
    client.force_login(member("viewer", "reader"))
    url = reverse("record-history", args=["staffing", "appointment", appointment.pk])
    as_was = client.get(url, {"as_of": (timezone.localdate() - timedelta(days=5)).isoformat()})
    assert as_was.context["snapshot"] is not None
    snapshot = dict(as_was.context["snapshot"])
    assert snapshot["end date"] == "—"
    today = dict(client.get(url, {"as_of": timezone.localdate().isoformat()}).context["snapshot"])
    assert today["end date"] == "2024-01-31"


def test_history_cannot_be_changed_through_the_app(client, appointment):
    client.force_login(member("administrator", "chief", is_staff=True, is_superuser=True))
    url = reverse("record-history", args=["staffing", "appointment", appointment.pk])
    assert client.post(url, {}).status_code == 405
    count = appointment.history.count()
    assert count >= 1
    # The historical tables are not in the admin: nobody can edit or delete a version there.
    from django.contrib import admin

    assert Appointment.history.model not in admin.site._registry


def test_a_viewer_without_the_permission_cannot_read_another_apps_history(client, appointment):
    client.force_login(User.objects.create_user("nobody", password="a-long-password-for-tests"))
    url = reverse("record-history", args=["staffing", "appointment", appointment.pk])
    assert client.get(url).status_code == 403
