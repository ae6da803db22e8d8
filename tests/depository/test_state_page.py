"""A state's page lists its instruments: signed and not yet in force for it, in force, withdrawn."""

from datetime import date

import pytest
from django.urls import reverse

from depository import services

pytestmark = pytest.mark.django_db


def test_the_state_page_sorts_its_instruments_into_pending_in_force_and_withdrawn(
    all_parties_30, founders, viewer_client
):
    kazakhstan = founders["KZ"]
    page = viewer_client.get(reverse("overview:state-detail", args=["KZ"]))
    assert [p.instrument for p in page.context["instruments_pending"]] == [all_parties_30]

    for state in founders.values():
        services.participation_record_act(
            instrument=all_parties_30, party=state, kind="notification", on=date(2024, 5, 1)
        )
    services.instrument_confirm_entry_into_force(instrument=all_parties_30, on=date(2024, 5, 31))
    page = viewer_client.get(reverse("overview:state-detail", args=["KZ"]))
    assert [p.instrument for p in page.context["instruments_in_force"]] == [all_parties_30]
    assert "Agreement on testing" in page.content.decode()

    all_parties_30.withdrawal_notice_months = 12
    all_parties_30.save()
    services.participation_record_act(
        instrument=all_parties_30, party=kazakhstan, kind="withdrawal", on=date(2024, 6, 1)
    )
    page = viewer_client.get(reverse("overview:state-detail", args=["KZ"]))
    assert [p.instrument for p in page.context["instruments_withdrawn"]] == [all_parties_30]


def test_the_demo_state_page_of_kazakhstan_shows_its_ratifications(demo, viewer_client):
    page = viewer_client.get(reverse("overview:state-detail", args=["KZ"])).content.decode()
    assert "SCO Convention against Terrorism" in page
    assert "Shanghai Convention on Combating Terrorism, Separatism and Extremism" in page
