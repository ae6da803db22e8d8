"""Rules 1, 5 and 6 of the brief on the Secretariat's records: standings, terms, representatives.

Each rule is tried from both sides: the service (or the model's full_clean) refuses with a
message on the right field, and the database refuses the row when the service is bypassed.
Exclusion constraints (no overlapping periods) exist on PostgreSQL only; their tests are
marked and skipped on SQLite, where the services' checks under a lock are the guard.
"""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from secretariat import services
from secretariat.models import (
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
    State,
)
from tests import factories
from tests.assertions import codes, database_refuses, refusal

pytestmark = pytest.mark.django_db

END_BEFORE_START = "The end date is before the start date."


# Rule 1: a state's standing changes over time --------------------------------------------


@pytest.fixture
def sco(founders):
    """The founders, India and Pakistan (observers 2005, members 2017) and Mongolia."""
    states = {**founders, **factories.india_and_pakistan()}
    states["MN"] = factories.state_with_standings(
        "MN",
        "MNG",
        "Mongolia",
        (Standing.Status.OBSERVER, date(2004, 6, 17), date(2025, 8, 31)),
        (Standing.Status.PARTNER, date(2025, 9, 1), None),
    )
    return states


def codes_of(states) -> set[str]:
    return {state.code for state in states}


def test_the_member_states_of_2005_are_the_six_founders_only(sco):
    assert codes_of(State.objects.members_on(date(2005, 12, 31))) == {"CN", "KZ", "KG", "RU", "TJ", "UZ"}


def test_india_and_pakistan_are_members_from_9_june_2017_and_observers_the_day_before(sco):
    assert {"IN", "PK"} <= codes_of(State.objects.members_on(date(2017, 6, 9)))
    assert not {"IN", "PK"} & codes_of(State.objects.members_on(date(2017, 6, 8)))
    observers = State.objects.with_status_on(date(2017, 6, 8), Standing.Status.OBSERVER)
    assert codes_of(observers) == {"IN", "PK", "MN"}


def test_observers_are_sco_partners_from_1_september_2025(sco):
    status = {state.code: state.status_on for state in State.objects.annotate_status_on(date(2025, 9, 1))}
    assert status["MN"] == Standing.Status.PARTNER
    assert status["IN"] == Standing.Status.MEMBER
    assert sco["MN"].standing_on(date(2025, 8, 31)).status == Standing.Status.OBSERVER


def test_a_state_has_one_standing_at_a_time_and_the_service_says_where(sco):
    overlapping = Standing(
        state=sco["IN"], status=Standing.Status.DIALOGUE_PARTNER, start_date=date(2010, 1, 1)
    )
    error = refusal(lambda x: services.standing_save(standing=x), overlapping)
    assert codes(error, "start_date") == ["overlap"]
    assert "already has a standing in this period" in error.message_dict["start_date"][0]
    assert sco["IN"].standings.count() == 2


def test_standings_that_meet_end_to_end_are_accepted(secretariat):
    state = factories.StateFactory()
    services.standing_save(
        standing=Standing(
            state=state,
            status=Standing.Status.OBSERVER,
            start_date=date(2005, 7, 5),
            end_date=date(2017, 6, 8),
        )
    )
    services.standing_save(
        standing=Standing(state=state, status=Standing.Status.MEMBER, start_date=date(2017, 6, 9))
    )
    assert state.is_member_on(date(2017, 6, 9)) and not state.is_member_on(date(2017, 6, 8))


@pytest.mark.postgres
def test_the_database_refuses_overlapping_standings(sco):
    error = database_refuses(
        lambda: Standing.objects.create(state=sco["IN"], status="partner", start_date=date(2017, 6, 8))
    )
    assert "secretariat_standing_no_overlap" in str(error)


@pytest.mark.postgres
def test_the_database_accepts_standings_that_meet_end_to_end(secretariat):
    state = factories.StateFactory()
    Standing.objects.create(
        state=state, status="observer", start_date=date(2005, 7, 5), end_date=date(2017, 6, 8)
    )
    Standing.objects.create(state=state, status="member", start_date=date(2017, 6, 9))
    assert state.standings.count() == 2


# Rule 5: the Secretary-General's terms ---------------------------------------------------


@pytest.fixture
def norov(founders):
    """Vladimir Norov (Uzbekistan), 1 Jan 2019 to 31 Dec 2021."""
    return factories.SecretaryGeneralTermFactory(
        nominating_state=founders["UZ"],
        person__name_latin="Vladimir Norov",
        start_date=date(2019, 1, 1),
        end_date=date(2021, 12, 31),
    )


def head_term(
    state: State, start: date, end: date | None, person: Person | None = None
) -> SecretaryGeneralTerm:
    return SecretaryGeneralTerm(
        person=person or factories.PersonFactory(nationality=state),
        nominating_state=state,
        start_date=start,
        end_date=end,
    )


def test_head_terms_never_overlap_and_the_service_says_where(founders, norov):
    error = refusal(
        lambda x: services.term_create(term=x),
        head_term(founders["CN"], date(2021, 12, 31), date(2024, 12, 31)),
    )
    assert codes(error, "start_date") == ["overlap"]
    assert "overlaps the term of Vladimir Norov" in error.message_dict["start_date"][0]
    assert SecretaryGeneralTerm.objects.count() == 1


def test_a_term_ending_31_december_2021_and_one_starting_1_january_2022_are_accepted(founders, norov):
    zhang = services.term_create(term=head_term(founders["CN"], date(2022, 1, 1), date(2024, 12, 31)))
    assert SecretaryGeneralTerm.objects.head_on(date(2021, 12, 31)) == norov
    assert SecretaryGeneralTerm.objects.head_on(date(2022, 1, 1)) == zhang


@pytest.mark.postgres
def test_the_database_refuses_overlapping_head_terms(founders, norov):
    error = database_refuses(lambda: factories.SecretaryGeneralTermFactory(start_date=date(2021, 6, 1)))
    assert "secretariat_secretarygeneralterm_no_overlap" in str(error)


@pytest.mark.postgres
def test_the_database_accepts_head_terms_that_meet_end_to_end(founders, norov):
    factories.SecretaryGeneralTermFactory(start_date=date(2022, 1, 1), end_date=date(2024, 12, 31))
    assert SecretaryGeneralTerm.objects.count() == 2


def test_at_most_one_head_term_is_open_ended(founders):
    services.term_create(term=head_term(founders["KZ"], date(2025, 1, 1), None))
    error = refusal(lambda x: services.term_create(term=x), head_term(founders["CN"], date(2028, 1, 1), None))
    assert "Another term is still open: end it before recording a new one." in error.messages


def test_the_database_refuses_a_second_open_ended_head_term(secretariat):
    factories.SecretaryGeneralTermFactory(start_date=date(2025, 1, 1), end_date=None)
    # Non-overlap is PostgreSQL's exclusion constraint; the partial unique index refuses
    # a second open term on every backend.
    database_refuses(
        lambda: factories.SecretaryGeneralTermFactory(start_date=date(2028, 1, 1), end_date=None)
    )


def test_a_person_is_head_only_once(founders, norov):
    again = head_term(founders["UZ"], date(2025, 1, 1), date(2027, 12, 31), person=norov.person)
    error = refusal(lambda x: services.term_create(term=x), again)
    # A constraint over one field with its own message is reported for the whole form.
    assert error.message_dict[NON_FIELD_ERRORS] == [
        "This person has already been head of the Secretariat: a term is not renewable."
    ]


def test_the_database_refuses_a_second_term_of_the_same_head(founders, norov):
    database_refuses(
        lambda: SecretaryGeneralTerm.objects.create(
            person=norov.person, nominating_state=founders["UZ"], start_date=date(2025, 1, 1)
        )
    )


def deputy_term(
    state: State, start: date, end: date | None, person: Person | None = None
) -> DeputySecretaryGeneralTerm:
    return DeputySecretaryGeneralTerm(
        person=person or factories.PersonFactory(nationality=state),
        nominating_state=state,
        start_date=start,
        end_date=end,
    )


def test_a_deputy_is_never_from_the_heads_state(founders, norov):
    error = refusal(
        lambda x: services.deputy_term_create(term=x),
        deputy_term(founders["UZ"], date(2020, 1, 1), date(2022, 12, 31)),
    )
    assert codes(error, "nominating_state") == ["deputy_from_heads_state"]
    assert "Vladimir Norov" in error.message_dict["nominating_state"][0]
    assert not DeputySecretaryGeneralTerm.objects.exists()


def test_a_head_is_never_from_the_state_of_a_serving_deputy(founders):
    factories.DeputySecretaryGeneralTermFactory(
        nominating_state=founders["CN"], start_date=date(2019, 1, 1), end_date=date(2021, 12, 31)
    )
    error = refusal(
        lambda x: services.term_create(term=x), head_term(founders["CN"], date(2021, 6, 1), date(2024, 5, 31))
    )
    assert codes(error, "nominating_state") == ["deputy_from_heads_state"]
    assert not SecretaryGeneralTerm.objects.exists()


def test_a_deputy_from_the_next_heads_state_may_serve_until_the_day_before(founders, norov):
    deputy = services.deputy_term_create(
        term=deputy_term(founders["CN"], date(2019, 1, 1), date(2021, 12, 31))
    )
    services.term_create(term=head_term(founders["CN"], date(2022, 1, 1), date(2024, 12, 31)))
    assert deputy.pk and SecretaryGeneralTerm.objects.count() == 2


def test_a_person_is_deputy_once_at_a_time(founders):
    first = services.deputy_term_create(
        term=deputy_term(founders["RU"], date(2019, 1, 1), date(2021, 12, 31))
    )
    error = refusal(
        lambda x: services.deputy_term_create(term=x),
        deputy_term(founders["RU"], date(2021, 1, 1), None, person=first.person),
    )
    assert codes(error, "person") == ["overlap"]
    again = services.deputy_term_create(
        term=deputy_term(founders["RU"], date(2022, 1, 1), None, person=first.person)
    )
    assert again.pk


@pytest.mark.postgres
def test_the_database_refuses_overlapping_terms_of_one_deputy(founders):
    first = factories.DeputySecretaryGeneralTermFactory(nominating_state=founders["RU"])
    error = database_refuses(
        lambda: factories.DeputySecretaryGeneralTermFactory(
            person=first.person, nominating_state=founders["RU"], start_date=date(2021, 12, 31), end_date=None
        )
    )
    assert "secretariat_deputysecretarygeneralterm_no_overlap" in str(error)


@pytest.mark.postgres
def test_the_database_accepts_terms_of_one_deputy_that_meet_end_to_end(founders):
    first = factories.DeputySecretaryGeneralTermFactory(nominating_state=founders["RU"])
    factories.DeputySecretaryGeneralTermFactory(
        person=first.person, nominating_state=founders["RU"], start_date=date(2022, 1, 1), end_date=None
    )
    assert DeputySecretaryGeneralTerm.objects.count() == 2


# Rule 5: permanent representatives -------------------------------------------------------


def representative(state: State, start: date, end: date | None = None) -> PermanentRepresentative:
    return PermanentRepresentative(
        state=state, person=factories.PersonFactory(nationality=state), start_date=start, end_date=end
    )


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


@pytest.mark.postgres
def test_the_database_refuses_two_representatives_of_one_state_at_a_time(founders):
    factories.PermanentRepresentativeFactory(state=founders["KZ"], start_date=date(2020, 1, 1))
    error = database_refuses(
        lambda: factories.PermanentRepresentativeFactory(state=founders["KZ"], start_date=date(2024, 1, 1))
    )
    assert "secretariat_permanentrepresentative_no_overlap" in str(error)


@pytest.mark.postgres
def test_the_database_accepts_representatives_that_meet_end_to_end(founders):
    factories.PermanentRepresentativeFactory(
        state=founders["KZ"], start_date=date(2020, 1, 1), end_date=date(2023, 6, 30)
    )
    factories.PermanentRepresentativeFactory(state=founders["KZ"], start_date=date(2023, 7, 1))
    assert founders["KZ"].representatives.count() == 2


def test_only_a_member_state_has_a_permanent_representative(sco):
    error = refusal(
        lambda x: services.representative_create(representative=x),
        representative(sco["MN"], date(2010, 1, 1), date(2012, 1, 1)),
    )
    assert codes(error, "state") == ["not_a_member"]
    assert "only member states have a permanent representative" in error.message_dict["state"][0]


def test_a_representative_cannot_start_before_the_state_becomes_a_member(sco):
    error = refusal(
        lambda x: services.representative_create(representative=x),
        representative(sco["IN"], date(2017, 6, 8)),
    )
    assert codes(error, "state") == ["not_a_member"]
    assert services.representative_create(representative=representative(sco["IN"], date(2017, 6, 9))).pk


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


# Rule 6: end dates are never before start dates ----------------------------------------


def dated_rows(founders):
    """One unsaved row of each dated model of the Secretariat, ending the day before it starts."""
    start, end = date(2020, 1, 1), date(2019, 12, 31)
    state = founders["KZ"]
    person = factories.PersonFactory(nationality=state)
    return [
        Standing(state=factories.StateFactory(), status="observer", start_date=start, end_date=end),
        SecretaryGeneralTerm(person=person, nominating_state=state, start_date=start, end_date=end),
        DeputySecretaryGeneralTerm(person=person, nominating_state=state, start_date=start, end_date=end),
        PermanentRepresentative(state=state, person=person, start_date=start, end_date=end),
    ]


@pytest.mark.parametrize("index", range(4), ids=["standing", "head", "deputy", "representative"])
def test_an_end_date_before_the_start_date_is_refused_by_full_clean(founders, index):
    row = dated_rows(founders)[index]
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [END_BEFORE_START]
    assert [item.code for item in caught.value.error_dict[NON_FIELD_ERRORS]] == ["ends_before_start"]


@pytest.mark.parametrize("index", range(4), ids=["standing", "head", "deputy", "representative"])
def test_an_end_date_before_the_start_date_is_refused_by_the_database(founders, index):
    row = dated_rows(founders)[index]
    error = database_refuses(row.save)
    assert "ends_after_start" in str(error) or "CHECK" in str(error)


# Reference data: one row per rule ---------------------------------------------------------


def test_a_person_is_recorded_once_per_name_and_nationality(founders):
    factories.PersonFactory(name_latin="Zhang Ming", nationality=founders["CN"])
    twin = Person(name_latin="Zhang Ming", nationality=founders["CN"])
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert caught.value.message_dict[NON_FIELD_ERRORS] == [
        "A person with this name and nationality is already recorded."
    ]
    database_refuses(twin.save)
    namesake = Person.objects.create(name_latin="Zhang Ming", nationality=founders["KZ"])
    assert namesake.pk


def test_the_database_keeps_one_secretariat_with_at_least_one_post(secretariat):
    china = secretariat.host_state
    # bulk_create skips save(), which always writes the single row with id 1.
    database_refuses(
        lambda: Secretariat.objects.bulk_create(
            [
                Secretariat(
                    id=2, name_en="Second", seat_en="Elsewhere", host_state=china, opened_on=date(2004, 1, 15)
                )
            ]
        )
    )
    secretariat.establishment_size = 0
    database_refuses(secretariat.save)
