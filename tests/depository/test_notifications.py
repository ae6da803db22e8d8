"""Depositary notifications: numbered per year, listing their events, printable on one page in
Russian, Chinese and English with the Secretariat's heading."""

import re
from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from depository import services
from depository.models import DepositaryEvent, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(all_parties_30):
    return list(DepositaryEvent.objects.filter(instrument=all_parties_30, kind="signature"))


def test_numbers_follow_within_a_year_and_start_again_the_next(events):
    first = services.notification_issue(issued_on=date(2024, 3, 10), events=events[:2])
    second = services.notification_issue(issued_on=date(2024, 4, 10), events=events[2:3])
    third = services.notification_issue(issued_on=date(2025, 1, 10), events=events[3:4])
    assert [n.reference for n in (first, second, third)] == [
        "SCO/DN/2024/1",
        "SCO/DN/2024/2",
        "SCO/DN/2025/1",
    ]
    assert DepositaryEvent.objects.filter(kind="issued", text="SCO/DN/2024/1").exists()


def test_a_number_taken_in_its_year_is_refused_by_the_database(events):
    services.notification_issue(issued_on=date(2024, 3, 10), events=events[:1])
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(issued_on=date(2024, 5, 1), number=1)


def test_the_officer_issues_a_notification_from_the_page(events, officer_client):
    response = officer_client.post(
        reverse("depository:notification-create"),
        {"issued_on": "2024-03-10", "events": [events[0].pk, events[1].pk]},
        follow=True,
    )
    notification = Notification.objects.get()
    assert set(notification.events.all()) == set(events[:2])
    assert notification.reference in response.content.decode()


def test_a_notification_with_no_event_is_refused_at_the_form(events, officer_client):
    response = officer_client.post(reverse("depository:notification-create"), {"issued_on": "2024-03-10"})
    assert response.context["form"].errors["events"]


@pytest.mark.parametrize(
    ("language", "heading", "title"),
    [
        ("ru", "Секретариат Шанхайской организации сотрудничества", "Соглашение об испытаниях"),
        ("zh", "上海合作组织秘书处", "测试协定"),
        ("en", "Secretariat of the Shanghai Cooperation Organisation", "Agreement on testing"),
    ],
)
def test_the_printable_notification_is_in_the_language_asked_with_the_heading(
    events, viewer_client, language, heading, title
):
    notification = services.notification_issue(issued_on=date(2024, 3, 10), events=events[:2])
    page = viewer_client.get(reverse("depository:notification-print", args=[notification.pk, language]))
    html = page.content.decode()
    assert page.status_code == 200
    assert heading in html and title in html and "notification.css" in html
    assert f'lang="{"zh-hans" if language == "zh" else language}"' in html


def test_the_demo_notification_is_marked_illustrative(demo, viewer_client):
    notification = Notification.objects.get()
    html = viewer_client.get(
        reverse("depository:notification-print", args=[notification.pk, "en"])
    ).content.decode()
    assert "Illustrative" in html


def test_the_list_and_its_export_name_the_party_of_each_event(events, officer_client):
    """A notification reports who acted: the list and its CSV give the party of each event."""
    services.notification_issue(issued_on=date(2024, 3, 10), events=events[:2])
    parties = {str(event.party) for event in events[:2]}
    page = officer_client.get(reverse("depository:notification-list")).content.decode()
    exported = b"".join(
        officer_client.get(reverse("depository:notification-list") + "?_export=csv").streaming_content
    ).decode("utf-8")
    for party in parties:
        assert f"signature · {party} · Agreement on testing" in page
        assert f"signature · {party} · Agreement on testing" in exported


def test_a_notified_correction_gives_its_right_date(events, officer_client):
    correction = services.event_correct(
        event=events[0], on=date(2024, 3, 5), text="Signed on 2 March.", corrected_on=date(2024, 3, 2)
    )
    services.notification_issue(issued_on=date(2024, 3, 10), events=[correction])
    page = officer_client.get(reverse("depository:notification-list")).content.decode()
    assert f"correction · {correction.party} · Right date: 2 Mar 2024 · Agreement on testing" in page


@pytest.mark.parametrize(
    ("language", "badge", "wrong"), [("ru", "пример", "условное"), ("zh-hans", "示例", "分配")]
)
def test_a_demo_record_is_marked_as_an_example_not_as_a_quota_allocation(
    demo, viewer_client, language, badge, wrong
):
    """ "illustrative" is also the quota versions' field ("an illustrative allocation"); a demo
    record's badge has its own words in each language."""
    viewer_client.cookies["django_language"] = language
    for url in (reverse("depository:notification-list"), reverse("depository:copy-list")):
        html = viewer_client.get(url).content.decode()
        badges = re.findall(r'<span class="badge badge--fictional">([^<]*)</span>', html)
        assert badges and set(badges) == {badge}, (url, badges)
        assert not any(wrong in text for text in badges)
