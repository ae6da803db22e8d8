"""The admin: every page opens, and no rule of the brief can be broken through it.

Every registered model is covered by iterating over the admin site's registry, so a model
added later is tested without touching this file. Rule-breaking attempts re-display the form
with the very message the service gives (the test asks the service first) and save nothing.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.forms import CheckboxInput
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secretariat import services as secretariat_services
from secretariat.models import (
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
)
from staffing import services
from staffing.models import Appointment, Category, Post, QuotaVersion
from tests import factories

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
DELETE_REFUSED = [
    Appointment,
    SecretaryGeneralTerm,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    QuotaVersion,
]


def url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def superuser(django_user_model):
    # No password: hashing one costs a second per test, and force_login needs none.
    return django_user_model.objects.create_superuser("admin", "admin@example.org", None)


@pytest.fixture
def admin_client(client, superuser):
    # force_login, not login: django-axes wants a request for every password sign-in.
    client.force_login(superuser)
    return client


@pytest.fixture
def records(founders):
    """A little of everything, written through the services as the pages would."""
    states = {**founders, **factories.india_and_pakistan()}
    states["MN"] = factories.state_with_standings(
        "MN",
        "MNG",
        "Mongolia",
        (Standing.Status.OBSERVER, date(2004, 6, 17), date(2025, 8, 31)),
        (Standing.Status.PARTNER, date(2025, 9, 1), None),
    )
    services.quota_version_publish(effective_date=date(2004, 1, 15), places={s: 6 for s in founders.values()})
    eight = [*founders.values(), states["IN"], states["PK"]]
    services.quota_version_publish(
        effective_date=date(2017, 6, 9), places=dict(zip(eight, [5, 5, 5, 5, 4, 4, 4, 4], strict=True))
    )
    department = factories.DepartmentFactory(code="political", name_en="Political department")
    for code in ("KZ", "RU"):
        services.appointment_create(
            person=factories.PersonFactory(nationality=states[code]),
            post=factories.PostFactory(department=department),
            nominated_by=states[code],
            start_date=date(2020, 1, 1),
        )
    services.appointment_create(
        person=factories.PersonFactory(nationality=states["CN"]),
        post=factories.PostFactory(department=department, technical=True),
        start_date=date(2015, 1, 1),
    )
    secretariat_services.term_create(
        term=factories.SecretaryGeneralTermFactory.build(
            nominating_state=states["UZ"],
            person=factories.PersonFactory(name_latin="Vladimir Norov", nationality=states["UZ"]),
        )
    )
    secretariat_services.deputy_term_create(
        term=factories.DeputySecretaryGeneralTermFactory.build(
            nominating_state=states["RU"], person=factories.PersonFactory(nationality=states["RU"])
        )
    )
    secretariat_services.representative_create(
        representative=factories.PermanentRepresentativeFactory.build(
            state=states["KZ"], person=factories.PersonFactory(nationality=states["KZ"])
        )
    )
    return states


def service_refusal(save) -> ValidationError:
    """What the service says about the same input; it saves nothing."""
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        save()
    return caught.value


def form_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, "the form was not re-displayed"
    return response.context["adminform"].form.errors


def inline_errors(response) -> list[str]:
    return [
        error
        for inline in response.context["inline_admin_formsets"]
        for error in inline.formset.non_form_errors()
    ]


def as_post_value(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return "" if value is None else value


def form_data(response) -> dict:
    """The POST data of an admin add or change page as shown: what a clerk sends unchanged."""
    data = {"_save": "Save"}

    def add(form) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = as_post_value(value)

    add(response.context["adminform"].form)
    # The history page of a record as it was shows the record alone, without inlines.
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.initial_forms:
            add(form)
    return data


# Every page opens ------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _a in REGISTERED])
def test_every_admin_page_and_list_filter_opens_for_a_superuser(
    admin_client, superuser, records, model, model_admin
):
    request = RequestFactory().get("/")
    request.user = superuser
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "changelist"), {"q": "Ka"}).status_code == 200
    for list_filter in model_admin.get_list_filter(request):
        if isinstance(list_filter, type) and issubclass(list_filter, admin.SimpleListFilter):
            for value, _label in list_filter(request, {}, model, model_admin).lookup_choices:
                response = admin_client.get(url(model, "changelist"), {list_filter.parameter_name: value})
                assert response.status_code == 200, (list_filter.__name__, value)

    add = admin_client.get(url(model, "add"))
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)

    row = model._default_manager.first()
    if row is not None:
        assert admin_client.get(url(model, "change", row.pk)).status_code == 200
        assert admin_client.get(url(model, "history", row.pk)).status_code == 200
        if hasattr(row, "history"):
            # django-simple-history's page of the record as it was.
            version = row.history.first()
            assert (
                admin_client.get(url(model, "simple_history", row.pk, version.history_id)).status_code == 200
            )


def add_more_rows(records) -> None:
    """Three more member states with people, posts, appointments, terms and representatives."""
    for index in range(3):
        state = factories.member_state()
        factories.quota({state: 2}, effective_date=date(2030 + index, 1, 1))
        for _ in range(2):
            factories.AppointmentFactory(
                nominated_by=state, start_date=date(2021, 1, 1), planned_end_date=None
            )
        factories.PermanentRepresentativeFactory(state=state)
        factories.DeputySecretaryGeneralTermFactory(
            nominating_state=state, start_date=date(2010 + index, 1, 1), end_date=date(2010 + index, 12, 31)
        )
        factories.SecretaryGeneralTermFactory(
            nominating_state=state, start_date=date(2004 + index, 1, 1), end_date=date(2004 + index, 12, 31)
        )
        factories.DepartmentFactory()


OUR_MODELS = [
    (model, model_admin)
    for model, model_admin in REGISTERED
    if model._meta.app_label in ("secretariat", "staffing")
]


@pytest.mark.parametrize(("model", "model_admin"), OUR_MODELS, ids=[m._meta.label for m, _a in OUR_MODELS])
def test_admin_lists_keep_their_query_count_as_rows_grow(admin_client, records, model, model_admin):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url(model, "changelist")).status_code == 200
        return len(captured)

    before = queries()
    add_more_rows(records)
    assert queries() == before


# Appointments: the quota, one holder, the nationality -----------------------------------


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


# Terms and representatives -------------------------------------------------------------


def test_the_admin_refuses_an_overlapping_head_term(admin_client, records):
    zhang = factories.PersonFactory(name_latin="Zhang Ming", nationality=records["CN"])
    term = SecretaryGeneralTerm(
        person=zhang,
        nominating_state=records["CN"],
        start_date=date(2021, 12, 31),
        end_date=date(2024, 12, 31),
    )
    expected = service_refusal(lambda: secretariat_services.term_create(term=term)).message_dict
    data = {
        "person": zhang.pk,
        "nominating_state": records["CN"].pk,
        "title": "secretary_general",
        "start_date": "2021-12-31",
        "end_date": "2024-12-31",
        "decision": "",
    }
    response = admin_client.post(url(SecretaryGeneralTerm, "add"), data)
    assert form_errors(response)["start_date"] == expected["start_date"]
    assert not zhang.head_terms.exists()

    response = admin_client.post(url(SecretaryGeneralTerm, "add"), data | {"start_date": "2022-01-01"})
    assert response.status_code == 302 and zhang.head_terms.exists()


def test_the_admin_refuses_a_deputy_from_the_heads_state(admin_client, records):
    uzbek = factories.PersonFactory(nationality=records["UZ"])
    deputy = DeputySecretaryGeneralTerm(
        person=uzbek, nominating_state=records["UZ"], start_date=date(2020, 1, 1), end_date=None
    )
    expected = service_refusal(lambda: secretariat_services.deputy_term_create(term=deputy)).message_dict
    data = {
        "person": uzbek.pk,
        "nominating_state": records["UZ"].pk,
        "start_date": "2020-01-01",
        "decision": "",
    }
    response = admin_client.post(url(DeputySecretaryGeneralTerm, "add"), data)
    assert form_errors(response)["nominating_state"] == expected["nominating_state"]
    assert not uzbek.deputy_terms.exists()


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


def test_the_admin_refuses_a_second_representative_of_a_state_at_a_time(admin_client, records):
    kazakh = factories.PersonFactory(nationality=records["KZ"])
    wanted = PermanentRepresentative(state=records["KZ"], person=kazakh, start_date=date(2024, 1, 1))
    expected = service_refusal(
        lambda: secretariat_services.representative_create(representative=wanted)
    ).message_dict
    data = {"state": records["KZ"].pk, "person": kazakh.pk, "start_date": "2024-01-01", "end_date": ""}
    response = admin_client.post(url(PermanentRepresentative, "add"), data)
    assert form_errors(response)["start_date"] == expected["start_date"]


# States and their standings -------------------------------------------------------------


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


# Quota versions ------------------------------------------------------------------------


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


# Changes that would break the appointments already made ---------------------------------


def test_the_admin_refuses_a_nationality_that_breaks_the_persons_appointments(admin_client, records):
    person = Appointment.objects.filter(nominated_by=records["KZ"]).get().person
    page = admin_client.get(url(person.__class__, "change", person.pk))
    response = admin_client.post(
        url(person.__class__, "change", person.pk), form_data(page) | {"nationality": records["RU"].pk}
    )
    assert "does not fit the person's appointments" in form_errors(response)["nationality"][0]
    person.refresh_from_db()
    assert person.nationality == records["KZ"]


def test_the_admin_refuses_to_turn_a_held_post_technical(admin_client, records):
    post = Appointment.objects.filter(nominated_by=records["KZ"]).get().post
    page = admin_client.get(url(Post, "change", post.pk))
    data = form_data(page) | {"category": Category.TECHNICAL, "grade": Post.Grade.TECHNICAL}
    response = admin_client.post(url(Post, "change", post.pk), data)
    assert form_errors(response)["category"] == ["People have held this post: its category cannot change."]


# History is ended, not erased -----------------------------------------------------------


@pytest.mark.parametrize("model", DELETE_REFUSED, ids=lambda model: model._meta.label)
def test_the_admin_refuses_to_delete_history(admin_client, superuser, records, model):
    row = model.objects.first()
    assert admin_client.get(url(model, "delete", row.pk)).status_code == 403
    assert admin_client.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403

    request = RequestFactory().get("/")
    request.user = superuser
    assert "delete_selected" not in admin.site._registry[model].get_actions(request)
    admin_client.post(url(model, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [row.pk]})
    assert model.objects.filter(pk=row.pk).exists()


def test_the_admin_keeps_one_secretariat(admin_client, records):
    secretariat = Secretariat.objects.get()
    assert admin_client.get(url(Secretariat, "add")).status_code == 403
    assert admin_client.get(url(Secretariat, "delete", secretariat.pk)).status_code == 403
