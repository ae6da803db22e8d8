"""The second factor: asked of records officers and administrators at every sign-in, set up
at the first one, reset by an administrator, counted by django-axes; the access review.

Tests marked `otp` run as production does (OTP_REQUIRED on); the others as the demo.
"""

import csv
import io
import re
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.checks import second_factor_enforced
from accounts.models import FactorEvent, PendingEnrolment
from core.roles import ADMINISTRATOR, RECORDS_OFFICER, VIEWER
from tests.test_foundation import manage, url_patterns

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password-2004"
ADDRESS = "10.0.0.9"


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the user's app shows (a later one with steps_ahead: a code is good once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def account(username: str, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD, is_staff=role == ADMINISTRATOR)
    user.groups.add(Group.objects.get(name=role))
    return user


def enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    """The user set up an authenticator; returns it and the recovery codes."""
    device = services.enrolment_device(user=user)
    codes = services.factor_enrol(user=user, device=device, code=code_of(device))
    device.refresh_from_db()
    return device, codes


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def give_code(client, code: str):
    return client.post(reverse("accounts:verify"), {"code": code, "next": "/"}, REMOTE_ADDR=ADDRESS)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def officer(db):
    return account("officer", RECORDS_OFFICER)


@pytest.fixture
def administrator(db):
    return account("admin", ADMINISTRATOR)


@pytest.mark.otp
def test_an_officer_with_the_right_password_but_no_code_reaches_no_page_but_the_code_page(client, officer):
    enrolled(officer)
    response = sign_in(client, "officer")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verify"))
    assert not signed_in(client)

    opened = []
    for name, path in url_patterns():
        if path.startswith("/static/") or name in {"login", "healthz", "set_language", "accounts:verify"}:
            continue
        status = client.get(path).status_code
        if status not in (301, 302, 404):
            opened.append((name, path, status))
    assert opened == []
    # A page that needs sign-in sends to the code page, and then back to the page.
    dashboard = client.get(reverse("dashboard"))
    assert dashboard.url == f"{reverse('accounts:verify')}?next=%2F"
    page = client.get(dashboard.url)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()


@pytest.mark.otp
def test_with_the_right_code_the_officer_reaches_the_dashboard(client, officer):
    device, _codes = enrolled(officer)
    sign_in(client, "officer")
    response = give_code(client, code_of(device, steps_ahead=1))
    assert response.status_code == 302
    assert response.url == "/"
    assert signed_in(client)
    assert client.get("/").status_code == 200


@pytest.mark.otp
def test_a_recovery_code_signs_in_once_and_its_use_is_recorded(client, officer):
    _device, codes = enrolled(officer)
    sign_in(client, "officer")
    assert give_code(client, codes[0].upper()).url == "/"
    assert client.get("/").status_code == 200
    event = FactorEvent.objects.get(kind=FactorEvent.Kind.RECOVERY_CODE_USED)
    assert (event.user, event.actor) == (officer, officer)
    assert services.recovery_codes_left(user=officer) == 9

    client.post(reverse("logout"))
    sign_in(client, "officer")
    refused = give_code(client, codes[0])
    assert refused.status_code == 200
    assert "This code is not right" in refused.content.decode()
    assert not signed_in(client)
    assert client.get("/").status_code == 302


@pytest.mark.otp
def test_a_wrong_code_is_refused_and_the_same_code_is_not_accepted_twice(client, officer):
    device, _codes = enrolled(officer)
    sign_in(client, "officer")
    assert give_code(client, "000000" if code_of(device, 1) != "000000" else "111111").status_code == 200
    assert not signed_in(client)


@pytest.mark.otp
def test_failed_codes_count_toward_the_lockout_with_failed_passwords(client, officer):
    device, codes = enrolled(officer)
    assert sign_in(client, "officer", "wrong-password").status_code == 200  # one failed password
    sign_in(client, "officer")
    for _attempt in range(3):
        assert give_code(client, "12345x").status_code == 200
    # The fifth failure, a code, locks the account out from this address.
    assert give_code(client, "12345x").status_code == 429
    assert not signed_in(client)
    # Locked: neither the password nor a right code gets further.
    assert sign_in(client, "officer").status_code == 429
    assert give_code(client, codes[1]).status_code in (302, 429)
    assert not signed_in(client)


@pytest.mark.otp
def test_a_viewer_is_not_asked_for_a_code_unless_they_set_one_up(client, db):
    viewer = account("viewer", VIEWER)
    response = sign_in(client, "viewer")
    assert response.url == reverse("dashboard")
    assert signed_in(client)
    assert client.get(reverse("accounts:enrol")).status_code == 200  # may set one up

    client.post(reverse("logout"))
    enrolled(viewer)
    assert sign_in(client, "viewer").url.startswith(reverse("accounts:verify"))


@pytest.mark.otp
def test_an_officer_without_a_factor_sets_one_up_at_first_sign_in(client, officer, settings):
    # django-otp makes the next try after a wrong code wait a second: none here.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    response = sign_in(client, "officer")
    assert response.url.startswith(reverse("accounts:enrol"))
    assert not signed_in(client)
    page = client.get(response.url)
    content = page.content.decode()
    assert '<svg class="qr"' in content
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert device.config_url.split("secret=")[1][:8] in content.replace(" ", "")
    # The same key on a reload: a QR code already scanned stays good.
    client.get(response.url)
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    wrong = client.post(response.url, {"code": "12345x"}, REMOTE_ADDR=ADDRESS)
    assert wrong.status_code == 200
    assert "This code does not match" in wrong.content.decode()

    done = client.post(response.url, {"code": code_of(device)}, REMOTE_ADDR=ADDRESS)
    assert done.url.startswith(reverse("accounts:recovery-codes"))
    assert signed_in(client)
    shown = client.get(done.url).content.decode()
    codes = officer.staticdevice_set.get().token_set.values_list("token", flat=True)
    assert len(codes) == 10
    assert all(code in shown for code in codes)
    # Shown once.
    assert client.get(done.url).status_code == 302
    event = FactorEvent.objects.get()
    assert (event.kind, event.user, event.actor) == (FactorEvent.Kind.ENROLLED, officer, officer)


def admin_signed_in(client, administrator) -> None:
    device, _codes = enrolled(administrator)
    sign_in(client, "admin")
    assert give_code(client, code_of(device, steps_ahead=1)).status_code == 302


@pytest.mark.otp
def test_an_administrators_reset_forces_a_new_enrolment_and_names_both_users(client, officer, administrator):
    from django.test import Client

    device, _codes = enrolled(officer)
    officers_client = Client()
    sign_in(officers_client, "officer")
    give_code(officers_client, code_of(device, steps_ahead=1))
    assert officers_client.get("/").status_code == 200

    admin_signed_in(client, administrator)
    url = reverse("accounts:factor-reset", args=[officer.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).url == reverse("accounts:access-review")

    event = FactorEvent.objects.get(kind=FactorEvent.Kind.RESET)
    assert (event.user, event.actor) == (officer, administrator)
    assert PendingEnrolment.objects.get(user=officer).requested_by == administrator
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # The officer's open session ends at its next page; the next sign-in sets up a new factor.
    assert officers_client.get("/").status_code == 302
    assert not signed_in(officers_client)
    assert sign_in(officers_client, "officer").url.startswith(reverse("accounts:enrol"))


def test_an_administrator_cannot_reset_their_own_factor(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("accounts:factor-reset", args=[administrator.pk]), follow=True)
    assert "ask another administrator" in response.content.decode()
    assert not FactorEvent.objects.exists()


def test_a_reset_sets_up_a_new_factor_at_next_sign_in_in_the_demo_too(client, officer, administrator):
    enrolled(officer)
    services.factor_reset(user=officer, by=administrator)
    assert sign_in(client, "officer").url.startswith(reverse("accounts:enrol"))


@pytest.mark.otp
def test_the_admin_site_is_behind_the_second_factor(client, administrator):
    device, _codes = enrolled(administrator)
    # Its own sign-in page sends to the app's, which asks for the code.
    assert client.get(reverse("admin:login")).url.startswith(reverse("login"))
    sign_in(client, "admin")
    assert client.get(reverse("admin:index")).url.startswith(reverse("accounts:verify"))
    # A session with only the password (as before the factor was required) has no admin.
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 302
    assert not signed_in(client)

    sign_in(client, "admin")
    give_code(client, code_of(device, steps_ahead=1))
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_demo_lets_demo_accounts_in_with_the_password_and_officer2_enrols(client):
    call_command("demo_accounts", stdout=io.StringIO())
    import os

    password = os.environ.get("DEMO_PASSWORD", "sco-demo-2004")
    for username in ("admin", "officer", "viewer"):
        client.post(reverse("logout"))
        assert sign_in(client, username, password).url == reverse("dashboard")
    client.post(reverse("logout"))
    assert sign_in(client, "officer2", password).url.startswith(reverse("accounts:enrol"))


def review_rows(client, **query) -> dict[str, dict[str, str]]:
    response = client.get(reverse("accounts:access-review"), {**query, "_export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["Account"]: row for row in csv.DictReader(io.StringIO(text))}


@pytest.mark.otp
def test_the_access_review_and_its_csv_list_the_demo_accounts_with_role_and_factor(client):
    call_command("demo_accounts", stdout=io.StringIO())
    administrator = User.objects.get(username="admin")
    administrator.set_password(PASSWORD)
    administrator.save()
    officer = User.objects.get(username="officer")
    enrolled(officer)
    admin_signed_in(client, administrator)

    page = client.get(reverse("accounts:access-review")).content.decode()
    for username in ("admin", "officer", "officer2", "viewer"):
        assert re.search(rf"<td[^>]*>{username}</td>", page)
    assert "records officer" in page and "due at next sign-in" in page

    rows = review_rows(client)
    assert {name: (row["Role"], row["Second factor"], row["Locked out"]) for name, row in rows.items()} == {
        "admin": ("administrator", "set up", "no"),
        "officer": ("records officer", "set up", "no"),
        "officer2": ("records officer", "due at next sign-in", "no"),
        "viewer": ("viewer", "not set up", "no"),
    }
    assert rows["officer"]["Recovery codes left"] == "10"
    assert rows["admin"]["Last sign-in"] != ""
    assert set(review_rows(client, factor="set-up")) == {"admin", "officer"}
    assert set(review_rows(client, role=RECORDS_OFFICER)) == {"officer", "officer2"}


@pytest.mark.otp
def test_the_access_review_shows_a_locked_account(client, officer, administrator):
    for _attempt in range(5):
        sign_in(client, "officer", "wrong-password")
    client.cookies.clear()
    admin_signed_in(client, administrator)
    assert review_rows(client)["officer"]["Locked out"] == "locked"


def test_the_access_review_is_for_administrators_only(client, officer):
    client.force_login(officer)
    assert client.get(reverse("accounts:access-review")).status_code == 403
    assert client.post(reverse("accounts:factor-reset", args=[officer.pk])).status_code == 403


def test_production_refuses_to_start_with_the_second_factor_off():
    result = manage(
        "check",
        DEBUG="False",
        OTP_REQUIRED="False",
        SECRET_KEY="x" * 20 + "-a-long-random-secret-for-the-test-0123456789",
    )
    assert result.returncode != 0
    assert "OTP_REQUIRED=False" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_deploy_check_fails_when_the_second_factor_is_not_required(settings):
    settings.OTP_REQUIRED = False
    assert [error.id for error in second_factor_enforced(None)] == ["accounts.E001"]
    settings.OTP_REQUIRED = True
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "SecondFactor" not in m]
    assert [error.id for error in second_factor_enforced(None)] == ["accounts.E002"]


@pytest.mark.parametrize("wanted", ["abc", "//evil.example/", "https://evil.example/", "dashboard"])
def test_a_next_address_that_is_not_a_path_on_this_site_leads_to_the_dashboard(client, officer, wanted):
    client.force_login(officer)
    response = client.get(reverse("accounts:verify"), {"next": wanted})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
