"""States' standings over time: members on a date, no overlaps, a membership that must not strand
its dependents."""

from datetime import date

import pytest

from secretariat import services
from secretariat import services as secretariat_services
from secretariat.models import (
    Standing,
    State,
)
from tests import factories
from tests.assertions import codes, database_refuses, refusal
from tests.helpers import form_data, inline_errors, service_refusal, url
from tests.world import DAY

pytestmark = pytest.mark.django_db


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


def test_the_admin_refuses_a_standing_overlapping_the_states_history(admin_client, records):
    india = records["IN"]
    page = admin_client.get(url(india.__class__, "change", india.pk))
    data = form_data(page)
    data["standings-TOTAL_FORMS"] = 3
    data |= {
        "standings-2-status": "partner",
        "standings-2-start_date": "2016-01-01",
        "standings-2-state": india.pk,
    }
    expected = service_refusal(
        lambda: secretariat_services.standing_save(
            standing=Standing(state=india, status="partner", start_date=date(2016, 1, 1))
        )
    ).message_dict["start_date"]

    response = admin_client.post(url(india.__class__, "change", india.pk), data)

    assert response.status_code == 200
    (standings,) = response.context["inline_admin_formsets"]
    assert standings.formset.forms[2].errors["start_date"] == expected
    assert india.standings.count() == 2


def test_the_admin_refuses_two_overlapping_standings_of_a_new_state(admin_client, records):
    data = {
        "code": "XB",
        "iso3": "XBX",
        "name_en": "Newland",
        "name_ru": "",
        "name_zh": "",
        "official_name_en": "",
        "official_name_ru": "",
        "official_name_zh": "",
        "standings-TOTAL_FORMS": 2,
        "standings-INITIAL_FORMS": 0,
        "standings-MIN_NUM_FORMS": 0,
        "standings-MAX_NUM_FORMS": 1000,
        "standings-0-status": "observer",
        "standings-0-start_date": "2010-01-01",
        "standings-0-end_date": "2020-01-01",
        "standings-1-status": "member",
        "standings-1-start_date": "2020-01-01",
        "_save": "Save",
    }
    response = admin_client.post(url(records["KZ"].__class__, "add"), data)
    assert response.status_code == 200
    assert inline_errors(response) == [
        "Two standings overlap (2010-01-01 – 2020-01-01 and 2020-01-01 –): one standing at a time."
    ]
    assert not records["KZ"].__class__.objects.filter(code="XB").exists()

    response = admin_client.post(
        url(records["KZ"].__class__, "add"), data | {"standings-0-end_date": "2019-12-31"}
    )
    assert response.status_code == 302
    assert records["KZ"].__class__.objects.get(code="XB").is_member_on(date(2020, 1, 1))


def test_the_admin_refuses_to_end_a_membership_under_its_representative_and_officials(admin_client, records):
    kazakhstan = records["KZ"]
    page = admin_client.get(url(kazakhstan.__class__, "change", kazakhstan.pk))
    data = form_data(page)
    (row,) = [key for key, value in data.items() if key.endswith("-status") and value == "member"]
    data[row.replace("-status", "-end_date")] = "2024-12-31"
    membership = kazakhstan.standings.get(status="member")
    membership.end_date = date(2024, 12, 31)
    expected = service_refusal(lambda: secretariat_services.standing_save(standing=membership)).messages

    response = admin_client.post(url(kazakhstan.__class__, "change", kazakhstan.pk), data)

    assert response.status_code == 200
    (standings,) = response.context["inline_admin_formsets"]
    (errors,) = [form.non_field_errors() for form in standings.formset.forms if form.non_field_errors()]
    assert list(errors) == expected
    assert "Kazakhstan would not be a member state throughout" in expected[0]
    assert "— " in expected[0] and "(Kazakhstan) (2020-01-01 –)" in expected[0]  # official, representative
    assert kazakhstan.is_member_on(date(2025, 1, 1))


def test_member_states_on_a_date_is_one_query(world, django_assert_num_queries):
    founders_and_extras = {"CN", "KZ", "KG", "RU", "TJ", "UZ"} | {state.code for state in world.extras}
    with django_assert_num_queries(1):
        in_2010 = {state.code for state in State.objects.members_on(date(2010, 6, 1))}
    with django_assert_num_queries(1):
        on_day = {state.code for state in State.objects.members_on(DAY)}
    assert in_2010 == founders_and_extras
    assert on_day == founders_and_extras | {"IN", "PK"}
