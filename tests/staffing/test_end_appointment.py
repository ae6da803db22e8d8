"""Ending an appointment: the reason, the dates, the place freed."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from core.history import latest_version
from staffing import services
from staffing.models import Appointment
from tests.assertions import database_refuses, refusal
from tests.helpers import form_data, form_errors, official, url

pytestmark = pytest.mark.django_db


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


def test_ending_an_appointment_keeps_it_with_its_reason_and_frees_the_place(kz):
    services.appointment_save(appointment=official(kz, date(2010, 1, 1)))
    serving = services.appointment_save(appointment=official(kz, date(2019, 1, 1)))
    services.appointment_end(appointment=serving, end_date=date(2022, 3, 31), reason="resigned")
    serving.refresh_from_db()
    assert (serving.end_date, serving.end_reason) == (date(2022, 3, 31), "resigned")
    assert services.appointment_save(appointment=official(kz, date(2022, 4, 1))).pk


def test_an_appointment_cannot_end_before_it_starts(roomy):
    appointment = official(roomy["RU"], date(2020, 1, 1), date(2019, 12, 31))
    error = refusal(lambda a: services.appointment_save(appointment=a), appointment)
    assert "The end date is before the start date." in error.message_dict[NON_FIELD_ERRORS]
    database_refuses(appointment.save)


def test_an_ended_appointment_gives_its_reason(roomy):
    appointment = official(roomy["RU"], date(2020, 1, 1), date(2021, 1, 1))
    appointment.end_reason = ""
    error = refusal(lambda a: services.appointment_save(appointment=a), appointment)
    assert error.message_dict[NON_FIELD_ERRORS] == ["Give the reason the appointment ended."]
    database_refuses(appointment.save)


def test_the_admin_ends_an_appointment_only_with_a_reason(admin_client, records):
    appointment = Appointment.objects.filter(nominated_by=records["KZ"]).get()
    page = admin_client.get(url(Appointment, "change", appointment.pk))
    data = form_data(page) | {"end_date": "2024-06-30"}

    response = admin_client.post(url(Appointment, "change", appointment.pk), data)
    assert form_errors(response)["__all__"] == ["Give the reason the appointment ended."]

    response = admin_client.post(
        url(Appointment, "change", appointment.pk), data | {"end_reason": "resigned"}
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.end_date, appointment.end_reason) == (date(2024, 6, 30), "resigned")
