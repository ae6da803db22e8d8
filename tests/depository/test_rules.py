"""Rules about one row, from both sides: the officer's form shows the message, and the database
refuses the row when the form is bypassed."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from depository.models import Instrument, Participation
from secretariat.models import InternationalOrganisation

pytestmark = pytest.mark.django_db


def refused(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(**fields)


def test_a_party_is_a_state_or_an_organisation_at_the_form(all_parties_30, founders, officer_client):
    url = reverse("depository:act-create", args=[all_parties_30.pk])
    data = {"kind": "signature", "on": "2024-03-01", "precision": "day"}
    neither = officer_client.post(url, data)
    assert "either a state or an international organisation" in neither.content.decode()
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    both = officer_client.post(url, {**data, "state": founders["KZ"].pk, "organisation": un.pk})
    assert "either a state or an international organisation" in both.content.decode()


def test_a_party_is_a_state_or_an_organisation_at_the_database(all_parties_30, founders):
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    refused(instrument=all_parties_30)
    refused(instrument=all_parties_30, state=founders["KZ"], organisation=un)
    Participation.objects.create(instrument=all_parties_30, organisation=un)


def test_one_row_per_instrument_and_party_at_the_database(all_parties_30, founders):
    refused(instrument=all_parties_30, state=founders["KZ"])


def test_an_organisation_records_its_acts_like_a_state(all_parties_30, officer_client):
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    officer_client.post(
        reverse("depository:act-create", args=[all_parties_30.pk]),
        {"kind": "signature", "organisation": un.pk, "on": "2024-03-02", "precision": "day"},
    )
    assert Participation.objects.get(instrument=all_parties_30, organisation=un).signed_on == date(2024, 3, 2)


def test_a_state_is_named_as_depositary_only_when_a_state_is_depositary(founders):
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(code="x", kind="treaty", title_en="X", depositary="state")
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(
            code="y", kind="treaty", title_en="Y", depositary="secretariat", depositary_state=founders["CN"]
        )
    Instrument.objects.create(
        code="z", kind="treaty", title_en="Z", depositary="state", depositary_state=founders["CN"]
    )


def test_a_withdrawal_takes_effect_after_its_notice_at_the_database(all_parties_30, founders):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.filter(instrument=all_parties_30, state=founders["KZ"]).update(
            withdrawal_notice_on=date(2025, 1, 1), withdrawal_effective_on=date(2024, 1, 1)
        )


def test_a_withdrawal_is_effective_the_instruments_months_after_notice(founders):
    from depository import services

    instrument = Instrument.objects.create(
        code="w", kind="convention", title_en="W", withdrawal_notice_months=12
    )
    services.participation_record_act(
        instrument=instrument, party=founders["UZ"], kind="instrument", on=date(2023, 5, 2)
    )
    result = services.participation_record_act(
        instrument=instrument, party=founders["UZ"], kind="withdrawal", on=date(2024, 2, 29)
    )
    assert result.participation.withdrawal_effective_on == date(2025, 2, 28)


def test_a_date_outside_the_kept_range_is_refused_at_the_form(all_parties_30, founders, officer_client):
    response = officer_client.post(
        reverse("depository:act-create", args=[all_parties_30.pk]),
        {"kind": "signature", "state": founders["KZ"].pk, "on": "2204-03-01", "precision": "day"},
    )
    assert response.context["form"].errors["on"]


def test_the_admin_shows_the_log_read_only(all_parties_30, admin_client):
    event = all_parties_30.events.first()
    assert admin_client.get(reverse("admin:depository_depositaryevent_changelist")).status_code == 200
    change = admin_client.get(reverse("admin:depository_depositaryevent_change", args=[event.pk]))
    assert change.status_code == 200 and 'type="submit"' not in change.content.decode().split("<form")[-1]
    assert admin_client.get(reverse("admin:depository_depositaryevent_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:depository_instrument_change", args=[all_parties_30.pk])).status_code
        == 200
    )
