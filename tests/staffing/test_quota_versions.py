"""Quota versions: publishing one that adds up, who holds quota, the form, the admin and the query
of a date."""

from datetime import date

import pytest
from django.urls import reverse

from staffing import services
from staffing.models import QuotaLine, QuotaVersion
from tests import factories
from tests.assertions import codes, database_refuses, refusal
from tests.helpers import form_data, inline_errors, official, service_refusal, url, user_with_role
from tests.world import DAY

pytestmark = pytest.mark.django_db


def quota_post_data(effective_date: str, places: dict) -> dict:
    data = {
        "effective_date": effective_date,
        "is_illustrative": "on",
        "basis": "test",
        "lines-TOTAL_FORMS": len(places),
        "lines-INITIAL_FORMS": 0,
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, (state, value) in enumerate(places.items()):
        data |= {
            f"lines-{index}-state": state.pk,
            f"lines-{index}-places": value,
            f"lines-{index}-budget_share": "",
        }
    return data


def eight_members(records) -> list:
    return [records[code] for code in ("CN", "KZ", "KG", "RU", "TJ", "UZ", "IN", "PK")]


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


def test_the_admin_offers_a_new_quota_version_a_row_per_member_state(admin_client, records):
    response = admin_client.get(url(QuotaVersion, "add"))
    (lines,) = response.context["inline_admin_formsets"]
    assert {form.initial["state"] for form in lines.formset.forms} == {
        state.pk for state in eight_members(records)
    }


def test_the_admin_publishes_a_quota_version_adding_up_to_the_establishment(admin_client, records):
    places = dict(zip(eight_members(records), [4, 4, 4, 4, 5, 5, 5, 5], strict=True))
    response = admin_client.post(url(QuotaVersion, "add"), quota_post_data("2030-01-01", places))
    assert response.status_code == 302
    version = QuotaVersion.objects.get(effective_date=date(2030, 1, 1))
    assert version.establishment_size == 36
    assert sum(version.lines.values_list("places", flat=True)) == 36


@pytest.mark.parametrize(
    ("effective_date", "change", "code"),
    [
        ("2030-01-01", lambda places, records: places | {records["KZ"]: 9}, "wrong_total"),
        (
            "2030-01-01",
            lambda places, records: {s: v for s, v in places.items() if s.code != "PK"},
            "missing_member",
        ),
        ("2010-01-01", lambda places, records: places, "not_a_member"),
    ],
    ids=["not-adding-up", "a-member-missing", "a-state-not-yet-a-member"],
)
def test_the_admin_refuses_a_quota_version_breaking_a_rule(
    admin_client, records, effective_date, change, code
):
    places = change(dict(zip(eight_members(records), [4, 4, 4, 4, 5, 5, 5, 5], strict=True)), records)
    day = date.fromisoformat(effective_date)
    expected = service_refusal(lambda: services.quota_version_publish(effective_date=day, places=places))
    assert code in [item.code for item in expected.error_dict["places"]]

    response = admin_client.post(url(QuotaVersion, "add"), quota_post_data(effective_date, places))

    assert response.status_code == 200
    assert inline_errors(response) == expected.messages
    assert not QuotaVersion.objects.filter(effective_date=day).exists()


def test_the_admin_refuses_to_cut_a_quota_below_the_officials_serving(admin_client, records):
    version = QuotaVersion.objects.get(effective_date=date(2017, 6, 9))
    page = admin_client.get(url(QuotaVersion, "change", version.pk))
    data = form_data(page)
    for index, form in enumerate(page.context["inline_admin_formsets"][0].formset.initial_forms):
        if form.instance.state.code == "KZ":
            data[f"lines-{index}-places"] = 0  # Kazakhstan has an official serving
        if form.instance.state.code == "KG":
            data[f"lines-{index}-places"] = form.instance.places + 5
    response = admin_client.post(url(QuotaVersion, "change", version.pk), data)
    assert response.status_code == 200
    assert "Kazakhstan would have 1 officials" in inline_errors(response)[0]
    assert version.lines.get(state=records["KZ"]).places == 5


def test_quota_lines_on_a_date_is_one_query_and_only_members_hold_quota(world, django_assert_num_queries):
    india = world.states["IN"]
    with django_assert_num_queries(1):
        in_2010 = {line.state_id: line.places for line in QuotaLine.objects.on(date(2010, 6, 1))}
    with django_assert_num_queries(1):
        on_day = {line.state_id: line.places for line in QuotaLine.objects.on(DAY)}
    with django_assert_num_queries(1):
        in_2021 = {line.state_id: line.places for line in QuotaLine.objects.on(date(2021, 1, 1))}
    assert india.pk not in in_2010  # a line, but India was an observer then
    assert on_day[india.pk] == 3 and on_day[world.states["KZ"].pk] == 2
    assert len(on_day) == 7 + len(world.extras)  # Pakistan has no line in the 2004 version
    assert in_2021[world.states["PK"].pk] == 4 and in_2021[world.extras[0].pk] == 1
