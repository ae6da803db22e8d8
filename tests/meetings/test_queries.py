"""Every meetings page makes the same number of queries with few rows and with many (the
project's budget is ten a page: session, user and permissions take three of them)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.models import Delegation, Material, Meeting, Presidency, Rotation, Step
from tests import factories
from tests.test_performance import PAGE_BUDGETS, QUERY_BUDGET

from .factories import BodyFactory, DraftFactory, MaterialFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def add_rows(founders, meeting: Meeting, draft, officer, n: int, local_today) -> None:
    """n more of everything each page lists."""
    body = meeting.body
    last = Meeting.objects.filter(body__code="CHS").order_by("-number").first()
    chs = BodyFactory(code="CHS")
    start = last.number + 1 if last else 1
    for i in range(n):
        MeetingFactory(
            body=chs, number=start + i, start_date=date(1950 + start + i, 6, 1), host_state=founders["KZ"]
        )
        MeetingFactory(
            body=body, number=None, start_date=local_today + timedelta(days=200 + i), status="planned"
        )
        Delegation.objects.create(meeting=meeting, state=founders["CN"], head_name=f"Head {i}")
        services.material_create(material=MaterialFactory.build(meeting=meeting, circulated_on=local_today))
        Presidency.objects.create(
            rotation=Rotation.CHG,
            state=founders["RU"],
            start_date=date(1900 + i, 1, 1),
            end_date=date(1900 + i, 12, 31),
        )
        other = services.draft_create(
            draft=DraftFactory.build(target_meeting=meeting),
            proposing_states=[founders["KZ"], founders["UZ"]],
        )
        services.draft_move(
            draft=other, to=Step.LEGAL_REVIEW, on=local_today, conclusion="ok", changed_by=officer
        )
        if i < 2:  # the draft's own page: more steps
            draft.refresh_from_db()
            services.draft_move(
                draft=draft, to=services.next_steps(draft)[0], on=local_today, conclusion="ok"
            )


@pytest.fixture
def pages(founders, planned_meeting, officer, local_today):
    draft = services.draft_create(
        draft=DraftFactory.build(target_meeting=planned_meeting, received_on=local_today),
        proposing_states=[founders["KG"]],
    )
    late = services.material_create(
        material=MaterialFactory.build(
            meeting=planned_meeting, circulated_on=planned_meeting.start_date - timedelta(days=19)
        )
    )
    services.calendar_token_issue(user=officer)
    MeetingFactory(
        body=BodyFactory(code="CHS"), number=1, start_date=date(1940, 6, 1), host_state=founders["KG"]
    )
    urls = [
        reverse("meetings:meeting-list"),
        reverse("meetings:meeting-list") + "?body=CHS&q=Bishkek",
        reverse("meetings:meeting-detail", args=[planned_meeting.pk]),
        reverse("meetings:material-create", args=[planned_meeting.pk]),
        reverse("meetings:material-exception", args=[late.pk]),
        reverse("meetings:presidency-timeline") + "?as_of=2024-01-01",
        reverse("meetings:presidency-create"),
        reverse("meetings:draft-queue"),
        reverse("meetings:draft-create"),
        reverse("meetings:draft-detail", args=[draft.pk]),
        reverse("meetings:draft-move", args=[draft.pk]),
        reverse("meetings:calendar-address"),
        reverse("meetings:meeting-create"),
        reverse("dashboard"),
    ]
    return urls, draft


def counts(client, urls) -> dict[str, int]:
    result = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        result[url] = len(
            [q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        )
    return result


def test_every_meetings_page_keeps_its_query_count_as_rows_grow(
    officer_client, officer, founders, planned_meeting, pages, local_today
):
    urls, draft = pages
    factories.quota({state: 6 for state in founders.values()}, effective_date=date(2004, 1, 15))
    few = counts(officer_client, urls)
    add_rows(founders, planned_meeting, draft, officer, 12, local_today)
    many = counts(officer_client, urls)
    assert many == few, {url: (few[url], many[url]) for url in urls if few[url] != many[url]}
    budgets = {reverse(name): budget for name, budget in PAGE_BUDGETS.items()}
    over = {url: n for url, n in many.items() if n > budgets.get(url, QUERY_BUDGET)}
    assert not over, over
    assert Material.objects.count() > 12
