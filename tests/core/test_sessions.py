"""Idle sessions end, and a session is written at most once a minute (core.sessions)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


PASSWORD = "a-long-enough-password-2004"


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("officer", password=PASSWORD)


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


class Clock:
    """Moves Django's clock (sessions read `timezone.now()`) by whole minutes."""

    def __init__(self, monkeypatch):
        self.offset = timedelta()
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def forward(self, **delta):
        self.offset += timedelta(**delta)


def session_writes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(query["sql"].startswith("UPDATE") and "django_session" in query["sql"] for query in queries)


def test_sessions_end_after_thirty_idle_minutes(client, officer, monkeypatch):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    clock = Clock(monkeypatch)
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    url = reverse("password_change")
    for _request in range(3):
        clock.forward(minutes=25)  # each request within the idle time keeps the session
        assert client.get(url).status_code == 200
    clock.forward(minutes=31)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_session_is_written_at_most_once_a_minute(client, officer, monkeypatch):
    clock = Clock(monkeypatch)
    sign_in(client, "officer", PASSWORD)
    url = reverse("password_change")
    session_writes(client, url)
    # Requests in the same minute read the session and leave it alone.
    assert [session_writes(client, url) for _request in range(3)] == [0, 0, 0]
    clock.forward(minutes=1)
    assert session_writes(client, url) == 1
    assert session_writes(client, url) == 0
