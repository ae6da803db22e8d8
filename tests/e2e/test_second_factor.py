"""The second factor in Chromium, as production asks it: enrolment at the first sign-in with
the key read off the page, the recovery codes, then a sign-in with a code computed here."""

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.otp]


def code_from_key(key_text: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key as the page gives it (base32, in groups)."""
    key = key_text.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_step(page, username: str):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_officer_sets_up_the_second_factor_then_signs_in_with_a_code(page, demo):
    password_step(page, "officer2")
    expect(page.get_by_role("heading", name="Set up a second factor")).to_be_visible()
    expect(page.locator("svg.qr")).to_be_visible()
    key = page.locator("#secret").inner_text()

    page.get_by_label("Code").fill(code_from_key(key))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The next sign-in asks for a code; a wrong one is refused, the app's next one signs in.
    password_step(page, "officer2")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.goto("/staffing/posts/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code").fill("000000" if code_from_key(key, 1) != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".field__error")).to_contain_text("This code is not right")
    time.sleep(1.1)  # django-otp makes the try after a wrong code wait a second
    page.get_by_label("Code").fill(code_from_key(key, 1))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url("/staffing/posts/")
    expect(page.locator(".user-badge")).to_have_text("officer2")
