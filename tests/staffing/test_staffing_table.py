"""The staffing table of a date and the serving officials."""

import pytest
from django.urls import reverse

from staffing.models import Appointment, Post
from tests.world import DAY

pytestmark = pytest.mark.django_db


def test_a_bad_date_is_explained_and_today_shown(viewer_client, staffed):
    response = viewer_client.get(reverse("staffing:quota-report"), {"as_of": "2024-13-45"})
    assert response.status_code == 200
    assert "is not a date" in response.content.decode()


def test_the_staffing_table_of_a_past_day_shows_that_days_holder(viewer_client, staffed):
    appointment = staffed[0]
    response = viewer_client.get(reverse("staffing:staffing-table"), {"as_of": "2019-06-01"})
    assert appointment.person.name_latin not in response.content.decode()
    response = viewer_client.get(reverse("staffing:staffing-table"), {"as_of": "2021-06-01"})
    assert appointment.person.name_latin in response.content.decode()


def test_serving_officials_on_a_date_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        serving = {appointment.pk for appointment in Appointment.objects.serving(DAY)}
    assert serving == world.serving


def test_the_staffing_table_on_a_date_is_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {
            post.code: (post.holder_name, post.department.name_en)
            for post in Post.objects.for_staffing_table(DAY)
        }
    assert {code: holder for code, (holder, _department) in rows.items()} == world.holders
