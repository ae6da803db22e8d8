"""Every write path keeps the status table in order, not only corrections (found by a second
newcomer's attack): confirming an entry into force, recording an act, issuing a notification
and the admin's instrument form. Each refusal at its field, and nothing written."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from depository import services
from depository.models import DepositaryEvent, Instrument, Participation
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def refused(response, field: str, words: str) -> None:
    assert response.status_code == 200, "it was recorded"
    assert words in " ".join(response.context["form"].errors[field])


def row(instrument, state) -> Participation:
    return Participation.objects.get(instrument=instrument, state=state)


def test_a_party_is_not_confirmed_in_force_before_its_consent(notified, founders, officer_client):
    kazakhstan = row(notified, founders["KZ"])
    response = officer_client.post(
        reverse("depository:entry-into-force", args=[notified.pk]),
        {"participation": kazakhstan.pk, "on": "2024-04-20", "precision": "day"},
    )
    refused(response, "on", "before its consent arrived (1 May 2024)")
    assert row(notified, founders["KZ"]).in_force_on is None


def test_a_party_is_not_confirmed_in_force_before_the_signature(all_parties_30, founders, officer_client):
    kazakhstan = row(all_parties_30, founders["KZ"])
    response = officer_client.post(
        reverse("depository:entry-into-force", args=[all_parties_30.pk]),
        {"participation": kazakhstan.pk, "on": "2024-02-01", "precision": "day"},
    )
    refused(response, "on", "before the instrument's signature (1 Mar 2024)")


def test_the_instrument_is_not_confirmed_in_force_after_a_party_already_in_force(
    notified, founders, officer_client
):
    services.participation_confirm_entry_into_force(
        participation=row(notified, founders["RU"]), on=date(2024, 5, 20)
    )
    response = officer_client.post(
        reverse("depository:entry-into-force", args=[notified.pk]), {"on": "2024-05-31", "precision": "day"}
    )
    refused(response, "on", "It entered into force for Russia on 20 May 2024, before this date")
    notified.refresh_from_db()
    assert notified.entry_into_force is None


def test_a_consent_is_not_recorded_after_the_partys_entry_into_force(notified, founders, officer_client):
    """Kazakhstan's consent is recorded; a second party, in force by a confirmation, cannot then
    receive a later consent."""
    services.participation_confirm_entry_into_force(
        participation=row(notified, founders["RU"]), on=date(2024, 5, 20)
    )
    Participation.objects.filter(instrument=notified, state=founders["RU"]).update(consent_received_on=None)
    response = officer_client.post(
        reverse("depository:act-create", args=[notified.pk]),
        {"kind": "notification", "state": founders["RU"].pk, "on": "2024-06-01", "precision": "day"},
    )
    refused(response, "on", "in force on 20 May 2024, before its consent arrived (1 Jun 2024)")


def test_a_withdrawal_is_recorded_after_the_consent_and_to_the_day(notified, founders, officer_client):
    url = reverse("depository:act-create", args=[notified.pk])
    data = {"kind": "withdrawal", "state": founders["KZ"].pk, "precision": "day"}
    refused(officer_client.post(url, {**data, "on": "2024-04-01"}), "on", "before its consent arrived")
    refused(
        officer_client.post(url, {**data, "on": "2024-06-01", "precision": "year"}), "precision", "to the day"
    )
    assert row(notified, founders["KZ"]).withdrawal_notice_on is None


def test_a_notification_is_not_issued_before_the_instruments_signature(all_parties_30, founders):
    """The instrument's signature set right later than an event already in the log."""
    early = DepositaryEvent.objects.filter(instrument=all_parties_30, kind="signature").first()
    Instrument.objects.filter(pk=all_parties_30.pk).update(signed_on=date(2024, 3, 10))
    with pytest.raises(ValidationError) as refusal:
        services.notification_issue(issued_on=date(2024, 3, 5), events=[early])
    assert "before the instrument was signed" in str(refusal.value.message_dict["issued_on"])


def test_the_parties_signature_events_follow_the_instruments_correction(all_parties_30, founders):
    """The founders signed with the instrument, each an act in the log: each is corrected too."""
    signature = DepositaryEvent.objects.create(
        instrument=all_parties_30, kind="signature", on=date(2024, 3, 1)
    )
    services.event_correct(
        event=signature, on=date(2024, 3, 5), text="Signed on 2 March.", corrected_on=date(2024, 3, 2)
    )
    own = DepositaryEvent.objects.filter(instrument=all_parties_30, kind="signature", state__isnull=False)
    assert {event.corrections.get().corrected_on for event in own} == {date(2024, 3, 2)}
    assert {p.signed_on for p in all_parties_30.participations.all()} == {date(2024, 3, 2)}


def admin_post(admin_client, instrument, **changes):
    url = reverse("admin:depository_instrument_change", args=[instrument.pk])
    response = admin_client.post(url, {**form_data(admin_client.get(url)), **changes})
    assert response.status_code == 200, "the admin saved it"
    return response.context["adminform"].form.errors


def test_the_admin_keeps_the_withdrawal_rule_once_a_withdrawal_is_recorded(notified, founders, admin_client):
    notified.withdrawal_notice_months = 12
    notified.save()
    services.participation_record_act(
        instrument=notified, party=founders["KZ"], kind="withdrawal", on=date(2024, 6, 1)
    )
    errors = admin_post(admin_client, notified, withdrawal_notice_months="1")
    assert "takes effect under the present rule" in " ".join(errors["withdrawal_notice_months"])
    assert row(notified, founders["KZ"]).withdrawal_effective_on == date(2025, 6, 1)


def test_the_admin_refuses_instruments_waiting_for_each_other(all_parties_30, admin_client):
    other = Instrument.objects.create(
        code="other",
        kind="agreement",
        title_en="Other",
        signed_on=date(2024, 3, 1),
        conditional_on=all_parties_30,
    )
    errors = admin_post(admin_client, all_parties_30, conditional_on=str(other.pk))
    assert "neither could enter into force" in " ".join(errors["conditional_on"])


def test_the_admin_keeps_a_logged_signature_and_a_term_after_it(all_parties_30, admin_client):
    DepositaryEvent.objects.create(instrument=all_parties_30, kind="signature", on=date(2024, 3, 1))
    errors = admin_post(admin_client, all_parties_30, signed_on="")
    assert "correct that event instead" in " ".join(errors["signed_on"])
    errors = admin_post(admin_client, all_parties_30, valid_until="2024-01-01")
    assert "before the instrument was signed" in " ".join(errors["valid_until"])


def test_no_party_enters_into_force_after_the_instruments_term(notified, founders, officer_client):
    """A memorandum that ran for a term (valid_until) admits no entry into force after it."""
    Instrument.objects.filter(pk=notified.pk).update(valid_until=date(2024, 6, 30))
    response = officer_client.post(
        reverse("depository:entry-into-force", args=[notified.pk]),
        {"participation": row(notified, founders["KZ"]).pk, "on": "2024-07-01", "precision": "day"},
    )
    refused(response, "on", "term ended on 30 Jun 2024")
    assert row(notified, founders["KZ"]).in_force_on is None
