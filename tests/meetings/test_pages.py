"""The meetings pages: the list and its exports, a meeting with its late materials, the
presidencies' timeline, the officer's forms, the dashboard's meetings."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from core.history import latest_version
from meetings import services
from meetings.models import Material, MaterialStatus, Presidency

from .factories import MaterialFactory, MeetingFactory, PresidencyFactory

pytestmark = pytest.mark.django_db


# Must show 1 -----------------------------------------------------------------------------------


# Must show 2 -----------------------------------------------------------------------------------


@pytest.fixture
def late_material(planned_meeting) -> Material:
    return services.material_create(
        material=MaterialFactory.build(
            meeting=planned_meeting,
            title_en="Draft communiqué",
            circulated_on=planned_meeting.start_date - timedelta(days=19),
        )
    )


def test_a_material_19_days_before_shows_late_on_the_meeting_page_and_the_dashboard(
    late_material, officer_client
):
    meeting_page = officer_client.get(late_material.meeting.get_absolute_url()).content.decode()
    assert 'data-status="late"' in meeting_page and "Draft communiqué" in meeting_page
    assert reverse("meetings:material-exception", args=[late_material.pk]) in meeting_page
    dashboard = officer_client.get(reverse("dashboard")).content.decode()
    late_card = dashboard.split('id="late-materials"')[1].split("</section>")[0]
    assert "Draft communiqué" in late_card


def test_an_exception_with_a_reason_clears_the_flag_and_both_are_in_the_history(
    late_material, officer_client, officer
):
    url = reverse("meetings:material-exception", args=[late_material.pk])
    refused = officer_client.post(url, {"exception_reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["exception_reason"]

    response = officer_client.post(
        url, {"exception_reason": "Agreed by the National Coordinators."}, follow=True
    )
    assert response.redirect_chain[-1][0] == late_material.meeting.get_absolute_url()
    page = response.content.decode()
    assert 'data-status="excepted"' in page and 'data-status="late"' not in page
    late_material.refresh_from_db()
    assert (
        late_material.status() == MaterialStatus.EXCEPTED and late_material.exception_recorded_by == officer
    )
    dashboard = officer_client.get(reverse("dashboard")).content.decode()
    assert "Draft communiqué" not in dashboard.split('id="late-materials"')[1].split("</section>")[0]

    history = officer_client.get(
        reverse("record-history", args=["meetings", "material", late_material.pk])
    ).content.decode()
    assert "Agreed by the National Coordinators." in history and officer.username in history
    versions = list(late_material.history.order_by("history_id"))
    assert versions[0].is_late and not versions[0].exception_reason
    assert versions[-1].is_late and versions[-1].exception_recorded_by_id == officer.pk


def test_a_late_material_recorded_through_the_page_is_flagged_and_said_so(planned_meeting, officer_client):
    url = reverse("meetings:material-create", args=[planned_meeting.pk])
    circulated = planned_meeting.start_date - timedelta(days=19)
    response = officer_client.post(
        url, {"title_en": "Draft agenda", "circulated_on": circulated}, follow=True
    )
    assert "flagged as late" in response.content.decode()
    assert Material.objects.get(title_en="Draft agenda").is_late


# Must show 3 -----------------------------------------------------------------------------------


def test_an_overlapping_presidency_is_refused_at_the_form_with_its_field_error(founders, officer_client):
    PresidencyFactory(state=founders["KZ"], start_date=date(2023, 7, 4), end_date=date(2024, 7, 3))
    response = officer_client.post(
        reverse("meetings:presidency-create"),
        {"rotation": "sco", "state": founders["CN"].pk, "start_date": "2024-07-01", "confidence": "V"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["start_date"][0].startswith(
        "Another presidency of this rotation covers part of this period"
    )
    assert Presidency.objects.count() == 1
    # The other rotation is free on the same days.
    response = officer_client.post(
        reverse("meetings:presidency-create"),
        {"rotation": "chg", "state": founders["CN"].pk, "start_date": "2024-07-01", "confidence": "V"},
    )
    assert response.status_code == 302 and Presidency.objects.count() == 2


# Forms of the officer ----------------------------------------------------------------------------


def test_a_meeting_number_out_of_order_is_refused_at_its_field(founders, officer_client):
    body = MeetingFactory(number=5, start_date=date(2005, 7, 5)).body
    response = officer_client.post(
        reverse("meetings:meeting-create"),
        {
            "body": body.pk,
            "number": 6,
            "status": "held",
            "format": "in_person",
            "start_date": "2004-01-01",
            "date_precision": "day",
            "confidence": "V",
            "materials_days": 20,
        },
    )
    assert response.status_code == 200
    assert "Numbers grow with dates" in response.context["form"].errors["number"][0]
    response = officer_client.post(
        reverse("meetings:meeting-create"),
        {
            "body": body.pk,
            "number": 5,
            "status": "held",
            "format": "in_person",
            "start_date": "2006-01-01",
            "date_precision": "day",
            "confidence": "V",
        },
    )
    assert response.context["form"].errors["number"] == ["This body already has a meeting with this number."]


def test_the_dashboard_shows_the_next_meetings_and_the_deadlines_of_the_next_60_days(
    planned_meeting, officer_client, local_today
):
    far = services.meeting_create(
        meeting=MeetingFactory.build(
            body=planned_meeting.body,
            number=None,
            start_date=local_today + timedelta(days=120),
            status="planned",
        )
    )
    page = officer_client.get(reverse("dashboard")).content.decode()
    upcoming = page.split('id="next-meetings"')[1].split("</section>")[0]
    deadlines = page.split('id="deadlines"')[1].split("</section>")[0]
    assert planned_meeting.get_absolute_url() in upcoming and far.get_absolute_url() in upcoming
    assert planned_meeting.get_absolute_url() in deadlines and far.get_absolute_url() not in deadlines


def test_a_version_mark_is_kept_for_the_history_of_every_meeting_change(planned_meeting, officer):
    planned_meeting.chair = "Kyrgyzstan"
    services.meeting_update(meeting=planned_meeting, changed_by=officer)
    assert latest_version(planned_meeting) >= 2
    assert planned_meeting.history.first().history_user == officer
