"""The instrument page: its header, the status table (participant × signature × consent ×
received × in force × withdrawal × remarks) and the depositary log; officers see the forms."""

import pytest
from django.urls import reverse

from depository.models import Instrument

pytestmark = pytest.mark.django_db


def test_the_2009_convention_shows_kazakhstans_ratification_law_and_the_general_entry_into_force(
    demo, viewer_client
):
    convention = Instrument.objects.get(code="convention-against-terrorism-2009")
    response = viewer_client.get(convention.get_absolute_url())
    page = response.content.decode()
    row = next(r for r in response.context["rows"] if r["participation"].state.code == "KZ")
    assert row["participation"].get_consent_kind_display() == "ratification"
    assert "Law of 10 January 2011 No. 381-IV" in page
    assert convention.entry_into_force.isoformat() == "2012-01-14"
    assert "14 Jan 2012" in page.split('data-testid="general-eif"')[1][:80]


def test_the_status_table_has_the_columns_users_know(demo, viewer_client):
    convention = Instrument.objects.get(code="shanghai-convention-2001")
    page = viewer_client.get(convention.get_absolute_url()).content.decode()
    for column in (
        "Participant",
        "Signature",
        "Consent",
        "Received",
        "In force for it",
        "Withdrawal",
        "Remarks",
    ):
        assert f">{column}<" in page
    assert "China" in page and "Depositary log" in page


def test_a_viewer_reads_but_sees_no_form(demo, viewer_client):
    convention = Instrument.objects.get(code="shanghai-convention-2001")
    page = viewer_client.get(convention.get_absolute_url()).content.decode()
    assert reverse("depository:act-create", args=[convention.pk]) not in page
    assert viewer_client.get(reverse("depository:act-create", args=[convention.pk])).status_code == 403


def test_the_register_searches_titles_in_every_script(demo, viewer_client):
    url = reverse("depository:instrument-list")
    for query in ("хартия", "ХАРТИЯ", "宪章", "charter of the"):
        titles = [row.record.code for row in viewer_client.get(url, {"q": query}).context["table"].rows]
        assert "charter-2002" in titles, query


def test_the_register_filters_by_depositary_party_and_in_force(demo, viewer_client):
    url = reverse("depository:instrument-list")
    codes = lambda **params: {row.record.code for row in viewer_client.get(url, params).context["table"].rows}  # noqa: E731
    assert codes(depositary="state") == {"shanghai-convention-2001"}
    assert "memorandum-belarus-2023" in codes(party="BY")
    assert "charter-2002" in codes(in_force="yes", per_page=100)
    assert "universal-centre-2025" in codes(in_force="no", per_page=100)
