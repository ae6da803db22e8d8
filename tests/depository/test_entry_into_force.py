"""The dates the rules give: the app proposes the entry into force when the qualifying instrument
arrives, an officer confirms it (the event and the history are written); a party's entry into
force is never before the instrument's; a conditional instrument waits for its condition."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from depository import services
from depository.models import DepositaryEvent, Instrument, Participation

pytestmark = pytest.mark.django_db


def notify(instrument, state, day, **kwargs):
    return services.participation_record_act(
        instrument=instrument, party=state, kind="notification", on=day, **kwargs
    )


def test_the_last_notification_proposes_entry_into_force_30_days_later(all_parties_30, founders):
    states = list(founders.values())
    for number, state in enumerate(states[:-1]):
        result = notify(all_parties_30, state, date(2024, 5, 1 + number))
        assert result.proposals == []
    result = notify(all_parties_30, states[-1], date(2024, 6, 10))
    assert [proposal.on for proposal in result.proposals] == [date(2024, 7, 10)]


def test_recording_the_last_notification_on_the_page_proposes_then_confirming_writes_event_and_history(
    all_parties_30, founders, officer_client, officer
):
    states = list(founders.values())
    for state in states[:-1]:
        notify(all_parties_30, state, date(2024, 5, 2))
    act = officer_client.post(
        reverse("depository:act-create", args=[all_parties_30.pk]),
        {"kind": "notification", "state": states[-1].pk, "on": "2024-06-10", "precision": "day"},
        follow=True,
    )
    assert "2024-07-10" in act.content.decode()  # proposed, on the instrument page
    form = officer_client.get(reverse("depository:entry-into-force", args=[all_parties_30.pk]))
    assert form.context["form"].initial["on"] == date(2024, 7, 10)
    officer_client.post(
        reverse("depository:entry-into-force", args=[all_parties_30.pk]),
        {"participation": "", "on": "2024-07-10", "precision": "day"},
    )
    all_parties_30.refresh_from_db()
    assert all_parties_30.entry_into_force == date(2024, 7, 10)
    event = DepositaryEvent.objects.get(instrument=all_parties_30, kind="eif")
    assert (event.on, event.recorded_by) == (date(2024, 7, 10), officer)
    last = all_parties_30.history.first()
    assert (last.entry_into_force, last.history_user) == (date(2024, 7, 10), officer)
    assert set(all_parties_30.participations.values_list("in_force_on", flat=True)) == {date(2024, 7, 10)}


def test_an_acceding_party_is_proposed_its_receipt_plus_the_days(all_parties_30, founders):
    services.instrument_confirm_entry_into_force(instrument=all_parties_30, on=date(2024, 7, 10))
    from tests.factories import StateFactory

    mongolia = StateFactory(code="MN", iso3="MNG", name_en="Mongolia")
    result = notify(all_parties_30, mongolia, date(2025, 2, 1), consent_kind="accession")
    assert [(p.on, p.participation.state) for p in result.proposals] == [(date(2025, 3, 3), mongolia)]


def test_a_party_in_force_before_the_instrument_is_refused_by_the_service_and_the_form(
    all_parties_30, founders, officer_client
):
    services.instrument_confirm_entry_into_force(instrument=all_parties_30, on=date(2024, 7, 10))
    kazakhstan = all_parties_30.participations.get(state=founders["KZ"])
    with pytest.raises(ValidationError) as refusal:
        services.participation_confirm_entry_into_force(participation=kazakhstan, on=date(2024, 7, 1))
    assert "before_general_entry_into_force" in str(refusal.value.error_dict["in_force_on"][0].code)
    response = officer_client.post(
        reverse("depository:entry-into-force", args=[all_parties_30.pk]),
        {"participation": kazakhstan.pk, "on": "2024-07-01", "precision": "day"},
    )
    assert "never before the instrument" in str(response.context["form"].errors)


def test_a_conditional_instrument_is_not_in_force_before_its_condition(founders, officer_client):
    protocol = Instrument.objects.create(code="protocol", kind="protocol", title_en="Protocol")
    centre = Instrument.objects.create(
        code="centre", kind="agreement", title_en="Centre", conditional_on=protocol
    )
    with pytest.raises(ValidationError) as refusal:
        services.instrument_confirm_entry_into_force(instrument=centre, on=date(2026, 1, 1))
    assert refusal.value.error_dict["entry_into_force"][0].code == "condition_not_in_force"
    response = officer_client.post(
        reverse("depository:entry-into-force", args=[centre.pk]),
        {"participation": "", "on": "2026-01-01", "precision": "day"},
    )
    assert "which is not in force on that day" in response.content.decode()
    services.instrument_confirm_entry_into_force(instrument=protocol, on=date(2025, 12, 1))
    services.instrument_confirm_entry_into_force(instrument=centre, on=date(2026, 1, 1))
    assert Instrument.objects.get(pk=centre.pk).entry_into_force == date(2026, 1, 1)


def test_the_proposal_of_a_conditional_instrument_waits_for_its_condition(founders):
    protocol = Instrument.objects.create(code="protocol", kind="protocol", title_en="Protocol")
    centre = Instrument.objects.create(
        code="centre",
        kind="agreement",
        title_en="Centre",
        conditional_on=protocol,
        eif_rule="all_parties",
        eif_days=30,
    )
    result = notify(centre, founders["CN"], date(2025, 10, 1))
    assert result.proposals == []
    services.instrument_confirm_entry_into_force(instrument=protocol, on=date(2026, 2, 1))
    centre = Instrument.objects.get(pk=centre.pk)
    assert [p.on for p in services.proposals_for(centre, list(centre.participations.all()))] == [
        date(2026, 2, 1)
    ]


def test_consent_before_signature_is_a_warning_unless_accession(founders, officer_client):
    other = Instrument.objects.create(code="other", kind="agreement", title_en="Other")
    for code in ("KZ", "CN", "RU"):
        services.participation_record_act(
            instrument=other, party=founders[code], kind="signature", on=date(2024, 2, 1)
        )
    result = notify(other, founders["KZ"], date(2024, 1, 1))
    assert result.warnings and "only accession" in result.warnings[0]
    assert not notify(other, founders["CN"], date(2024, 1, 1), consent_kind="accession").warnings
    assert not notify(other, founders["UZ"], date(2024, 1, 1)).warnings  # signature not recorded
    response = officer_client.post(
        reverse("depository:act-create", args=[other.pk]),
        {"kind": "notification", "state": founders["RU"].pk, "on": "2024-01-02", "precision": "day"},
        follow=True,
    )
    assert "only accession explains" in response.content.decode()
    assert Participation.objects.filter(instrument=other, state=founders["RU"]).exists()


def test_a_date_known_to_the_month_is_kept_so_and_proposes_no_day(all_parties_30, founders):
    states = list(founders.values())
    for state in states[:-1]:
        notify(all_parties_30, state, date(2024, 5, 2))
    result = notify(all_parties_30, states[-1], date(2024, 6, 1), precision="month")
    assert result.proposals == []
    row = all_parties_30.participations.get(state=states[-1])
    assert (row.consent_received_precision, row.received_display) == ("month", "June 2024")
