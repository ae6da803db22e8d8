"""People: the list, adding a person, one record per name and nationality."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse

from secretariat.models import (
    Person,
)
from tests import factories
from tests.assertions import database_refuses
from tests.helpers import field_error


def test_the_people_list_filters_by_nationality_and_searches_both_scripts(client, viewer, founders):
    factories.PersonFactory(name_latin="Zhang Ming", name_original="张明", nationality=founders["CN"])
    factories.PersonFactory(
        name_latin="Vladimir Norov", name_original="Владимир Норов", nationality=founders["UZ"]
    )
    client.force_login(viewer)
    url = reverse("secretariat:person-list")

    by_state = client.get(url, {"nationality": founders["UZ"].pk})
    assert [row.record.name_latin for row in by_state.context["table"].rows] == ["Vladimir Norov"]
    for query in ("zhang", "张明"):
        found = client.get(url, {"q": query})
        assert [row.record.name_latin for row in found.context["table"].rows] == ["Zhang Ming"]
    assert "badge--fictional" in client.get(url).content.decode()


def test_an_officer_adds_a_person(client, officer, founders):
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:person-create"),
        {"name_latin": "Zhang Ming", "name_original": "张明", "nationality": founders["CN"].pk},
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.name_original, person.nationality, person.is_fictional) == (
        "张明",
        founders["CN"],
        False,
    )


def test_a_person_already_recorded_is_refused_at_the_name(client, officer, founders):
    factories.PersonFactory(name_latin="Zhang Ming", nationality=founders["CN"])
    client.force_login(officer)
    response = client.post(
        reverse("secretariat:person-create"),
        {"name_latin": "Zhang Ming", "name_original": "", "nationality": founders["CN"].pk},
    )
    field_error(response, "name_latin", "A person with this name and nationality is already recorded.")
    assert Person.objects.count() == 1


@pytest.mark.django_db
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
