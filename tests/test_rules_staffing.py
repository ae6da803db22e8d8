"""Rules 2, 3, 4 and 6 of the brief on the establishment: quotas, posts and appointments.

Each rule is tried from both sides where the database can say it: the service refuses with
a message on the right field, and the database refuses the row written past the service.
The quota (sum and daily use), the nationality rules and the post's existence span rows of
several tables: the services alone enforce them, and the tests here try the services.
"""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from secretariat import services as secretariat_services
from staffing import services
from staffing.models import Appointment, Category, Post, QuotaLine, QuotaVersion, quota_use_on
from tests import factories
from tests.assertions import codes, database_refuses, refusal

pytestmark = pytest.mark.django_db


def official(state, start: date, end: date | None = None, **kwargs) -> Appointment:
    """An unsaved official appointment of a national of `state` to a new post."""
    return Appointment(
        person=kwargs.pop("person", None) or factories.PersonFactory(nationality=state),
        post=kwargs.pop("post", None) or factories.PostFactory(),
        nominated_by=state,
        start_date=start,
        end_date=end,
        end_reason=Appointment.EndReason.CONTRACT_ENDED if end else "",
        **kwargs,
    )


# Rule 2: quota versions -------------------------------------------------------------------


def test_a_quota_of_one_line_per_member_adding_up_to_the_establishment_is_published(founders):
    version = services.quota_version_publish(
        effective_date=date(2004, 1, 15), places={state: 6 for state in founders.values()}
    )
    assert version.establishment_size == 36
    assert sorted(version.lines.values_list("places", flat=True)) == [6] * 6


def test_a_quota_that_does_not_add_up_to_the_establishment_is_refused(founders):
    error = refusal(
        services.quota_version_publish,
        effective_date=date(2004, 1, 15),
        places={state: 5 for state in founders.values()},
    )
    assert codes(error, "places") == ["wrong_total"]
    assert error.message_dict["places"] == [
        "The places add up to 30; they must add up to the establishment size, 36."
    ]
    assert not QuotaVersion.objects.exists()


def test_the_quota_follows_a_changed_establishment_size(founders, secretariat):
    secretariat.establishment_size = 42
    secretariat.save()
    version = services.quota_version_publish(
        effective_date=date(2030, 1, 1), places={state: 7 for state in founders.values()}
    )
    assert version.establishment_size == 42


def test_only_member_states_on_the_effective_date_hold_quota(founders):
    india = factories.india_and_pakistan()["IN"]
    places = {state: 6 for state in founders.values()} | {india: 0}
    error = refusal(services.quota_version_publish, effective_date=date(2010, 1, 1), places=places)
    assert codes(error, "places") == ["not_a_member"]
    assert "not members then: India" in error.message_dict["places"][0]


def test_every_member_state_on_the_effective_date_needs_a_line(founders):
    factories.india_and_pakistan()
    error = refusal(
        services.quota_version_publish,
        effective_date=date(2017, 6, 9),
        places={state: 6 for state in founders.values()},
    )
    assert codes(error, "places") == ["missing_member"]
    assert "missing India, Pakistan" in error.message_dict["places"][0]


def test_the_quota_of_9_june_2017_shares_the_establishment_among_eight_members(founders):
    states = list(founders.values()) + list(factories.india_and_pakistan().values())
    places = dict(zip(states, [5, 5, 5, 5, 4, 4, 4, 4], strict=True))
    version = services.quota_version_publish(effective_date=date(2017, 6, 9), places=places)
    assert version.lines.count() == 8


def test_places_cannot_be_negative(founders):
    states = list(founders.values())
    places = {state: 7 for state in states[:5]} | {states[5]: 1}
    places[states[4]] = -1
    places[states[0]] = 15
    error = refusal(services.quota_version_publish, effective_date=date(2004, 1, 15), places=places)
    assert codes(error, "places") == ["negative"]


def test_a_second_quota_version_on_the_same_date_is_refused(founders):
    places = {state: 6 for state in founders.values()}
    services.quota_version_publish(effective_date=date(2004, 1, 15), places=places)
    error = refusal(services.quota_version_publish, effective_date=date(2004, 1, 15), places=places)
    assert codes(error, "effective_date") == ["duplicate_date"]


def test_a_quota_below_the_officials_already_serving_is_refused(founders):
    kz = founders["KZ"]
    services.quota_version_publish(effective_date=date(2004, 1, 15), places={s: 6 for s in founders.values()})
    for _ in range(3):
        services.appointment_save(appointment=official(kz, date(2020, 1, 1)))
    places = {state: 7 for state in founders.values()} | {kz: 1}
    error = refusal(services.quota_version_publish, effective_date=date(2021, 1, 1), places=places)
    assert codes(error, "places") == ["quota_below_serving"]
    assert "would have 3 officials on 2021-01-01 for 1 places" in error.message_dict["places"][0]
    assert QuotaVersion.objects.count() == 1


def test_the_database_refuses_two_lines_for_one_state_in_a_version(founders):
    version = factories.quota({founders["KZ"]: 6})
    database_refuses(lambda: QuotaLine.objects.create(version=version, state=founders["KZ"], places=1))


def test_the_database_refuses_two_quota_versions_on_one_date(founders):
    factories.QuotaVersionFactory(effective_date=date(2004, 1, 15))
    database_refuses(lambda: QuotaVersion.objects.create(effective_date=date(2004, 1, 15)))


# Rule 3: the quota is never exceeded, on any day ------------------------------------------


@pytest.fixture
def kz(founders):
    """Kazakhstan with two places from 2004 (a test quota, not adding up to 36)."""
    factories.quota({founders["KZ"]: 2})
    return founders["KZ"]


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


def test_ending_an_appointment_keeps_it_with_its_reason_and_frees_the_place(kz):
    services.appointment_save(appointment=official(kz, date(2010, 1, 1)))
    serving = services.appointment_save(appointment=official(kz, date(2019, 1, 1)))
    services.appointment_end(appointment=serving, end_date=date(2022, 3, 31), reason="resigned")
    serving.refresh_from_db()
    assert (serving.end_date, serving.end_reason) == (date(2022, 3, 31), "resigned")
    assert services.appointment_save(appointment=official(kz, date(2022, 4, 1))).pk


# Rule 4: one holder per post, one post per person, nationality -------------------------


@pytest.fixture
def roomy(founders):
    """Every founder with six places: only the rule under test can refuse."""
    factories.quota({state: 6 for state in founders.values()})
    return founders


def test_a_post_has_one_holder_at_a_time(roomy):
    post = factories.PostFactory()
    first = services.appointment_save(
        appointment=official(roomy["RU"], date(2019, 1, 1), date(2021, 12, 31), post=post)
    )
    error = refusal(
        lambda a: services.appointment_save(appointment=a),
        official(roomy["KZ"], date(2021, 12, 31), post=post),
    )
    assert codes(error, "post") == ["overlap"]
    assert str(first) in error.message_dict["post"][0]
    assert services.appointment_save(appointment=official(roomy["KZ"], date(2022, 1, 1), post=post)).pk


@pytest.mark.postgres
def test_the_database_refuses_two_holders_of_one_post_at_a_time(roomy):
    first = factories.AppointmentFactory(nominated_by=roomy["RU"], start_date=date(2019, 1, 1))
    error = database_refuses(
        lambda: factories.AppointmentFactory(
            post=first.post, nominated_by=roomy["KZ"], start_date=date(2023, 12, 31)
        )
    )
    assert "staffing_appointment_post_no_overlap" in str(error)


@pytest.mark.postgres
def test_the_database_accepts_holders_of_one_post_end_to_end(roomy):
    first = factories.AppointmentFactory(
        nominated_by=roomy["RU"],
        start_date=date(2019, 1, 1),
        end_date=date(2021, 12, 31),
        end_reason="resigned",
    )
    factories.AppointmentFactory(post=first.post, nominated_by=roomy["KZ"], start_date=date(2022, 1, 1))
    assert first.post.appointments.count() == 2


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


def test_technical_staff_are_host_nationals_nominated_by_no_state(roomy):
    post = factories.PostFactory(technical=True)
    russian = factories.PersonFactory(nationality=roomy["RU"])
    error = refusal(
        services.appointment_create,
        person=russian,
        post=post,
        nominated_by=roomy["RU"],
        start_date=date(2020, 1, 1),
    )
    assert error.message_dict["person"] == ["Technical staff are nationals of the host country (China)."]
    assert error.message_dict["nominated_by"] == [
        "Technical staff are not nominated by a state and count against no quota."
    ]
    chinese = factories.PersonFactory(nationality=roomy["CN"])
    assert services.appointment_create(person=chinese, post=post, start_date=date(2020, 1, 1)).pk


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


def test_a_post_keeps_its_category_while_it_has_had_holders(roomy):
    appointment = services.appointment_save(appointment=official(roomy["RU"], date(2020, 1, 1)))
    post = appointment.post
    post.category, post.grade = Category.TECHNICAL, Post.Grade.TECHNICAL
    error = refusal(lambda p: services.post_update(post=p), post)
    assert codes(error, "category") == ["post_has_holders"]


def test_a_post_cannot_be_abolished_before_its_holder_leaves(roomy):
    appointment = services.appointment_save(
        appointment=official(roomy["RU"], date(2020, 1, 1), date(2023, 12, 31))
    )
    post = appointment.post
    post.end_date = date(2022, 12, 31)
    error = refusal(lambda p: services.post_update(post=p), post)
    assert codes(error, "end_date") == ["post_outlived_by_appointment"]
    post.end_date = date(2023, 12, 31)
    assert services.post_update(post=post).end_date == date(2023, 12, 31)


def test_a_new_nationality_may_not_break_the_persons_appointments(roomy):
    appointment = services.appointment_save(appointment=official(roomy["RU"], date(2020, 1, 1)))
    person = appointment.person
    person.nationality = roomy["KZ"]
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        services.person_check(person=person)
    assert codes(caught.value, "nationality") == ["nationality_breaks_appointment"]


def test_a_technical_post_has_the_technical_grade_and_only_it(roomy):
    wrong = Post(
        code="T-1",
        title_en="Clerk",
        department=factories.DepartmentFactory(),
        grade="technical",
        category=Category.OFFICIAL,
        start_date=date(2004, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        wrong.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        "Technical posts, and only they, have the technical staff grade."
    ]
    database_refuses(wrong.save)


# Rule 6: end dates never before start dates ---------------------------------------------


def test_an_appointment_cannot_end_before_it_starts(roomy):
    appointment = official(roomy["RU"], date(2020, 1, 1), date(2019, 12, 31))
    error = refusal(lambda a: services.appointment_save(appointment=a), appointment)
    assert "The end date is before the start date." in error.message_dict[NON_FIELD_ERRORS]
    database_refuses(appointment.save)


def test_a_contract_cannot_end_before_the_appointment_starts(roomy):
    appointment = official(roomy["RU"], date(2020, 1, 1), planned_end_date=date(2019, 12, 31))
    error = refusal(lambda a: services.appointment_save(appointment=a), appointment)
    assert error.message_dict[NON_FIELD_ERRORS] == ["The contract end is before the start date."]
    database_refuses(appointment.save)


def test_an_ended_appointment_gives_its_reason(roomy):
    appointment = official(roomy["RU"], date(2020, 1, 1), date(2021, 1, 1))
    appointment.end_reason = ""
    error = refusal(lambda a: services.appointment_save(appointment=a), appointment)
    assert error.message_dict[NON_FIELD_ERRORS] == ["Give the reason the appointment ended."]
    database_refuses(appointment.save)


def test_a_post_cannot_be_abolished_before_it_exists(roomy):
    post = factories.PostFactory.build(
        department=factories.DepartmentFactory(), start_date=date(2010, 1, 1), end_date=date(2009, 1, 1)
    )
    error = refusal(lambda p: services.post_update(post=p), post)
    assert error.message_dict[NON_FIELD_ERRORS] == ["The end date is before the start date."]
    database_refuses(post.save)
