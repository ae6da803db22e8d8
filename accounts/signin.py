"""Who is asked for a second factor, and the sign-in that waits for it.

The password alone never signs in an account whose factor is due: the sign-in page keeps
the account *pending* in the (anonymous) session, and only a right code, or a completed
enrolment, calls `django.contrib.auth.login`. So until then every page but the code page
is closed (LoginRequiredMiddleware), and django-axes, which forgets an account's failures
at a successful sign-in, forgets them only once both factors were given.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.models import Device

from .models import PendingEnrolment

# The session keys: the pending sign-in, and how the signed-in session was opened.
PENDING = "second_factor_pending"
FACTOR = "second_factor"
VERIFIED, NOT_ASKED = "verified", "not-asked"
# A password given is good for this long; then the sign-in starts again.
PENDING_SECONDS = 10 * 60
CODE, ENROL = "code", "enrol"
STEP_URLS = {CODE: "accounts:verify", ENROL: "accounts:enrol"}


def changes_records(user) -> bool:
    """An account that can change something: records officers and administrators (and
    anyone given an add, change or delete permission, or the admin site). Read from the
    permissions the request loads anyway, so the check costs no query of its own."""
    if user.is_staff or user.is_superuser:
        return True
    return any(
        perm.split(".", 1)[1].startswith(("add_", "change_", "delete_"))
        for perm in user.get_all_permissions()
    )


def must_enrol(user) -> bool:
    """Has no factor yet and must set one up before signing in."""
    if PendingEnrolment.objects.filter(user=user).exists():
        return True
    return settings.OTP_REQUIRED and changes_records(user)


def step_for(user) -> str | None:
    """What the sign-in asks after the password: a code, an enrolment, or nothing more.

    An account with a factor is always asked for it, viewers' too (they chose to set one
    up), also where the demo does not require one."""
    if user_has_device(user, confirmed=True):
        return CODE
    if must_enrol(user):
        return ENROL
    return None


def step_url(step: str, next_to: str) -> str:
    """The page of a step, with where to go once signed in."""
    return f"{reverse(STEP_URLS[step])}?{urlencode({'next': next_to})}"


def begin(request, user, step: str) -> None:
    """The password was right: keep the account pending until its second factor."""
    request.session.cycle_key()  # a new key once the password is known, as login() does
    request.session[PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "step": step,
        "until": int(time.time()) + PENDING_SECONDS,
    }


def pending_user(request, step: str):
    """The account whose password was given for this step, or None (none, or too old)."""
    pending = request.session.get(PENDING)
    if not pending or pending.get("step") != step:
        return None
    if pending["until"] < time.time():
        end(request)
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def pending_step(request) -> str | None:
    pending = request.session.get(PENDING)
    return pending["step"] if pending and pending["until"] >= time.time() else None


def end(request) -> None:
    request.session.pop(PENDING, None)


def complete(request, user, device: Device | None) -> None:
    """Sign in for good: both factors given (or none due)."""
    end(request)
    login(request, user, backend=getattr(user, "backend", None))
    if device is not None:
        otp_login(request, device)
    request.session[FACTOR] = VERIFIED if device is not None else NOT_ASKED


def mark_verified(request, device: Device) -> None:
    """A signed-in account that just set up its factor: its session now counts as verified."""
    otp_login(request, device)
    request.session[FACTOR] = VERIFIED


def count_failure(request, user) -> None:
    """A wrong code counts as a failed sign-in for django-axes (same user, same address).

    django-axes listens to Django's `user_login_failed`; when this failure reaches the limit
    it marks the request, and its middleware answers with the lockout page."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)
    if getattr(request, "axes_locked_out", False):
        end(request)


def factor_missing(request) -> bool:
    """A signed-in session that should have passed the second factor and has not.

    Sessions opened before the factor was required, a factor reset by an administrator
    (its device is gone), a role gained since sign-in: all are signed out."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if request.session.get(FACTOR) == VERIFIED:
        return True  # verified at sign-in, but the device is gone: reset since
    return settings.OTP_REQUIRED and changes_records(user)
