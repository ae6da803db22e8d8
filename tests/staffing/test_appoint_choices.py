"""Choosing a person or a post in the appoint form: searched on the server (core.choices), in any
script and any case, only among the choices the rule allows; the form's HTML does not grow."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from secretariat.models import Person, State
from staffing.models import Appointment, Post
from tests import factories

pytestmark = pytest.mark.django_db

PEOPLE = reverse("staffing:appointment-create-choices", args=["person"])
POSTS = reverse("staffing:appointment-create-choices", args=["post"])
FORM = reverse("staffing:appointment-create")


def found(client, url: str, **query) -> dict[str, str]:
    response = client.get(url, query)
    assert response.status_code == 200, response.content
    payload = response.json()
    assert set(payload) == {"results", "pagination"}
    return {item["id"]: item["text"] for item in payload["results"]}


@pytest.fixture
def newcomers(demo):
    """A Russian and a Chinese national, free, with their names in their own script."""
    return {
        "ru": factories.PersonFactory(
            nationality=State.objects.get(code="RU"),
            name_latin="Olga Berezina",
            name_original="Ольга Березина",
        ),
        "zh": factories.PersonFactory(
            nationality=State.objects.get(code="CN"), name_latin="Wang Xiaoming", name_original="王小明"
        ),
    }


@pytest.mark.parametrize("typed", ["березин", "БЕРЕЗИН", "Березина", "ОЛЬГА березина", "berez", "OLGA ber"])
def test_a_russian_name_is_found_by_any_part_in_either_script_and_any_case(officer_client, newcomers, typed):
    results = found(officer_client, PEOPLE, term=typed)
    assert results == {str(newcomers["ru"].pk): "Olga Berezina (Ольга Березина) · Russia"}


@pytest.mark.parametrize("typed", ["小明", "王小", "王", "xiaoming", "WANG x"])
def test_a_chinese_name_is_found_by_any_part_in_either_script(officer_client, newcomers, typed):
    assert str(newcomers["zh"].pk) in found(officer_client, PEOPLE, term=typed)


def test_only_people_free_on_the_start_date_are_offered(officer_client, newcomers):
    serving = Appointment.objects.filter(end_date__isnull=True).select_related("person").first()
    name = serving.person.name_latin
    today = timezone.localdate()
    assert str(serving.person_id) not in found(
        officer_client, PEOPLE, term=name, start_date=today.isoformat()
    )
    # The day before the appointment began, the person was free.
    before = (serving.start_date - timedelta(days=1)).isoformat()
    assert str(serving.person_id) in found(officer_client, PEOPLE, term=name, start_date=before)


def test_only_vacant_posts_of_the_category_are_offered(officer_client, demo):
    today = timezone.localdate()
    offered = found(officer_client, POSTS, start_date=today.isoformat(), page=1)
    held = Appointment.objects.on(today).values_list("post_id", flat=True)
    assert offered
    assert not set(offered) & {str(pk) for pk in held}
    assert set(offered) <= {
        str(pk)
        for pk in Post.objects.vacant_on(today).filter(category="official").values_list("pk", flat=True)
    }


def test_technical_staff_are_chosen_among_host_country_nationals_only(officer_client, newcomers):
    url = reverse("staffing:technical-create-choices", args=["person"])
    assert str(newcomers["zh"].pk) in found(officer_client, url, term="王小明")
    assert found(officer_client, url, term="Березина") == {}


def test_matches_come_a_page_at_a_time(officer_client, demo):
    russia = State.objects.get(code="RU")
    Person.objects.bulk_create(
        Person(name_latin=f"Ivan Testov {n:02}", name_original=f"Иван Тестов {n:02}", nationality=russia)
        for n in range(30)
    )
    first = officer_client.get(PEOPLE, {"term": "тестов"}).json()
    second = officer_client.get(PEOPLE, {"term": "тестов", "page": 2}).json()
    assert len(first["results"]) == 20 and first["pagination"]["more"] is True
    assert len(second["results"]) == 10 and second["pagination"]["more"] is False
    assert not {item["id"] for item in first["results"]} & {item["id"] for item in second["results"]}


def test_the_search_is_refused_as_the_form_is(client, demo):
    assert client.get(PEOPLE, {"term": "a"}).status_code == 302  # to sign in
    from tests.helpers import user_with_role

    client.force_login(user_with_role("viewer"))
    assert client.get(PEOPLE, {"term": "a"}).status_code == 403


@pytest.mark.parametrize(
    ("url", "query", "status"),
    [
        (PEOPLE, {"page": "abc"}, 400),
        (PEOPLE, {"page": "0"}, 400),
        (PEOPLE, {"page": "99999999999999999999999"}, 400),
        (PEOPLE, {"term": "x" * 5000}, 200),
        (PEOPLE, {"term": "%_\\'\"", "start_date": "2024-02-31"}, 200),
        (reverse("staffing:appointment-create-choices", args=["start_date"]), {}, 404),
        (reverse("staffing:appointment-create-choices", args=["nobody"]), {}, 404),
    ],
)
def test_hostile_searches_are_bad_requests_not_errors(officer_client, demo, url, query, status):
    assert officer_client.get(url, query).status_code == status


def test_the_form_holds_only_the_chosen_options_whatever_the_number_of_people(officer_client, demo):
    before = officer_client.get(FORM).content
    russia = State.objects.get(code="RU")
    Person.objects.bulk_create(
        Person(name_latin=f"Extra Person {n}", name_original=f"Лицо {n}", nationality=russia)
        for n in range(500)
    )
    factories.PostFactory.create_batch(50)
    after = officer_client.get(FORM).content
    assert len(after) == len(before)
    assert len(after) < 60 * 1024
    assert b"Extra Person" not in after
    assert b'data-choices-url="' + PEOPLE.encode() + b'"' in after
    assert b"admin/js/vendor/select2/select2.full.min.js" in after


def test_without_javascript_the_search_button_shows_the_matches_and_saves_nothing(officer_client, newcomers):
    count = Appointment.objects.count()
    response = officer_client.post(
        FORM,
        # Enter in the person's box presses the form's first button, the post's Search: every
        # box with text is searched.
        {"person_search": "БЕРЕЗ", "_search": "post", "start_date": "2030-01-02", "post": "", "person": ""},
    )
    assert response.status_code == 200
    assert Appointment.objects.count() == count
    html = response.content.decode()
    assert f'<option value="{newcomers["ru"].pk}">Olga Berezina (Ольга Березина) · Russia</option>' in html
    assert 'value="2030-01-02"' in html  # what was typed stays
    assert "This field is required" not in html


def test_a_refused_form_keeps_the_chosen_person_and_a_tampered_one_is_an_invalid_choice(
    officer_client, newcomers
):
    person = newcomers["ru"]
    response = officer_client.post(FORM, {"person": person.pk, "start_date": "2030-01-02"})
    assert response.status_code == 200
    assert f'<option value="{person.pk}" selected>' in response.content.decode()
    response = officer_client.post(FORM, {"person": "abc", "start_date": "2030-01-02"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_the_term_and_representative_forms_search_people_too(client, newcomers):
    from tests.helpers import user_with_role

    client.force_login(user_with_role("administrator", "admin-choices"))
    term = reverse("secretariat:term-create-choices", args=["person"])
    assert str(newcomers["zh"].pk) in found(client, term, term="小明")
    representative = reverse("secretariat:representative-create-choices", args=["person"])
    assert str(newcomers["ru"].pk) in found(client, representative, term="ольга")
    assert b"Extra" not in client.get(reverse("secretariat:term-create")).content


def test_a_person_serving_on_the_start_date_is_refused_in_the_rules_words(officer_client, demo):
    serving = Appointment.objects.filter(end_date__isnull=True, post__category="official").first()
    count = Appointment.objects.count()
    response = officer_client.post(FORM, {"person": serving.person_id, "start_date": "2030-01-02"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "holds another post on the start date" in html
    assert "Select a valid choice" not in html
    assert Appointment.objects.count() == count
