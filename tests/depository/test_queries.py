"""Every depository page makes the same number of queries with few rows and with many (the
project's budget is ten a page: session, user and permissions take three of them)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from depository import services
from depository.models import DepositaryEvent, Instrument
from secretariat.models import InternationalOrganisation
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db

BUDGET = 10


def add_rows(instrument: Instrument, n: int, start: int) -> None:
    """n more of everything the pages list: instruments, parties and their acts, copies,
    notifications."""
    for i in range(start, start + n):
        state = StateFactory(code=f"Q{i}", iso3=f"Q{i:02d}", name_en=f"State {i}")
        organisation = InternationalOrganisation.objects.create(code=f"org-{i}", name_en=f"Organisation {i}")
        for party in (state, organisation):
            services.participation_record_act(
                instrument=instrument, party=party, kind="signature", on=date(2024, 3, 1)
            )
            services.participation_record_act(
                instrument=instrument, party=party, kind="notification", on=date(2024, 4, 1)
            )
        Instrument.objects.create(code=f"other-{i}", kind="agreement", title_en=f"Other {i}")
        # The originals arrive once per instrument: the later rows' copies are of new ones.
        copied = (
            Instrument.objects.create(code=f"copied-{i}", kind="agreement", title_en=f"Copied {i}")
            if instrument.certified_copies.exists()
            else instrument
        )
        copies = services.certified_copies_create(
            instrument=copied,
            received_on=date.today() - timedelta(days=30),
            states=[state],
            for_rats=True,
        )
        services.certified_copy_send(copy=copies[0], sent_on=date.today() - timedelta(days=29))
        services.notification_issue(
            issued_on=date.today(),
            events=DepositaryEvent.objects.filter(instrument=copied, state=state)
            | DepositaryEvent.objects.filter(instrument=instrument, state=state, notifications__isnull=True),
        )


def page_urls(instrument: Instrument) -> dict[str, str]:
    notification = instrument.events.filter(notifications__isnull=False).first().notifications.first()
    event = instrument.events.first()
    copy = instrument.certified_copies.filter(sent_on__isnull=True).first()
    return {
        "register": reverse("depository:instrument-list"),
        "register, export": reverse("depository:instrument-list") + "?_export=csv",
        "register, filtered": reverse("depository:instrument-list") + "?party=KZ&in_force=no&q=agree",
        "instrument": instrument.get_absolute_url(),
        "act form": reverse("depository:act-create", args=[instrument.pk]),
        "entry into force": reverse("depository:entry-into-force", args=[instrument.pk]),
        "originals": reverse("depository:originals", args=[instrument.pk]),
        "correction": reverse("depository:event-correct", args=[event.pk]),
        "copies": reverse("depository:copy-list"),
        "copies, overdue": reverse("depository:copy-list") + "?overdue=on",
        "copy sent": reverse("depository:copy-sent", args=[copy.pk]),
        "notifications": reverse("depository:notification-list"),
        "notification": reverse("depository:notification-detail", args=[notification.pk]),
        "notification, print": reverse("depository:notification-print", args=[notification.pk, "zh"]),
        "new notification": reverse("depository:notification-create"),
        "state page": reverse("overview:state-detail", args=["KZ"]),
    }


def counts(client, urls: dict[str, str]) -> dict[str, int]:
    found = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, name
        found[name] = len(
            [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        )
    return found


def test_every_depository_page_makes_the_same_queries_with_few_and_many_rows(all_parties_30, officer_client):
    # A memorandum of understanding, so that organisations are parties beside the states.
    Instrument.objects.filter(pk=all_parties_30.pk).update(kind=Instrument.Kind.MEMORANDUM_OF_UNDERSTANDING)
    all_parties_30.refresh_from_db()
    add_rows(all_parties_30, 1, 0)
    few = counts(officer_client, page_urls(all_parties_30))
    add_rows(all_parties_30, 6, 1)
    many = counts(officer_client, page_urls(all_parties_30))
    assert {name: n for name, n in many.items() if n > BUDGET} == {}
    assert {name: (few[name], n) for name, n in many.items() if n != few[name]} == {}
