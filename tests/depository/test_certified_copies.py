"""Certified copies: one per member state's Permanent Representative (and RATS), due 7 days after
the originals arrive (or the instrument's days); a copy not sent by then is overdue on the
tracker and the dashboard."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from depository import services
from depository.models import CertifiedCopy, DepositaryEvent

pytestmark = pytest.mark.django_db


def test_the_originals_received_owe_a_copy_to_each_member_due_7_days_later(
    all_parties_30, officer_client, founders
):
    officer_client.post(
        reverse("depository:originals", args=[all_parties_30.pk]),
        {"received_on": "2024-03-04", "for_rats": "on"},
    )
    copies = CertifiedCopy.objects.filter(instrument=all_parties_30)
    assert copies.count() == len(founders) + 1
    assert set(copies.values_list("due_on", flat=True)) == {date(2024, 3, 11)}
    assert DepositaryEvent.objects.filter(instrument=all_parties_30, kind="originals").exists()


def test_a_copy_not_sent_7_days_after_the_originals_is_overdue_on_the_tracker_and_dashboard(
    all_parties_30, founders, officer_client
):
    received = timezone.localdate() - timedelta(days=8)
    overdue, sent = services.certified_copies_create(
        instrument=all_parties_30, received_on=received, states=[founders["KZ"], founders["CN"]]
    )
    services.certified_copy_send(copy=sent, sent_on=received + timedelta(days=2))
    tracker = officer_client.get(reverse("depository:copy-list"), {"overdue": "on"})
    rows = [row.record for row in tracker.context["table"].rows]
    assert rows == [overdue]
    assert '<span class="badge badge--warn">overdue</span>' in tracker.content.decode()
    dashboard = officer_client.get(reverse("dashboard"))
    assert list(dashboard.context["overdue_copies"]) == [overdue]
    assert "Certified copies overdue" in dashboard.content.decode()


def test_a_copy_due_today_is_not_yet_overdue(all_parties_30, founders):
    today = timezone.localdate()
    services.certified_copies_create(
        instrument=all_parties_30, received_on=today - timedelta(days=7), states=[founders["KZ"]]
    )
    assert not CertifiedCopy.objects.overdue(today).exists()


def test_recording_a_copy_sent_writes_the_event_and_a_second_time_is_refused(
    all_parties_30, founders, officer_client
):
    (copy,) = services.certified_copies_create(
        instrument=all_parties_30, received_on=date(2024, 3, 4), states=[founders["KZ"]]
    )
    officer_client.post(reverse("depository:copy-sent", args=[copy.pk]), {"sent_on": "2024-03-06"})
    assert CertifiedCopy.objects.get(pk=copy.pk).sent_on == date(2024, 3, 6)
    assert DepositaryEvent.objects.filter(kind="copy_sent", state=founders["KZ"]).exists()
    with pytest.raises(ValidationError):
        services.certified_copy_send(copy=copy, sent_on=date(2024, 3, 7))


def test_a_copy_sent_before_the_originals_arrived_is_refused_at_the_form_and_the_database(
    all_parties_30, founders, officer_client
):
    (copy,) = services.certified_copies_create(
        instrument=all_parties_30, received_on=date(2024, 3, 4), states=[founders["KZ"]]
    )
    response = officer_client.post(reverse("depository:copy-sent", args=[copy.pk]), {"sent_on": "2024-03-01"})
    assert "sent after the originals arrive" in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertifiedCopy.objects.filter(pk=copy.pk).update(sent_on=date(2024, 3, 1))


def test_a_viewer_cannot_record_a_copy_sent(all_parties_30, founders, viewer_client):
    (copy,) = services.certified_copies_create(
        instrument=all_parties_30, received_on=date(2024, 3, 4), states=[founders["KZ"]]
    )
    assert (
        viewer_client.post(
            reverse("depository:copy-sent", args=[copy.pk]), {"sent_on": "2024-03-06"}
        ).status_code
        == 403
    )
