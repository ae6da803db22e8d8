from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from meetings import services
from meetings.models import Meeting

from .factories import BodyFactory, MeetingFactory


def member(role: str, username: str, **extra) -> User:
    user = User.objects.create_user(username, password="a-long-password-for-tests", **extra)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def officer(db) -> User:
    return member("records officer", "officer-m")


@pytest.fixture
def viewer(db) -> User:
    return member("viewer", "viewer-m")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def local_today():
    return timezone.localdate()


@pytest.fixture
def planned_meeting(founders, local_today) -> Meeting:
    """A Council of National Coordinators meeting in 30 days, hosted by Kyrgyzstan."""
    return services.meeting_create(
        meeting=MeetingFactory.build(
            body=BodyFactory(code="CNC", name_en="Council of National Coordinators"),
            number=None,
            start_date=local_today + timedelta(days=30),
            host_state=founders["KG"],
            status=Meeting.Status.PLANNED,
        )
    )
