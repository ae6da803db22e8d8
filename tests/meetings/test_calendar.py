"""The calendar feed (must show 4): RFC 5545 through icalendar, reached only with a personal,
revocable token."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import CalendarToken

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def feed(client, token: str | None):
    url = reverse("meetings:calendar-feed")
    return client.get(url, {"token": token} if token is not None else {})


def test_the_feed_parses_and_holds_each_upcoming_meeting_and_deadline(
    client, planned_meeting, officer, local_today
):
    later = services.meeting_create(
        meeting=MeetingFactory.build(
            body=planned_meeting.body,
            number=None,
            start_date=local_today + timedelta(days=90),
            status="planned",
        )
    )
    services.meeting_create(
        meeting=MeetingFactory.build(start_date=local_today - timedelta(days=90), status="held")
    )
    token = services.calendar_token_issue(user=officer)

    response = feed(client, token.key)  # no session: the token alone opens it
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {
        f"meeting-{planned_meeting.pk}@testserver",
        f"materials-{planned_meeting.pk}@testserver",
        f"meeting-{later.pk}@testserver",
        f"materials-{later.pk}@testserver",
    }
    meeting = events[f"meeting-{planned_meeting.pk}@testserver"]
    assert meeting.decoded("dtstart") == planned_meeting.start_date
    assert meeting.decoded("dtend") == planned_meeting.start_date + timedelta(days=1)
    deadline = events[f"materials-{planned_meeting.pk}@testserver"]
    assert deadline.decoded("dtstart") == planned_meeting.start_date - timedelta(days=20)
    assert str(deadline["summary"]).startswith("Materials due")


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_no_token_or_a_wrong_one_gets_404(client, officer, token):
    services.calendar_token_issue(user=officer)
    assert feed(client, token).status_code == 404


def test_a_revoked_or_replaced_token_gets_404(client, officer):
    first = services.calendar_token_issue(user=officer)
    second = services.calendar_token_issue(user=officer)
    assert feed(client, first.key).status_code == 404
    assert feed(client, second.key).status_code == 200
    services.calendar_token_revoke(user=officer)
    assert feed(client, second.key).status_code == 404


def test_the_token_of_an_inactive_user_opens_nothing(client, officer):
    token = services.calendar_token_issue(user=officer)
    officer.is_active = False
    officer.save()
    assert feed(client, token.key).status_code == 404


def test_the_officer_issues_sees_and_revokes_the_address_on_their_page(officer_client, officer):
    url = reverse("meetings:calendar-address")
    assert "You have no calendar address" in officer_client.get(url).content.decode()
    officer_client.post(url, {"action": "issue"})
    token = CalendarToken.objects.get(user=officer, revoked_at__isnull=True)
    assert f"calendar.ics?token={token.key}" in officer_client.get(url).content.decode()
    officer_client.post(url, {"action": "revoke"})
    assert not CalendarToken.objects.filter(user=officer, revoked_at__isnull=True).exists()
    # The secret never reaches the history.
    assert not hasattr(token.history.first(), "key")


def test_the_feed_makes_the_same_queries_for_two_and_twenty_meetings(
    client, planned_meeting, officer, local_today
):
    token = services.calendar_token_issue(user=officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert feed(client, token.key).status_code == 200
        return len(captured)

    few = queries()
    for days in range(31, 49):
        MeetingFactory(body=planned_meeting.body, number=None, start_date=local_today + timedelta(days=days),
                       status="planned")  # fmt: skip
    assert queries() == few <= 4
