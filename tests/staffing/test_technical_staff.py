"""Technical staff: host nationals, nominated by no state, outside the quota."""

from datetime import date

import pytest
from django.urls import reverse

from staffing import services
from staffing.models import Appointment, Category
from tests import factories
from tests.assertions import refusal

pytestmark = pytest.mark.django_db


def test_technical_staff_must_be_host_nationals(officer_client, staffed, founders):
    post = factories.PostFactory(code="TEC-1", technical=True)
    russian = factories.PersonFactory(nationality=founders["RU"])
    chinese = factories.PersonFactory(nationality=founders["CN"])
    url = reverse("staffing:technical-create")
    refused = officer_client.post(url, {"post": post.pk, "person": russian.pk, "start_date": "2024-01-01"})
    assert refused.status_code == 200 and "person" in refused.context["form"].errors
    accepted = officer_client.post(url, {"post": post.pk, "person": chinese.pk, "start_date": "2024-01-01"})
    assert accepted.status_code == 302
    assert Appointment.objects.get(post=post).post.category == Category.TECHNICAL


def test_technical_staff_are_host_nationals_nominated_by_no_state(roomy):
    post = factories.PostFactory(technical=True)
    russian = factories.PersonFactory(nationality=roomy["RU"])
    error = refusal(
        services.appointment_create,
        person=russian,
        post=post,
        nominated_by=roomy["RU"],
        start_date=date(2020, 1, 1),
    )
    assert error.message_dict["person"] == ["Technical staff are nationals of the host country (China)."]
    assert error.message_dict["nominated_by"] == [
        "Technical staff are not nominated by a state and count against no quota."
    ]
    chinese = factories.PersonFactory(nationality=roomy["CN"])
    assert services.appointment_create(person=chinese, post=post, start_date=date(2020, 1, 1)).pk
