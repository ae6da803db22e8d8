"""Sign-in protection and the security headers every response carries."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from core.backends import client_address

pytestmark = pytest.mark.django_db


PASSWORD = "a-long-enough-password-2004"


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("officer", password=PASSWORD)


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")


HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def assert_security_headers(response):
    for header, value in HEADERS.items():
        assert response.headers.get(header) == value, (header, response.headers.get(header))
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_sixth_attempt_after_five_wrong_passwords_is_refused_even_when_right(client, officer):
    for _attempt in range(4):
        response = sign_in(client, "officer", "wrong-password")
        assert response.status_code == 200  # the form again, with its message
    # The fifth failure locks the pair (user, address) out.
    assert sign_in(client, "officer", "wrong-password").status_code == 429
    locked = sign_in(client, "officer", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_that_user_from_that_address_only(client, officer, django_user_model):
    django_user_model.objects.create_user("viewer", password=PASSWORD)
    for _attempt in range(5):
        sign_in(client, "officer", "wrong-password")
    other = client.post(
        reverse("login"), {"username": "viewer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert other.status_code == 302
    elsewhere = client.post(
        reverse("login"), {"username": "officer", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8"
    )
    assert elsewhere.status_code == 302


def test_a_right_password_signs_in_and_changes_the_session_key(client, officer):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    assert client.session.session_key != before
    assert client.session.get_expiry_age() == 30 * 60


def test_passwords_need_twelve_characters_and_not_a_common_one(officer):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short-pass1", "password1234", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak, officer)
    validate_password("Ritan-Road-7-Beijing", officer)


def test_every_page_carries_the_security_headers(client, officer):
    from tests.test_foundation import url_patterns

    assert_security_headers(client.get(reverse("login")))
    assert_security_headers(client.get("/healthz"))
    client.force_login(officer)
    for _name, path in url_patterns():
        if not path.startswith("/static/"):
            assert_security_headers(client.get(path))


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "6.6.6.6", "10.0.0.1"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_lockout_counts_by_the_address_the_trusted_proxies_saw(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == expected


def test_behind_a_proxy_a_client_cannot_lock_out_another_address(client, settings, db):
    settings.TRUSTED_PROXIES = 1
    User.objects.create_user("officer-x", password="the-right-password-123")
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "officer-x", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="9.9.9.9, 5.5.5.5",
            REMOTE_ADDR="10.0.0.1",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"5.5.5.5"}
    response = client.post(
        "/accounts/login/",
        {"username": "officer-x", "password": "the-right-password-123"},
        HTTP_X_FORWARDED_FOR="7.7.7.7",
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
