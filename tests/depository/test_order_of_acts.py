"""A depositary records what has happened, once, in order (issue 20; found by a newcomer's
attack): each refusal at the form's field, and nothing written, neither the status table nor
the log. The same rules hold at the service, which every write path calls."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from depository import services
from depository.models import CertifiedCopy, DepositaryEvent, EventKind, Instrument, Notification

pytestmark = pytest.mark.django_db


def refused(response, field: str, words: str) -> None:
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])


def test_a_second_signature_is_refused_and_the_first_stays(all_parties_30, founders, officer_client):
    events = DepositaryEvent.objects.count()
    response = officer_client.post(
        reverse("depository:act-create", args=[all_parties_30.pk]),
        {"kind": "signature", "state": founders["KZ"].pk, "on": "2024-06-01", "precision": "month"},
    )
    refused(response, "kind", "already recorded (1 Mar 2024)")
    participation = all_parties_30.participations.get(state=founders["KZ"])
    assert (participation.signed_on, participation.signed_precision) == (date(2024, 3, 1), "day")
    assert DepositaryEvent.objects.count() == events


def test_a_second_consent_is_refused_at_the_service(all_parties_30, founders):
    services.participation_record_act(
        instrument=all_parties_30, party=founders["KZ"], kind="notification", on=date(2024, 4, 1)
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.participation_record_act(
            instrument=all_parties_30, party=founders["KZ"], kind="instrument", on=date(2024, 5, 1)
        )
    assert all_parties_30.participations.get(state=founders["KZ"]).consent_received_on == date(2024, 4, 1)


@pytest.mark.parametrize(
    "on, words",
    [
        ("2024-02-29", "before the instrument was signed (1 Mar 2024)"),
        ((date.today() + timedelta(days=1)).isoformat(), "after today"),
    ],
)
def test_an_act_before_the_signature_or_after_today_is_refused(
    all_parties_30, founders, officer_client, on, words
):
    response = officer_client.post(
        reverse("depository:act-create", args=[all_parties_30.pk]),
        {"kind": "notification", "state": founders["KZ"].pk, "on": on, "precision": "day"},
    )
    refused(response, "on", words)
    assert all_parties_30.participations.get(state=founders["KZ"]).consent_received_on is None


def test_an_act_known_only_to_the_month_of_the_signature_is_not_before_it(all_parties_30, founders):
    services.participation_record_act(
        instrument=all_parties_30,
        party=founders["KZ"],
        kind="notification",
        on=date(2024, 3, 1),
        precision="month",
    )


def test_a_withdrawal_without_consent_is_refused(all_parties_30, founders, officer_client):
    response = officer_client.post(
        reverse("depository:act-create", args=[all_parties_30.pk]),
        {"kind": "withdrawal", "state": founders["KZ"].pk, "on": "2024-06-01", "precision": "day"},
    )
    refused(response, "kind", "nothing to withdraw from")


def test_a_second_general_entry_into_force_is_refused_and_the_first_stays(all_parties_30, officer_client):
    services.instrument_confirm_entry_into_force(instrument=all_parties_30, on=date(2024, 5, 1))
    response = officer_client.post(
        reverse("depository:entry-into-force", args=[all_parties_30.pk]),
        {"participation": "", "on": "2024-06-01", "precision": "day"},
    )
    refused(response, "on", "in force since 1 May 2024 already")
    all_parties_30.refresh_from_db()
    assert all_parties_30.entry_into_force == date(2024, 5, 1)
    assert all_parties_30.events.filter(kind=EventKind.ENTRY_INTO_FORCE).count() == 1


def test_an_entry_into_force_before_the_signature_is_refused(all_parties_30):
    with pytest.raises(ValidationError, match="before it was signed"):
        services.instrument_confirm_entry_into_force(instrument=all_parties_30, on=date(2023, 1, 1))


def test_originals_are_received_once_and_only_where_the_secretariat_is_depositary(
    all_parties_30, founders, officer_client
):
    url = reverse("depository:originals", args=[all_parties_30.pk])
    assert officer_client.post(url, {"received_on": "2024-03-05"}).status_code == 302
    copies = CertifiedCopy.objects.count()
    refused(officer_client.post(url, {"received_on": "2024-03-06"}), "received_on", "already recorded")
    assert CertifiedCopy.objects.count() == copies
    elsewhere = Instrument.objects.create(
        code="elsewhere",
        kind="convention",
        title_en="Elsewhere",
        depositary="state",
        depositary_state=founders["CN"],
    )
    with pytest.raises(ValidationError, match="is the depositary of this instrument"):
        services.certified_copies_create(
            instrument=elsewhere, received_on=date(2024, 3, 5), states=[founders["CN"]]
        )


def test_a_copy_is_not_sent_after_today(all_parties_30, founders, officer_client):
    copy = services.certified_copies_create(
        instrument=all_parties_30, received_on=date(2024, 3, 5), states=[founders["KZ"]]
    )[0]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    refused(
        officer_client.post(reverse("depository:copy-sent", args=[copy.pk]), {"sent_on": tomorrow}),
        "sent_on",
        "after today",
    )
    copy.refresh_from_db()
    assert copy.sent_on is None


def test_a_correction_is_dated_after_its_event_and_is_not_itself_corrected(all_parties_30, officer_client):
    event = all_parties_30.events.order_by("pk").first()
    url = reverse("depository:event-correct", args=[event.pk])
    refused(
        officer_client.post(url, {"on": "2024-02-01", "text": "Wrong party"}),
        "on",
        "between the event it corrects",
    )
    correction = services.event_correct(event=event, on=date(2024, 3, 2), text="Wrong party")
    with pytest.raises(ValidationError, match="A correction is not corrected"):
        services.event_correct(event=correction, on=date(2024, 3, 3), text="Again")


def test_a_notification_is_not_issued_before_the_events_it_reports(all_parties_30, officer_client):
    event = all_parties_30.events.order_by("pk").first()
    response = officer_client.post(
        reverse("depository:notification-create"), {"issued_on": "2024-02-01", "events": [event.pk]}
    )
    refused(response, "issued_on", "between the last event it reports (1 Mar 2024)")
    assert not Notification.objects.exists()


def test_the_tracker_links_an_unsent_copy_to_its_form_for_officers_only(
    all_parties_30, founders, client, officer_client
):
    copy = services.certified_copies_create(
        instrument=all_parties_30, received_on=date(2024, 3, 5), states=[founders["KZ"]]
    )[0]
    form = reverse("depository:copy-sent", args=[copy.pk])
    assert form in officer_client.get(reverse("depository:copy-list")).content.decode()
    from tests.depository.conftest import member

    client.force_login(member("viewer", "viewer-tracker"))
    page = client.get(reverse("depository:copy-list")).content.decode()
    assert "overdue" in page and form not in page
