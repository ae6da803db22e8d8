"""Permanent representatives: the forms, the rules (one at a time, only of members), the admin, the
query of a date."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from core.history import latest_version
from secretariat import services
from secretariat import services as secretariat_services
from secretariat.models import (
    PermanentRepresentative,
    Person,
    Standing,
    State,
)
from tests import factories
from tests.assertions import codes, database_refuses, refusal
from tests.helpers import field_error, form_errors, service_refusal, url
from tests.world import DAY


def representative_data(state, **fields) -> dict:
    return {"state": state.pk, "start_date": "2024-03-01", "end_date": "", **fields}


def representative(state: State, start: date, end: date | None = None) -> PermanentRepresentative:
    return PermanentRepresentative(
        state=state, person=factories.PersonFactory(nationality=state), start_date=start, end_date=end
    )


def test_an_officer_records_a_representative_chosen_among_the_states_nationals(client, officer, founders):
    person = factories.PersonFactory(name_latin="Kazakh Diplomat", nationality=founders["KZ"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], person=person.pk),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("secretariat:representative-list")
    representative = PermanentRepresentative.objects.get()
    assert representative.person == person and representative.start_date == date(2024, 3, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Kazakh Diplomat is recorded as permanent representative" in page


def test_an_officer_records_a_representative_who_is_new_to_the_secretariat(client, officer, founders):
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["RU"], new_name_latin="Ivan Petrov", new_name_original="Иван Петров"),
    )
    assert response.status_code == 302
    person = Person.objects.get(name_latin="Ivan Petrov")
    assert person.nationality == founders["RU"] and person.name_original == "Иван Петров"
    assert PermanentRepresentative.objects.get().person == person


def test_the_representative_form_offers_only_todays_member_states(client, officer, founders):
    observer = factories.StateFactory(code="MN", name_en="Mongolia")
    factories.StandingFactory(state=observer, status=Standing.Status.PARTNER)
    client.force_login(officer)
    form = client.get(reverse("secretariat:representative-create")).context["form"]
    offered = set(form.fields["state"].queryset)
    assert offered == set(founders.values())


def test_a_representative_of_a_state_that_is_not_a_member_is_refused(client, officer, founders):
    partner = factories.StateFactory(code="MN", name_en="Mongolia")
    factories.StandingFactory(state=partner, status=Standing.Status.PARTNER)
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(partner, new_name_latin="Mongolian Envoy"),
    )
    field_error(response, "state", "Only member states have a permanent representative")
    assert not PermanentRepresentative.objects.exists()
    assert not Person.objects.filter(name_latin="Mongolian Envoy").exists()


def test_a_representative_from_before_the_state_joined_is_refused_at_the_state(client, officer, founders):
    india = factories.StateFactory(code="IN", name_en="India")
    factories.StandingFactory(state=india, start_date=date(2017, 6, 9))
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(india, new_name_latin="Early Envoy", start_date="2016-01-01"),
    )
    field_error(response, "state", "is not a member state for the whole of this period")
    assert not PermanentRepresentative.objects.exists()
    assert not Person.objects.filter(name_latin="Early Envoy").exists()  # nothing half-saved


def test_an_overlapping_representative_is_refused_at_the_start_date(client, officer, founders):
    factories.PermanentRepresentativeFactory(
        state=founders["KZ"], person__name_latin="Serving Envoy", start_date=date(2020, 1, 1)
    )
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], new_name_latin="Second Envoy"),
    )
    field_error(response, "start_date", "The state already has a permanent representative in this period")
    assert PermanentRepresentative.objects.count() == 1
    assert not Person.objects.filter(name_latin="Second Envoy").exists()


def test_a_representative_of_another_nationality_is_refused_at_the_person(client, officer, founders):
    russian = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], person=russian.pk),
    )
    field_error(response, "person", "is a national of Russia, not of Kazakhstan")
    assert not PermanentRepresentative.objects.exists()


def test_a_new_representative_with_a_known_name_is_refused_at_the_name(client, officer, founders):
    factories.PersonFactory(name_latin="Known Envoy", nationality=founders["KZ"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-create"),
        representative_data(founders["KZ"], new_name_latin="Known Envoy"),
    )
    field_error(response, "new_name_latin", "A person with this name and nationality is already recorded.")
    assert not PermanentRepresentative.objects.exists()


def test_an_officer_ends_a_representatives_term(client, officer, founders):
    representative = factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1)
    )
    client.force_login(officer)
    url = reverse("secretariat:representative-end", args=[representative.pk])
    assert client.get(url).status_code == 200
    loaded = client.get(url).context["form"]["loaded_version"].value()
    response = client.post(url, {"end_date": "2024-02-29", "loaded_version": loaded})
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.end_date == date(2024, 2, 29)
    page = client.get(reverse("secretariat:representative-list")).content.decode()
    assert "ends on 2024-02-29" in page


def test_a_representatives_term_cannot_end_before_it_started(client, officer, founders):
    representative = factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1)
    )
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-end", args=[representative.pk]),
        {"end_date": "2019-12-31", "loaded_version": latest_version(representative)},
    )
    field_error(response, "end_date", "The end date is before the start date.")
    representative.refresh_from_db()
    assert representative.end_date is None


def test_an_ended_representative_is_not_ended_twice(client, officer, founders):
    representative = factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1), end_date=date(2022, 1, 1)
    )
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:representative-end", args=[representative.pk]),
        {"end_date": "2023-01-01"},
    )
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.end_date == date(2022, 1, 1)


@pytest.mark.django_db
def test_a_state_has_one_permanent_representative_at_a_time(founders):
    services.representative_create(
        representative=representative(founders["KZ"], date(2020, 1, 1), date(2023, 6, 30))
    )
    error = refusal(
        lambda x: services.representative_create(representative=x),
        representative(founders["KZ"], date(2023, 6, 30)),
    )
    assert codes(error, "start_date") == ["overlap"]
    assert "already has a permanent representative" in error.message_dict["start_date"][0]
    successor = services.representative_create(
        representative=representative(founders["KZ"], date(2023, 7, 1))
    )
    assert PermanentRepresentative.objects.of_state_on(founders["KZ"], date(2023, 7, 1)) == successor


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_database_refuses_two_representatives_of_one_state_at_a_time(founders):
    factories.PermanentRepresentativeFactory(state=founders["KZ"], start_date=date(2020, 1, 1))
    error = database_refuses(
        lambda: factories.PermanentRepresentativeFactory(state=founders["KZ"], start_date=date(2024, 1, 1))
    )
    assert "secretariat_permanentrepresentative_no_overlap" in str(error)


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_database_accepts_representatives_that_meet_end_to_end(founders):
    factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1), end_date=date(2023, 6, 30)
    )
    factories.PermanentRepresentativeFactory(state=founders["KZ"], start_date=date(2023, 7, 1))
    assert founders["KZ"].representatives.count() == 2


@pytest.mark.django_db
def test_only_a_member_state_has_a_permanent_representative(sco):
    error = refusal(
        lambda x: services.representative_create(representative=x),
        representative(sco["MN"], date(2010, 1, 1), date(2012, 1, 1)),
    )
    assert codes(error, "state") == ["not_a_member"]
    assert "only member states have a permanent representative" in error.message_dict["state"][0]


@pytest.mark.django_db
def test_a_representative_cannot_start_before_the_state_becomes_a_member(sco):
    error = refusal(
        lambda x: services.representative_create(representative=x),
        representative(sco["IN"], date(2017, 6, 8)),
    )
    assert codes(error, "state") == ["not_a_member"]
    assert services.representative_create(representative=representative(sco["IN"], date(2017, 6, 9))).pk


@pytest.mark.django_db
def test_a_representative_cannot_outlast_the_membership(secretariat):
    state = factories.state_with_standings(
        "XL", "XLX", "Former member", (Standing.Status.MEMBER, date(2001, 6, 15), date(2019, 12, 31))
    )
    error = refusal(
        lambda x: services.representative_create(representative=x), representative(state, date(2018, 1, 1))
    )
    assert codes(error, "state") == ["not_a_member"]
    assert services.representative_create(
        representative=representative(state, date(2018, 1, 1), date(2019, 12, 31))
    ).pk


@pytest.mark.django_db
def test_a_membership_cannot_end_under_a_serving_representative(sco):
    """Rule 5 from the other side: the standing changes, the representative stays."""
    services.representative_create(representative=representative(sco["IN"], date(2020, 1, 1)))
    membership = sco["IN"].standings.get(status=Standing.Status.MEMBER)
    membership.end_date = date(2024, 12, 31)

    error = refusal(lambda x: services.standing_save(standing=x), membership)

    assert [item.code for item in error.error_dict[NON_FIELD_ERRORS]] == ["membership_needed"]
    message = error.message_dict[NON_FIELD_ERRORS][0]
    assert "India would not be a member state throughout" in message
    assert "(India) (2020-01-01 –)" in message
    assert sco["IN"].standings.get(pk=membership.pk).end_date is None

    # Turning the membership into another standing is refused the same way.
    membership.refresh_from_db()
    membership.status = Standing.Status.PARTNER
    assert refusal(lambda x: services.standing_save(standing=x), membership).error_dict[NON_FIELD_ERRORS][
        0
    ].code == ("membership_needed")


@pytest.mark.django_db
def test_a_membership_can_end_once_the_representatives_term_has_ended(sco):
    services.representative_create(
        representative=representative(sco["IN"], date(2020, 1, 1), date(2024, 12, 31))
    )
    membership = sco["IN"].standings.get(status=Standing.Status.MEMBER)
    membership.end_date = date(2024, 12, 31)
    services.standing_save(standing=membership)
    assert not sco["IN"].is_member_on(date(2025, 1, 1))

    # Or ends on an earlier day than the term: refused, and the term is named.
    membership.end_date = date(2024, 12, 30)
    assert (
        "(2020-01-01 – 2024-12-31)"
        in refusal(lambda x: services.standing_save(standing=x), membership).messages[0]
    )


@pytest.mark.django_db
def test_the_admin_refuses_a_representative_of_a_state_that_is_not_a_member(admin_client, records):
    mongolian = factories.PersonFactory(nationality=records["MN"])
    wanted = PermanentRepresentative(state=records["MN"], person=mongolian, start_date=date(2020, 1, 1))
    expected = service_refusal(
        lambda: secretariat_services.representative_create(representative=wanted)
    ).message_dict
    data = {"state": records["MN"].pk, "person": mongolian.pk, "start_date": "2020-01-01", "end_date": ""}
    response = admin_client.post(url(PermanentRepresentative, "add"), data)
    assert form_errors(response)["state"] == expected["state"]
    assert not records["MN"].representatives.exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_second_representative_of_a_state_at_a_time(admin_client, records):
    kazakh = factories.PersonFactory(nationality=records["KZ"])
    wanted = PermanentRepresentative(state=records["KZ"], person=kazakh, start_date=date(2024, 1, 1))
    expected = service_refusal(
        lambda: secretariat_services.representative_create(representative=wanted)
    ).message_dict
    data = {"state": records["KZ"].pk, "person": kazakh.pk, "start_date": "2024-01-01", "end_date": ""}
    response = admin_client.post(url(PermanentRepresentative, "add"), data)
    assert form_errors(response)["start_date"] == expected["start_date"]


@pytest.mark.django_db
def test_the_representative_of_a_state_on_a_date_is_one_query(world, django_assert_num_queries):
    kz = world.states["KZ"]
    with django_assert_num_queries(1):
        current = PermanentRepresentative.objects.of_state_on(kz, DAY)
        name = current.person.name_latin
    assert current == world.representatives["KZ"] and name == current.person.name_latin
    with django_assert_num_queries(1):
        assert PermanentRepresentative.objects.of_state_on(world.states["KG"], DAY) is None
    with django_assert_num_queries(1):
        previous = PermanentRepresentative.objects.of_state_on(kz, date(2020, 5, 31))
    assert previous != current and previous.end_date == date(2020, 5, 31)
