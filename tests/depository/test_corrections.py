"""A correction of a date sets the status table right: the party's signature, consent,
withdrawal or entry into force, or the instrument's own; the log keeps both dates. A right date
that breaks a rule is refused at its field and changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from depository import services
from depository.models import DepositaryEvent, Participation
from secretariat.models import State

pytestmark = pytest.mark.django_db


def correct(client, event: DepositaryEvent, **fields):
    data = {"on": "2024-06-01", "text": "The date was wrong.", "corrected_precision": "day", **fields}
    return client.post(reverse("depository:event-correct", args=[event.pk]), data)


def row(instrument, state) -> Participation:
    return Participation.objects.get(instrument=instrument, state=state)


@pytest.fixture
def in_force(notified):
    """Every founder notified on 1 May 2024; in force on 31 May 2024 for the instrument and all."""
    services.instrument_confirm_entry_into_force(instrument=notified, on=date(2024, 5, 31))
    return notified


@pytest.fixture
def withdrawal(in_force, founders) -> DepositaryEvent:
    """Uzbekistan's withdrawal notified on 10 June 2024, effective six months later."""
    in_force.withdrawal_notice_months = 6
    in_force.save()
    services.participation_record_act(
        instrument=in_force, party=founders["UZ"], kind="withdrawal", on=date(2024, 6, 10)
    )
    return in_force.events.get(kind="withdrawal")


def test_a_signature_set_right_changes_the_status_table_and_the_log_keeps_both(
    all_parties_30, founders, officer_client
):
    signature = all_parties_30.events.get(kind="signature", state=founders["KZ"])
    response = correct(officer_client, signature, corrected_on="2024-03-02")
    assert response.status_code == 302
    assert row(all_parties_30, founders["KZ"]).signed_on == date(2024, 3, 2)
    assert DepositaryEvent.objects.get(pk=signature.pk).on == date(2024, 3, 1)
    page = officer_client.get(all_parties_30.get_absolute_url()).content.decode()
    assert "Right date: 2 Mar 2024" in page


def test_a_consent_set_right_keeps_its_precision(in_force, founders, officer_client):
    notification = in_force.events.get(kind="notification", state=founders["RU"])
    correct(officer_client, notification, corrected_on="2024-04-01", corrected_precision="month")
    russia = row(in_force, founders["RU"])
    assert (russia.consent_received_on, russia.consent_received_precision) == (date(2024, 4, 1), "month")
    assert russia.received_display == "April 2024"


def test_the_instruments_entry_into_force_set_right_moves_the_parties_that_came_with_it(
    in_force, founders, officer_client
):
    general = in_force.events.get(kind="eif", state__isnull=True)
    correct(officer_client, general, corrected_on="2024-05-30")
    in_force.refresh_from_db()
    assert in_force.entry_into_force == date(2024, 5, 30)
    assert {p.in_force_on for p in in_force.participations.all()} == {date(2024, 5, 30)}


def test_a_withdrawal_set_right_moves_the_day_it_takes_effect(in_force, founders, withdrawal, officer_client):
    correct(officer_client, withdrawal, on="2024-06-12", corrected_on="2024-06-05")
    uzbekistan = row(in_force, founders["UZ"])
    assert (uzbekistan.withdrawal_notice_on, uzbekistan.withdrawal_effective_on) == (
        date(2024, 6, 5),
        date(2024, 12, 5),
    )


@pytest.mark.parametrize(
    ("right_date", "message"),
    [
        ((date.today() + timedelta(days=10)).isoformat(), "after the correction's own date"),
        ("2024-06-02", "after the correction's own date"),
        ("2024-02-01", "before the instrument's signature (1 Mar 2024)"),
    ],
)
def test_a_right_date_out_of_order_is_refused_at_its_field(
    all_parties_30, founders, officer_client, right_date, message
):
    signature = all_parties_30.events.get(kind="signature", state=founders["KZ"])
    response = correct(officer_client, signature, corrected_on=right_date)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["corrected_on"])
    assert row(all_parties_30, founders["KZ"]).signed_on == date(2024, 3, 1)
    assert not DepositaryEvent.objects.filter(corrects=signature).exists()


def test_a_party_in_force_before_the_instruments_right_date_is_refused(in_force, founders, officer_client):
    """A party's entry into force never precedes the instrument's own: the instrument's date is
    not set right past a party's that did not come with it."""
    Participation.objects.filter(instrument=in_force, state=founders["CN"]).update(
        in_force_on=date(2024, 6, 2)
    )
    general = in_force.events.get(kind="eif", state__isnull=True)
    response = correct(officer_client, general, on="2024-06-05", corrected_on="2024-06-03")
    assert "correct that entry into force first" in " ".join(response.context["form"].errors["corrected_on"])
    in_force.refresh_from_db()
    assert in_force.entry_into_force == date(2024, 5, 31)


def test_an_event_whose_date_the_table_does_not_keep_offers_no_right_date(
    all_parties_30, founders, officer_client
):
    services.participation_record_act(
        instrument=all_parties_30,
        party=founders["KZ"],
        kind="reservation",
        on=date(2024, 3, 5),
        text="A reservation.",
    )
    reservation = all_parties_30.events.get(kind="reservation")
    form = officer_client.get(reverse("depository:event-correct", args=[reservation.pk])).context["form"]
    assert "corrected_on" not in form.fields
    with pytest.raises(ValidationError, match="keeps no date"):
        services.event_correct(
            event=reservation, on=date(2024, 3, 6), text="x", corrected_on=date(2024, 3, 4)
        )


def test_the_database_keeps_a_right_date_to_corrections(all_parties_30):
    with pytest.raises(IntegrityError), transaction.atomic():
        DepositaryEvent.objects.create(
            instrument=all_parties_30, kind="signature", on=date(2024, 3, 1), corrected_on=date(2024, 3, 2)
        )


def test_the_instruments_signature_set_right_moves_the_parties_that_signed_with_it(
    all_parties_30, founders, officer_client
):
    signature = DepositaryEvent.objects.create(
        instrument=all_parties_30, kind="signature", on=date(2024, 3, 1)
    )
    response = correct(officer_client, signature, corrected_on="2024-03-02")
    assert response.status_code == 302
    all_parties_30.refresh_from_db()
    assert all_parties_30.signed_on == date(2024, 3, 2)
    assert {p.signed_on for p in all_parties_30.participations.all()} == {date(2024, 3, 2)}


def test_the_instruments_signature_is_not_set_right_past_a_partys_consent(in_force, founders, officer_client):
    signature = DepositaryEvent.objects.create(instrument=in_force, kind="signature", on=date(2024, 3, 1))
    response = correct(officer_client, signature, corrected_on="2024-05-10")
    assert "Kazakhstan acted on 1 May 2024, before the instrument's signature (10 May 2024)" in " ".join(
        response.context["form"].errors["corrected_on"]
    )
    in_force.refresh_from_db()
    assert in_force.signed_on == date(2024, 3, 1)


def test_an_act_with_no_row_in_the_status_table_is_refused_not_broken(all_parties_30, officer_client):
    """A log loaded without its status row (an import) gets a message, not a server error."""
    stray = State.objects.create(code="XX", iso3="XXX", name_en="Nowhere")
    event = DepositaryEvent.objects.create(
        instrument=all_parties_30, kind="signature", on=date(2024, 3, 1), state=stray
    )
    response = correct(officer_client, event, corrected_on="2024-03-02")
    assert "no row in the status table" in " ".join(response.context["form"].errors["corrected_on"])


# Found by a newcomer's attack: each right date that left the table out of order.


def errors_at(response, field: str) -> str:
    assert response.status_code == 200, "the correction was recorded"
    return " ".join(response.context["form"].errors[field])


def test_the_signature_is_not_set_right_after_the_entry_into_force(in_force, officer_client):
    signature = DepositaryEvent.objects.create(instrument=in_force, kind="signature", on=date(2024, 3, 1))
    # Every party signed with the instrument and moves along; the entry into force (31 May) stays.
    Participation.objects.filter(instrument=in_force).update(consent_received_on=None)
    response = correct(officer_client, signature, corrected_on="2024-06-01")
    assert "acted on 31 May 2024, before the instrument's signature (1 Jun 2024)" in errors_at(
        response, "corrected_on"
    )
    in_force.refresh_from_db()
    assert in_force.signed_on == date(2024, 3, 1)
    assert {p.signed_on for p in in_force.participations.all()} == {date(2024, 3, 1)}


def test_the_signature_is_not_set_right_after_the_originals_arrived(all_parties_30, founders, officer_client):
    services.certified_copies_create(
        instrument=all_parties_30, received_on=date(2024, 3, 5), states=[founders["KZ"]]
    )
    signature = DepositaryEvent.objects.create(
        instrument=all_parties_30, kind="signature", on=date(2024, 3, 1)
    )
    response = correct(officer_client, signature, corrected_on="2024-03-10")
    assert "dated 5 Mar 2024, before this signature" in errors_at(response, "corrected_on")


def test_the_general_entry_into_force_is_not_set_right_before_a_consent_it_carried(in_force, officer_client):
    general = in_force.events.get(kind="eif", state__isnull=True)
    response = correct(officer_client, general, corrected_on="2024-04-15")
    assert "before its consent arrived (1 May 2024)" in errors_at(response, "corrected_on")
    assert {p.in_force_on for p in in_force.participations.all()} == {date(2024, 5, 31)}


def test_a_party_in_force_on_its_own_stays_when_the_general_date_moves(
    all_parties_30, founders, officer_client
):
    """Kyrgyzstan's own entry into force is in the log: it does not follow the instrument's."""
    for state in founders.values():
        services.participation_record_act(
            instrument=all_parties_30, party=state, kind="notification", on=date(2024, 5, 1)
        )
    services.instrument_confirm_entry_into_force(instrument=all_parties_30, on=date(2024, 5, 31))
    kyrgyzstan = row(all_parties_30, founders["KG"])
    Participation.objects.filter(pk=kyrgyzstan.pk).update(in_force_on=None)
    services.participation_confirm_entry_into_force(participation=kyrgyzstan, on=date(2024, 6, 20))
    general = all_parties_30.events.get(kind="eif", state__isnull=True)
    correct(officer_client, general, on="2024-06-25", corrected_on="2024-06-20")
    correct(officer_client, general, on="2024-06-26", corrected_on="2024-05-30")
    assert row(all_parties_30, founders["KG"]).in_force_on == date(2024, 6, 20)
    assert row(all_parties_30, founders["KZ"]).in_force_on == date(2024, 5, 30)


def test_a_consent_is_not_set_right_after_the_partys_entry_into_force(in_force, founders, officer_client):
    notification = in_force.events.get(kind="notification", state=founders["KZ"])
    response = correct(officer_client, notification, corrected_on="2024-06-01", on="2024-06-02")
    assert "in force on 31 May 2024, before its consent arrived (1 Jun 2024)" in errors_at(
        response, "corrected_on"
    )
    assert row(in_force, founders["KZ"]).consent_received_on == date(2024, 5, 1)


def test_a_withdrawal_is_not_set_right_before_the_consent_nor_to_a_month(
    in_force, founders, withdrawal, officer_client
):
    response = correct(officer_client, withdrawal, on="2024-06-12", corrected_on="2024-04-10")
    assert "withdraw on 10 Apr 2024, before its consent arrived" in errors_at(response, "corrected_on")
    response = correct(
        officer_client, withdrawal, on="2024-06-12", corrected_on="2024-06-01", corrected_precision="month"
    )
    assert "to the day" in errors_at(response, "corrected_precision")
    assert row(in_force, founders["UZ"]).withdrawal_notice_on == date(2024, 6, 10)


def test_an_instrument_others_wait_for_is_not_set_right_after_them(in_force, officer_client):
    waiting = in_force.__class__.objects.create(
        code="waiting",
        kind="agreement",
        title_en="Waiting agreement",
        signed_on=date(2024, 3, 1),
        conditional_on=in_force,
        entry_into_force=date(2024, 6, 1),
    )
    general = in_force.events.get(kind="eif", state__isnull=True)
    response = correct(officer_client, general, on="2024-06-20", corrected_on="2024-06-15")
    assert "“Waiting agreement” waits for this instrument" in errors_at(response, "corrected_on")
    waiting.refresh_from_db()
    in_force.refresh_from_db()
    assert in_force.entry_into_force == date(2024, 5, 31)


def test_a_correction_without_a_right_date_keeps_no_precision_and_its_text_is_bounded(
    all_parties_30, founders, officer_client
):
    signature = all_parties_30.events.get(kind="signature", state=founders["KZ"])
    correct(officer_client, signature, corrected_precision="year", text="A typo in the name.")
    assert DepositaryEvent.objects.get(corrects=signature).corrected_precision == "day"
    response = correct(officer_client, signature, text="x" * 5001)
    assert errors_at(response, "text")


def test_the_admin_refuses_a_term_ending_before_the_entry_into_force_at_its_field(in_force, admin_client):
    """The entry into force is read-only in the admin: its constraints were not checked before
    saving, and the database's refusal answered 500."""
    from tests.helpers import form_data

    url = reverse("admin:depository_instrument_change", args=[in_force.pk])
    data = form_data(admin_client.get(url))
    response = admin_client.post(url, {**data, "valid_until": "2024-05-01"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["valid_until"]
    response = admin_client.post(url, {**data, "signed_on": "2024-06-15"})
    assert response.status_code == 200
    assert "before this signature" in " ".join(response.context["adminform"].form.errors["signed_on"])
