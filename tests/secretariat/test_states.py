"""The states list: standing today, search in any script, names in the reader's language."""

from datetime import date

from django.urls import reverse

from secretariat.models import (
    Standing,
)
from tests import factories
from tests.helpers import csv_rows


def test_the_states_list_shows_the_standing_today_and_filters_by_it(client, viewer, founders):
    india = factories.StateFactory(code="IN", name_en="India", name_ru="Индия", name_zh="印度")
    factories.StandingFactory(
        state=india,
        status=Standing.Status.OBSERVER,
        start_date=date(2005, 7, 5),
        end_date=date(2017, 6, 8),
    )
    factories.StandingFactory(state=india, start_date=date(2017, 6, 9))
    mongolia = factories.StateFactory(code="MN", name_en="Mongolia", name_ru="Монголия")
    factories.StandingFactory(state=mongolia, status=Standing.Status.PARTNER, start_date=date(2025, 9, 1))
    client.force_login(viewer)

    page = client.get(reverse("secretariat:state-list")).content.decode()
    assert "India" in page and "member state" in page and "SCO partner" in page

    members = client.get(reverse("secretariat:state-list"), {"standing": "member"})
    names = {row.record.name_en for row in members.context["table"].rows}
    assert "India" in names and "Mongolia" not in names

    partners = csv_rows(
        client.get(reverse("secretariat:state-list"), {"standing": "partner", "_export": "csv"})
    )
    assert partners[0] == ["State", "ISO code", "ISO alpha-3", "Standing today"]
    assert partners[1:] == [["Mongolia", "MN", "MNX", "SCO partner"]]


def test_the_states_list_finds_a_name_in_any_script(client, viewer, founders):
    client.force_login(viewer)
    for query in ("Kyrgyz", "Кыргызстан", "吉尔吉斯"):
        response = client.get(reverse("secretariat:state-list"), {"q": query})
        assert [row.record.code for row in response.context["table"].rows] == ["KG"]


def test_the_states_list_shows_names_in_the_readers_language(client, viewer, founders):
    client.force_login(viewer)
    page = client.get(reverse("secretariat:state-list"), HTTP_ACCEPT_LANGUAGE="ru").content
    assert "Таджикистан" in page.decode()
