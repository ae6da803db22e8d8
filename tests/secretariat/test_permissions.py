"""Who may use the Secretariat's forms and sees their buttons."""

import pytest
from django.urls import reverse

from secretariat.models import (
    PermanentRepresentative,
    Person,
)
from tests import factories
from tests.helpers import LISTS


def form_urls() -> list[str]:
    representative = factories.PermanentRepresentativeFactory()
    return [
        reverse("secretariat:term-create"),
        reverse("secretariat:representative-create"),
        reverse("secretariat:representative-end", args=[representative.pk]),
        reverse("secretariat:person-create"),
    ]


def test_a_viewer_gets_403_on_every_form_and_changes_nothing(client, viewer, founders):
    client.force_login(viewer)
    people = Person.objects.count()
    for url in form_urls():
        assert client.get(url).status_code == 403, url
        data = {"name_latin": "Intruder", "nationality": founders["CN"].pk, "end_date": "2024-01-01"}
        assert client.post(url, data).status_code == 403, url
    assert Person.objects.count() == people + 1  # only the representative made by form_urls()
    assert PermanentRepresentative.objects.get().end_date is None


def test_an_officer_may_not_record_a_heads_term(client, officer, secretariat):
    client.force_login(officer)
    assert client.get(reverse("secretariat:term-create")).status_code == 403


@pytest.mark.parametrize("url_name", LISTS)
def test_a_viewer_sees_no_add_button(client, viewer, secretariat, url_name):
    factories.PermanentRepresentativeFactory()
    client.force_login(viewer)
    page = client.get(reverse(url_name)).content.decode()
    assert "/new/" not in page and "/end/" not in page


def test_an_officer_sees_the_buttons_of_the_actions_allowed(client, officer, secretariat):
    representative = factories.PermanentRepresentativeFactory()
    client.force_login(officer)
    people = client.get(reverse("secretariat:person-list")).content.decode()
    assert reverse("secretariat:person-create") in people
    representatives = client.get(reverse("secretariat:representative-list")).content.decode()
    assert reverse("secretariat:representative-create") in representatives
    assert reverse("secretariat:representative-end", args=[representative.pk]) in representatives
    terms = client.get(reverse("secretariat:term-list")).content.decode()
    assert reverse("secretariat:term-create") not in terms
