"""Notifications issued at the same moment take one number each; acts of one instrument
recorded at once all land (PostgreSQL, real threads: SQLite serialises every writer anyway)."""

from datetime import date

import pytest

from depository import services
from depository.models import DepositaryEvent, Instrument, Notification, Participation
from tests.test_race import outcomes, race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_eight_notifications_issued_at_once_take_numbers_one_to_eight(all_parties_30):
    events = list(DepositaryEvent.objects.filter(instrument=all_parties_30).order_by("pk"))
    others = [Instrument.objects.create(code=f"i{n}", kind="agreement", title_en=f"I{n}") for n in range(2)]
    for other in others:
        events.append(DepositaryEvent.objects.create(instrument=other, kind="signature", on=date(2024, 1, 1)))
    results = race(8, lambda i: services.notification_issue(issued_on=date(2024, 6, 1), events=[events[i]]))
    assert outcomes(results) == {"saved": 8}
    assert sorted(Notification.objects.values_list("number", flat=True)) == list(range(1, 9))


def test_six_notifications_of_one_instrument_at_once_all_land(all_parties_30, founders):
    states = list(founders.values())
    results = race(
        6,
        lambda i: services.participation_record_act(
            instrument=all_parties_30, party=states[i], kind="notification", on=date(2024, 5, 1 + i)
        ),
    )
    assert outcomes(results) == {"saved": 6}
    received = Participation.objects.filter(instrument=all_parties_30, consent_received_on__isnull=False)
    assert received.count() == 6
    # Exactly the last of the six saw every instrument and proposed the date.
    proposing = [value for outcome, value in results if value.proposals]
    assert len(proposing) == 1 and proposing[0].proposals[0].on == date(2024, 6, 5)
