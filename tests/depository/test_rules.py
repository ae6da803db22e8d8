"""Rules about one row, from both sides: the officer's form shows the message, and the database
refuses the row when the form is bypassed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from depository import services
from depository.models import DepositaryEvent, Instrument, Participation
from secretariat.models import InternationalOrganisation

pytestmark = pytest.mark.django_db


def refused(**fields) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(**fields)


@pytest.fixture
def memorandum(db) -> Instrument:
    """A memorandum of understanding: states and organisations may be its parties."""
    return Instrument.objects.create(
        code="test-mou",
        kind=Instrument.Kind.MEMORANDUM_OF_UNDERSTANDING,
        title_en="Memorandum on testing",
        signed_on=date(2024, 3, 1),
        depositary=Instrument.Depositary.NONE,
    )


def test_a_party_is_a_state_or_an_organisation_at_the_form(memorandum, founders, officer_client):
    url = reverse("depository:act-create", args=[memorandum.pk])
    data = {"kind": "signature", "on": "2024-03-01", "precision": "day"}
    neither = officer_client.post(url, data)
    assert "either a state or an international organisation" in neither.content.decode()
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    both = officer_client.post(url, {**data, "state": founders["KZ"].pk, "organisation": un.pk})
    assert "either a state or an international organisation" in both.content.decode()
    assert not Participation.objects.filter(instrument=memorandum).exists()


def test_a_party_is_a_state_or_an_organisation_at_the_database(all_parties_30, founders):
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    refused(instrument=all_parties_30)
    refused(instrument=all_parties_30, state=founders["KZ"], organisation=un)
    Participation.objects.create(instrument=all_parties_30, organisation=un)


def test_one_row_per_instrument_and_party_at_the_database(all_parties_30, founders):
    refused(instrument=all_parties_30, state=founders["KZ"])


def test_an_organisation_records_its_acts_like_a_state(memorandum, officer_client):
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    officer_client.post(
        reverse("depository:act-create", args=[memorandum.pk]),
        {"kind": "signature", "organisation": un.pk, "on": "2024-03-02", "precision": "day"},
    )
    assert Participation.objects.get(instrument=memorandum, organisation=un).signed_on == date(2024, 3, 2)


def test_an_agreement_among_states_offers_no_organisation_at_the_form(all_parties_30, officer_client):
    """The act form of an agreement has no organisation to choose; one posted anyway (a
    tampered form) records nothing and the state is asked for at its field."""
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    url = reverse("depository:act-create", args=[all_parties_30.pk])
    page = officer_client.get(url)
    assert "organisation" not in page.context["form"].fields
    tampered = officer_client.post(
        url, {"kind": "signature", "organisation": un.pk, "on": "2024-03-02", "precision": "day"}
    )
    assert tampered.status_code == 200
    assert tampered.context["form"].errors["state"]
    assert not Participation.objects.filter(organisation=un).exists()


def test_an_organisation_is_refused_as_party_to_an_agreement_by_the_service(all_parties_30):
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    with pytest.raises(ValidationError) as refusal:
        services.participation_record_act(
            instrument=all_parties_30, party=un, kind="signature", on=date(2024, 3, 2)
        )
    assert "concluded among states" in str(refusal.value.message_dict["organisation"])
    assert not Participation.objects.filter(organisation=un).exists()
    assert not DepositaryEvent.objects.filter(organisation=un).exists()


def test_an_instrument_with_an_organisation_party_keeps_a_kind_open_to_organisations(memorandum):
    """The admin changes an instrument's kind through its form (full_clean): a memorandum with
    an organisation party does not become a convention."""
    un = InternationalOrganisation.objects.create(code="un", name_en="United Nations")
    services.participation_record_act(instrument=memorandum, party=un, kind="signature", on=date(2024, 3, 1))
    memorandum.kind = Instrument.Kind.CONVENTION
    with pytest.raises(ValidationError) as refusal:
        memorandum.full_clean()
    assert "kind" in refusal.value.message_dict
    memorandum.kind = Instrument.Kind.JOINT_DECLARATION
    memorandum.full_clean()


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
