"""Secretaries-General and deputies: the heads' page and timeline, the term forms, the terms'
rules, the admin."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import timezone

from secretariat import services
from secretariat import services as secretariat_services
from secretariat.models import (
    DeputySecretaryGeneralTerm,
    Person,
    SecretaryGeneralTerm,
    State,
)
from tests import factories
from tests.assertions import codes, database_refuses, refusal
from tests.helpers import (
    HEADS,
    TITLE,
    csv_rows,
    field_error,
    form_errors,
    record_heads,
    service_refusal,
    url,
    user_in,
)


@pytest.fixture
def administrator(db):
    return user_in("administrator", "administrator")


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


def deputy_term(
    state: State, start: date, end: date | None, person: Person | None = None
) -> DeputySecretaryGeneralTerm:
    return DeputySecretaryGeneralTerm(
        person=person or factories.PersonFactory(nationality=state),
        nominating_state=state,
        start_date=start,
        end_date=end,
    )


def test_the_heads_csv_lists_every_term_in_order_zhang_deguang_first(client, viewer, founders):
    record_heads(founders)
    client.force_login(viewer)
    rows = csv_rows(client.get(reverse("secretariat:term-list"), {"_export": "csv"}))
    assert rows[0] == [
        "Person",
        "Nominating state",
        "Title held",
        "Start",
        "End",
        "Approving decision",
    ]
    assert [row[0] for row in rows[1:]] == [head[0] for head in HEADS]
    assert rows[1][:5] == ["Zhang Deguang", "China", "Executive Secretary", "2004-01-15", "2006-12-31"]
    assert rows[-1][3:5] == ["2025-01-01", ""]


def test_the_heads_page_draws_a_timeline_with_one_bar_per_term(client, viewer, founders):
    record_heads(founders)
    client.force_login(viewer)
    page = client.get(reverse("secretariat:term-list")).content.decode()
    timeline = page[page.index("<svg") : page.index("</svg>")]
    assert timeline.count('<rect class="term') == len(HEADS)
    assert timeline.count("term--open") == 1
    assert "Zhang Deguang" in timeline and "2004–2006" in timeline
    assert "Executive Secretary" in timeline
    assert f">{timezone.localdate().year}</text>" in timeline
    assert "style=" not in page and "<script>" not in page


def test_the_heads_page_filters_by_the_states_that_nominated_a_head(client, viewer, founders):
    record_heads(founders)
    never = factories.member_state("IN")  # a member that has not nominated a head
    client.force_login(viewer)
    url = reverse("secretariat:term-list")
    field = client.get(url).context["filter"].form["nominating_state"]
    offered = [label for value, label in field.field.widget.choices if value]
    assert offered == sorted({founders[code].name for _name, _original, code, *_dates in HEADS})
    assert never.name not in offered

    table = client.get(url, {"nominating_state": founders["KZ"].pk}).context["table"]
    assert [row.record.person.name_latin for row in table.paginated_rows] == [
        "Bolat Nurgaliyev",
        "Nurlan Yermekbayev",
    ]


def test_the_term_page_shows_its_facts_and_links_to_the_person_and_the_state(client, viewer, founders):
    record_heads(founders)
    term = SecretaryGeneralTerm.objects.get(person__name_latin="Vladimir Norov")
    client.force_login(viewer)
    page = client.get(reverse("secretariat:term-detail", args=[term.pk])).content.decode()
    assert "Vladimir Norov" in page and "Владимир Норов" in page
    assert term.person.get_absolute_url() in page
    assert founders["UZ"].get_absolute_url() in page
    assert "Rashid Alimov" in page and "Zhang Ming" in page  # predecessor and successor
    assert reverse("record-history", args=["secretariat", "secretarygeneralterm", term.pk]) in page


def test_an_administrator_records_a_term_and_is_sent_to_it(client, administrator, founders):
    person = factories.PersonFactory(name_latin="Nurlan Yermekbayev", nationality=founders["KZ"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": person.pk,
            "nominating_state": founders["KZ"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2025-01-01",
            "end_date": "",
            "decision": "Tianjin, 2025",
        },
    )
    term = SecretaryGeneralTerm.objects.get()
    assert response.status_code == 302 and response["Location"] == term.get_absolute_url()
    assert term.end_date is None and term.nominating_state == founders["KZ"]
    page = client.get(response["Location"]).content.decode()
    assert "The term of Nurlan Yermekbayev is recorded." in page


def test_a_term_overlapping_another_is_refused_at_the_start_date(client, administrator, founders):
    record_heads(founders)
    newcomer = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": newcomer.pk,
            "nominating_state": founders["RU"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2020-06-01",
            "end_date": "2021-06-01",
        },
    )
    field_error(response, "start_date", "This term overlaps the term of Vladimir Norov")
    assert SecretaryGeneralTerm.objects.count() == len(HEADS)


def test_a_second_open_ended_term_is_refused_at_the_end_date(client, administrator, founders):
    factories.SecretaryGeneralTermFactory(
        nominating_state=founders["KZ"], start_date=date(2025, 1, 1), end_date=None
    )
    newcomer = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": newcomer.pk,
            "nominating_state": founders["RU"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2030-01-01",
        },
    )
    field_error(response, "end_date", "Another term is still open: end it before recording a new one.")
    assert SecretaryGeneralTerm.objects.count() == 1


def test_a_second_term_of_the_same_person_is_refused_at_the_person(client, administrator, founders):
    record_heads(founders)
    norov = Person.objects.get(name_latin="Vladimir Norov")
    SecretaryGeneralTerm.objects.filter(end_date__isnull=True).update(end_date=date(2027, 12, 31))
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": norov.pk,
            "nominating_state": founders["UZ"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2028-01-01",
            "end_date": "2030-12-31",
        },
    )
    field_error(response, "person", "This person has already been head of the Secretariat")
    assert SecretaryGeneralTerm.objects.count() == len(HEADS)


def test_a_head_from_a_serving_deputys_state_is_refused_at_the_nominating_state(
    client, administrator, founders
):
    factories.DeputySecretaryGeneralTermFactory(
        nominating_state=founders["RU"], person__name_latin="Russian Deputy", end_date=None
    )
    newcomer = factories.PersonFactory(nationality=founders["RU"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": newcomer.pk,
            "nominating_state": founders["RU"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2025-01-01",
            "end_date": "2027-12-31",
        },
    )
    field_error(response, "nominating_state", "Russian Deputy, a deputy from the same state")
    assert not SecretaryGeneralTerm.objects.exists()


def test_a_term_ending_before_it_starts_is_refused_at_the_end_date(client, administrator, founders):
    person = factories.PersonFactory(nationality=founders["KZ"])
    client.force_login(administrator)
    response = client.post(
        reverse("secretariat:term-create"),
        {
            "person": person.pk,
            "nominating_state": founders["KZ"].pk,
            "title": TITLE.SECRETARY_GENERAL,
            "start_date": "2025-01-01",
            "end_date": "2024-01-01",
        },
    )
    field_error(response, "end_date", "The end date is before the start date.")
    assert not SecretaryGeneralTerm.objects.exists()


@pytest.mark.django_db
def test_head_terms_never_overlap_and_the_service_says_where(founders, norov):
    error = refusal(
        lambda x: services.term_create(term=x),
        head_term(founders["CN"], date(2021, 12, 31), date(2024, 12, 31)),
    )
    assert codes(error, "start_date") == ["overlap"]
    assert "overlaps the term of Vladimir Norov" in error.message_dict["start_date"][0]
    assert SecretaryGeneralTerm.objects.count() == 1


@pytest.mark.django_db
def test_a_term_ending_31_december_2021_and_one_starting_1_january_2022_are_accepted(founders, norov):
    zhang = services.term_create(term=head_term(founders["CN"], date(2022, 1, 1), date(2024, 12, 31)))
    assert SecretaryGeneralTerm.objects.head_on(date(2021, 12, 31)) == norov
    assert SecretaryGeneralTerm.objects.head_on(date(2022, 1, 1)) == zhang


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_database_refuses_overlapping_head_terms(founders, norov):
    error = database_refuses(lambda: factories.SecretaryGeneralTermFactory(start_date=date(2021, 6, 1)))
    assert "secretariat_secretarygeneralterm_no_overlap" in str(error)


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_database_accepts_head_terms_that_meet_end_to_end(founders, norov):
    factories.SecretaryGeneralTermFactory(start_date=date(2022, 1, 1), end_date=date(2024, 12, 31))
    assert SecretaryGeneralTerm.objects.count() == 2


@pytest.mark.django_db
def test_at_most_one_head_term_is_open_ended(founders):
    services.term_create(term=head_term(founders["KZ"], date(2025, 1, 1), None))
    error = refusal(lambda x: services.term_create(term=x), head_term(founders["CN"], date(2028, 1, 1), None))
    assert "Another term is still open: end it before recording a new one." in error.messages


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_ended_head_term(secretariat):
    factories.SecretaryGeneralTermFactory(start_date=date(2025, 1, 1), end_date=None)
    # Non-overlap is PostgreSQL's exclusion constraint; the partial unique index refuses
    # a second open term on every backend.
    database_refuses(
        lambda: factories.SecretaryGeneralTermFactory(start_date=date(2028, 1, 1), end_date=None)
    )


@pytest.mark.django_db
def test_a_person_is_head_only_once(founders, norov):
    again = head_term(founders["UZ"], date(2025, 1, 1), date(2027, 12, 31), person=norov.person)
    error = refusal(lambda x: services.term_create(term=x), again)
    # A constraint over one field with its own message is reported for the whole form.
    assert error.message_dict[NON_FIELD_ERRORS] == [
        "This person has already been head of the Secretariat: a term is not renewable."
    ]


@pytest.mark.django_db
def test_the_database_refuses_a_second_term_of_the_same_head(founders, norov):
    database_refuses(
        lambda: SecretaryGeneralTerm.objects.create(
            person=norov.person, nominating_state=founders["UZ"], start_date=date(2025, 1, 1)
        )
    )


@pytest.mark.django_db
def test_a_deputy_is_never_from_the_heads_state(founders, norov):
    error = refusal(
        lambda x: services.deputy_term_create(term=x),
        deputy_term(founders["UZ"], date(2020, 1, 1), date(2022, 12, 31)),
    )
    assert codes(error, "nominating_state") == ["deputy_from_heads_state"]
    assert "Vladimir Norov" in error.message_dict["nominating_state"][0]
    assert not DeputySecretaryGeneralTerm.objects.exists()


@pytest.mark.django_db
def test_a_head_is_never_from_the_state_of_a_serving_deputy(founders):
    factories.DeputySecretaryGeneralTermFactory(
        nominating_state=founders["CN"], start_date=date(2019, 1, 1), end_date=date(2021, 12, 31)
    )
    error = refusal(
        lambda x: services.term_create(term=x), head_term(founders["CN"], date(2021, 6, 1), date(2024, 5, 31))
    )
    assert codes(error, "nominating_state") == ["deputy_from_heads_state"]
    assert not SecretaryGeneralTerm.objects.exists()


@pytest.mark.django_db
def test_a_deputy_from_the_next_heads_state_may_serve_until_the_day_before(founders, norov):
    deputy = services.deputy_term_create(
        term=deputy_term(founders["CN"], date(2019, 1, 1), date(2021, 12, 31))
    )
    services.term_create(term=head_term(founders["CN"], date(2022, 1, 1), date(2024, 12, 31)))
    assert deputy.pk and SecretaryGeneralTerm.objects.count() == 2


@pytest.mark.django_db
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


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_database_refuses_overlapping_terms_of_one_deputy(founders):
    first = factories.DeputySecretaryGeneralTermFactory(nominating_state=founders["RU"])
    error = database_refuses(
        lambda: factories.DeputySecretaryGeneralTermFactory(
            person=first.person, nominating_state=founders["RU"], start_date=date(2021, 12, 31), end_date=None
        )
    )
    assert "secretariat_deputysecretarygeneralterm_no_overlap" in str(error)


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_database_accepts_terms_of_one_deputy_that_meet_end_to_end(founders):
    first = factories.DeputySecretaryGeneralTermFactory(nominating_state=founders["RU"])
    factories.DeputySecretaryGeneralTermFactory(
        person=first.person, nominating_state=founders["RU"], start_date=date(2022, 1, 1), end_date=None
    )
    assert DeputySecretaryGeneralTerm.objects.count() == 2


@pytest.mark.django_db
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


@pytest.mark.django_db
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "head"),
    [(date(2021, 12, 31), "norov"), (date(2022, 1, 1), "zhang"), (date(2030, 1, 1), "yermekbayev")],
)
def test_the_head_on_a_date_is_one_query(world, django_assert_num_queries, day, head):
    expected = world.terms[head]
    with django_assert_num_queries(1):
        term = SecretaryGeneralTerm.objects.head_on(day)
        shown = (term.person.name_latin, term.nominating_state.code)
    assert term == expected
    assert shown == (expected.person.name_latin, expected.nominating_state.code)


@pytest.mark.django_db
def test_no_head_before_the_first_term_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert SecretaryGeneralTerm.objects.head_on(date(2003, 12, 31)) is None
