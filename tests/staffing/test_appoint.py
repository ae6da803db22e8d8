"""Appointing an official: the form, the admin and the service keep the quota, the nationality and
the one-post rules."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.urls import reverse

from secretariat import services as secretariat_services
from staffing import services
from staffing.models import Appointment, quota_use_on
from tests import factories
from tests.assertions import codes, database_refuses, refusal
from tests.helpers import form_data, form_errors, official, service_refusal, url

pytestmark = pytest.mark.django_db


def appointment_post_data(appointment: Appointment) -> dict:
    return {
        "person": appointment.person_id,
        "post": appointment.post_id,
        "nominated_by": appointment.nominated_by_id or "",
        "start_date": appointment.start_date.isoformat(),
        "planned_end_date": "",
        "end_date": appointment.end_date.isoformat() if appointment.end_date else "",
        "end_reason": appointment.end_reason,
        "_save": "Save",
    }


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


def test_a_state_cannot_exceed_its_quota_on_any_day_of_the_new_appointment(kz):
    services.appointment_save(appointment=official(kz, date(2020, 1, 1)))
    services.appointment_save(appointment=official(kz, date(2021, 1, 1)))
    error = refusal(lambda a: services.appointment_save(appointment=a), official(kz, date(2019, 1, 1)))
    assert codes(error, "nominated_by") == ["quota_exceeded"]
    assert error.message_dict["nominated_by"] == [
        "Kazakhstan has no free place in its quota on 2021-01-01: quota 2, already serving 2."
    ]
    assert Appointment.objects.count() == 2


def test_a_place_is_free_again_the_day_after_an_appointment_ends(kz):
    services.appointment_save(appointment=official(kz, date(2010, 1, 1)))
    services.appointment_save(appointment=official(kz, date(2019, 1, 1), date(2021, 12, 31)))
    refusal(lambda a: services.appointment_save(appointment=a), official(kz, date(2021, 12, 31)))
    assert services.appointment_save(appointment=official(kz, date(2022, 1, 1))).pk


def test_a_future_quota_version_with_fewer_places_is_checked_too(kz):
    factories.quota({kz: 1}, effective_date=date(2030, 1, 1))
    services.appointment_save(appointment=official(kz, date(2020, 1, 1)))
    error = refusal(lambda a: services.appointment_save(appointment=a), official(kz, date(2024, 1, 1)))
    assert "on 2030-01-01: quota 1, already serving 1" in error.message_dict["nominated_by"][0]
    assert services.appointment_save(appointment=official(kz, date(2024, 1, 1), date(2029, 12, 31))).pk


def test_extending_an_appointment_into_a_full_period_is_refused(kz):
    services.appointment_save(appointment=official(kz, date(2010, 1, 1)))
    first = services.appointment_save(appointment=official(kz, date(2019, 1, 1), date(2021, 12, 31)))
    services.appointment_save(appointment=official(kz, date(2022, 1, 1)))

    first.end_date = date(2022, 6, 30)
    error = refusal(lambda a: services.appointment_save(appointment=a), first)
    assert codes(error, "nominated_by") == ["quota_exceeded"]

    first.end_date, first.end_reason = None, ""
    refusal(lambda a: services.appointment_save(appointment=a), first)
    first.refresh_from_db()
    assert first.end_date == date(2021, 12, 31)


def test_moving_an_appointment_earlier_into_a_full_period_is_refused(kz):
    services.appointment_save(appointment=official(kz, date(2010, 1, 1)))
    services.appointment_save(appointment=official(kz, date(2019, 1, 1), date(2021, 12, 31)))
    later = services.appointment_save(appointment=official(kz, date(2022, 1, 1)))
    later.start_date = date(2021, 6, 1)
    refusal(lambda a: services.appointment_save(appointment=a), later)


def test_an_appointment_at_a_full_quota_can_be_edited_without_counting_itself(kz):
    services.appointment_save(appointment=official(kz, date(2020, 1, 1)))
    second = services.appointment_save(appointment=official(kz, date(2020, 1, 1)))
    second.planned_end_date = date(2026, 12, 31)
    assert services.appointment_save(appointment=second).planned_end_date == date(2026, 12, 31)


def test_a_state_holds_no_quota_before_a_version_gives_it_places(founders):
    factories.quota({state: 6 for state in founders.values()})
    india = factories.india_and_pakistan()["IN"]
    error = refusal(lambda a: services.appointment_save(appointment=a), official(india, date(2018, 1, 1)))
    assert "quota 0, already serving 0" in error.message_dict["nominated_by"][0]


def test_a_state_holds_no_quota_while_it_is_not_a_member(founders):
    india = factories.india_and_pakistan()["IN"]
    factories.quota({india: 4}, effective_date=date(2004, 1, 1))
    error = refusal(lambda a: services.appointment_save(appointment=a), official(india, date(2016, 1, 1)))
    assert "on 2016-01-01: quota 0" in error.message_dict["nominated_by"][0]
    assert services.appointment_save(appointment=official(india, date(2017, 6, 9))).pk


def test_a_membership_cannot_end_while_an_official_it_nominated_serves_on(founders):
    """Rule 3 from the other side: a state that stops being a member holds no quota, so its
    standing cannot end under an official it nominated (secretariat's standing service,
    with the check staffing registers)."""
    india = factories.india_and_pakistan()["IN"]
    factories.quota({india: 4}, effective_date=date(2004, 1, 1))
    services.appointment_save(appointment=official(india, date(2017, 6, 9), date(2017, 12, 31)))
    serving = [
        services.appointment_save(appointment=official(india, date(2018, 1, day))) for day in (1, 2, 3, 4)
    ]
    membership = india.standings.get(status="member")
    membership.end_date = date(2024, 12, 31)

    error = refusal(lambda x: secretariat_services.standing_save(standing=x), membership)

    (message,) = error.message_dict[NON_FIELD_ERRORS]
    assert f"appointment {serving[0]} (2018-01-01 –)" in message
    assert f"{serving[2]} (2018-01-03 –); and 1 more. End or change those first." in message
    assert "2017-06-09" not in message  # the appointment within the membership is not named
    assert india.is_member_on(date(2025, 1, 1))

    for appointment in serving:
        services.appointment_end(appointment=appointment, end_date=date(2024, 12, 31), reason="resigned")
    secretariat_services.standing_save(standing=membership)
    assert not india.is_member_on(date(2025, 1, 1))


def test_technical_staff_count_against_no_quota(founders):
    factories.quota({founders["CN"]: 0})
    post = factories.PostFactory(technical=True)
    clerk = factories.PersonFactory(nationality=founders["CN"])
    services.appointment_create(person=clerk, post=post, start_date=date(2020, 1, 1))
    china = {row.code: row for row in quota_use_on(date(2020, 6, 1))}["CN"]
    assert (china.serving, china.quota) == (0, 0)


def test_a_person_holds_one_post_at_a_time(roomy):
    first = services.appointment_save(appointment=official(roomy["RU"], date(2019, 1, 1), date(2021, 12, 31)))
    error = refusal(
        lambda a: services.appointment_save(appointment=a),
        official(roomy["RU"], date(2021, 1, 1), person=first.person),
    )
    assert codes(error, "person") == ["overlap"]
    assert services.appointment_save(
        appointment=official(roomy["RU"], date(2022, 1, 1), person=first.person)
    ).pk


@pytest.mark.postgres
def test_the_database_refuses_two_posts_of_one_person_at_a_time(roomy):
    first = factories.AppointmentFactory(nominated_by=roomy["RU"], start_date=date(2019, 1, 1))
    error = database_refuses(
        lambda: factories.AppointmentFactory(
            person=first.person, nominated_by=roomy["RU"], start_date=date(2020, 1, 1)
        )
    )
    assert "staffing_appointment_person_no_overlap" in str(error)


@pytest.mark.postgres
def test_the_database_accepts_posts_of_one_person_end_to_end(roomy):
    first = factories.AppointmentFactory(
        nominated_by=roomy["RU"],
        start_date=date(2019, 1, 1),
        end_date=date(2021, 12, 31),
        end_reason="transferred",
    )
    factories.AppointmentFactory(person=first.person, nominated_by=roomy["RU"], start_date=date(2022, 1, 1))
    assert first.person.appointments.count() == 2


def test_an_official_is_a_national_of_the_nominating_state(roomy):
    kazakh = factories.PersonFactory(name_latin="Aidos Serikov", nationality=roomy["KZ"])
    error = refusal(
        lambda a: services.appointment_save(appointment=a),
        official(roomy["RU"], date(2020, 1, 1), person=kazakh),
    )
    assert error.message_dict["nominated_by"] == [
        "An official is a national of the nominating state: Aidos Serikov is a national of "
        "Kazakhstan, not Russia."
    ]


def test_an_official_is_nominated_by_a_state(roomy):
    appointment = official(roomy["RU"], date(2020, 1, 1))
    appointment.nominated_by = None
    error = refusal(lambda a: services.appointment_save(appointment=a), appointment)
    assert error.message_dict["nominated_by"] == ["An official is nominated by a member state: choose it."]


def test_an_appointment_lies_within_the_posts_existence(roomy):
    post = factories.PostFactory(start_date=date(2010, 1, 1), end_date=date(2020, 12, 31))
    error = refusal(
        lambda a: services.appointment_save(appointment=a),
        official(roomy["RU"], date(2009, 12, 31), date(2012, 1, 1), post=post),
    )
    assert error.message_dict["start_date"] == ["The post exists only from 2010-01-01 to 2020-12-31."]
    refusal(
        lambda a: services.appointment_save(appointment=a), official(roomy["RU"], date(2019, 1, 1), post=post)
    )
    assert services.appointment_save(
        appointment=official(roomy["RU"], date(2019, 1, 1), date(2020, 12, 31), post=post)
    ).pk


def test_a_new_nationality_may_not_break_the_persons_appointments(roomy):
    appointment = services.appointment_save(appointment=official(roomy["RU"], date(2020, 1, 1)))
    person = appointment.person
    person.nationality = roomy["KZ"]
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        services.person_check(person=person)
    assert codes(caught.value, "nationality") == ["nationality_breaks_appointment"]


def test_the_admin_appoints_within_the_quota_and_records_who_did_it(admin_client, superuser, records):
    kz = records["KZ"]
    wanted = Appointment(
        person=factories.PersonFactory(nationality=kz),
        post=factories.PostFactory(),
        nominated_by=kz,
        start_date=date(2024, 1, 1),
    )
    response = admin_client.post(url(Appointment, "add"), appointment_post_data(wanted))
    assert response.status_code == 302
    saved = Appointment.objects.get(person=wanted.person)
    assert saved.history.get().history_user == superuser


def test_the_admin_refuses_an_appointment_beyond_the_quota_with_the_services_message(admin_client, records):
    pakistan = records["PK"]
    for _ in range(4):  # Pakistan's four places, all taken
        services.appointment_create(
            person=factories.PersonFactory(nationality=pakistan),
            post=factories.PostFactory(),
            nominated_by=pakistan,
            start_date=date(2020, 1, 1),
        )
    fifth = Appointment(
        person=factories.PersonFactory(nationality=pakistan),
        post=factories.PostFactory(),
        nominated_by=pakistan,
        start_date=date(2024, 1, 1),
    )
    expected = service_refusal(lambda: services.appointment_save(appointment=fifth)).message_dict[
        "nominated_by"
    ]
    before = Appointment.objects.count()

    response = admin_client.post(url(Appointment, "add"), appointment_post_data(fifth))

    assert form_errors(response)["nominated_by"] == expected
    assert "Pakistan has no free place in its quota" in expected[0]
    assert Appointment.objects.count() == before


def test_the_admin_refuses_a_second_holder_of_a_post(admin_client, records):
    held = Appointment.objects.filter(nominated_by=records["KZ"]).get()
    rival = Appointment(
        person=factories.PersonFactory(nationality=records["RU"]),
        post=held.post,
        nominated_by=records["RU"],
        start_date=date(2024, 1, 1),
    )
    expected = service_refusal(lambda: services.appointment_save(appointment=rival)).message_dict["post"]
    response = admin_client.post(url(Appointment, "add"), appointment_post_data(rival))
    assert form_errors(response)["post"] == expected
    assert held.post.appointments.count() == 1


def test_the_admin_refuses_an_official_of_another_nationality(admin_client, records):
    stranger = Appointment(
        person=factories.PersonFactory(nationality=records["RU"]),
        post=factories.PostFactory(),
        nominated_by=records["KZ"],
        start_date=date(2024, 1, 1),
    )
    expected = service_refusal(lambda: services.appointment_save(appointment=stranger)).message_dict[
        "nominated_by"
    ]
    response = admin_client.post(url(Appointment, "add"), appointment_post_data(stranger))
    assert form_errors(response)["nominated_by"] == expected


def test_the_admin_refuses_to_extend_an_appointment_beyond_the_quota(admin_client, records):
    pakistan = records["PK"]
    ended = services.appointment_create(
        person=factories.PersonFactory(nationality=pakistan),
        post=factories.PostFactory(),
        nominated_by=pakistan,
        start_date=date(2018, 1, 1),
    )
    services.appointment_end(appointment=ended, end_date=date(2019, 12, 31), reason="resigned")
    for _ in range(4):
        services.appointment_create(
            person=factories.PersonFactory(nationality=pakistan),
            post=factories.PostFactory(),
            nominated_by=pakistan,
            start_date=date(2020, 1, 1),
        )
    page = admin_client.get(url(Appointment, "change", ended.pk))
    response = admin_client.post(
        url(Appointment, "change", ended.pk), form_data(page) | {"end_date": "2020-01-01"}
    )
    assert "has no free place in its quota on 2020-01-01" in form_errors(response)["nominated_by"][0]
    ended.refresh_from_db()
    assert ended.end_date == date(2019, 12, 31)


def test_reverting_an_appointment_to_a_version_beyond_the_quota_is_refused(admin_client, records):
    pakistan = records["PK"]
    first = services.appointment_create(
        person=factories.PersonFactory(nationality=pakistan),
        post=factories.PostFactory(),
        nominated_by=pakistan,
        start_date=date(2020, 1, 1),
    )
    open_version = first.history.get()
    services.appointment_end(appointment=first, end_date=date(2020, 12, 31), reason="resigned")
    for _ in range(4):  # the four places taken again from 2021
        services.appointment_create(
            person=factories.PersonFactory(nationality=pakistan),
            post=factories.PostFactory(),
            nominated_by=pakistan,
            start_date=date(2021, 1, 1),
        )
    revert = url(Appointment, "simple_history", first.pk, open_version.history_id)
    page = admin_client.get(revert)

    # The revert page runs outside any transaction: the form's quota check must open one
    # for its lock, and still answer with a form error, not an error page.
    response = admin_client.post(revert, form_data(page))

    assert "Pakistan has no free place in its quota on 2021-01-01" in form_errors(response)["nominated_by"][0]
    first.refresh_from_db()
    assert first.end_date == date(2020, 12, 31)


def test_the_admin_refuses_a_nationality_that_breaks_the_persons_appointments(admin_client, records):
    person = Appointment.objects.filter(nominated_by=records["KZ"]).get().person
    page = admin_client.get(url(person.__class__, "change", person.pk))
    response = admin_client.post(
        url(person.__class__, "change", person.pk), form_data(page) | {"nationality": records["RU"].pk}
    )
    assert "does not fit the person's appointments" in form_errors(response)["nationality"][0]
    person.refresh_from_db()
    assert person.nationality == records["KZ"]
