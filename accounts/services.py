"""Writes of the second factor: enrolment, reset, use of a recovery code. Each one records
a FactorEvent in the same transaction, so there is no change without its record."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import FactorEvent, PendingEnrolment

RECOVERY_CODES = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


def enrolment_device(*, user: AbstractBaseUser) -> TOTPDevice:
    """The key being set up: the same one until it is confirmed, so reloading the page
    does not invalidate a QR code already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def factor_enrol(*, user: AbstractBaseUser, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with a code from it; replace any older factor; return the
    ten recovery codes (shown once: only they exist in clear, nowhere else)."""
    with transaction.atomic():
        # Lock the key being confirmed: two tabs confirming at once set up one factor.
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
        matched = device.verify_token(code)
        if matched:
            codes = _replace_factor(user=user, device=device)
    # Refused outside the transaction: the device's throttling (its count of wrong codes,
    # saved by verify_token) must not be rolled back with it.
    if not matched:
        raise ValidationError(
            _("This code does not match. Enter the six digits your app shows now."), code="wrong_code"
        )
    return codes


def _replace_factor(*, user: AbstractBaseUser, device: TOTPDevice) -> list[str]:
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _code in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    PendingEnrolment.objects.filter(user=user).delete()
    FactorEvent.objects.create(kind=FactorEvent.Kind.ENROLLED, user=user, actor=user)
    return codes


@transaction.atomic
def factor_reset(*, user: AbstractBaseUser, by: AbstractBaseUser) -> FactorEvent:
    """Remove an account's second factor: it sets up a new one at its next sign-in (and a
    session verified with the old one ends at its next page)."""
    if user.pk == by.pk:
        raise ValidationError(
            _("You cannot reset your own second factor: ask another administrator."), code="own_factor"
        )
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    PendingEnrolment.objects.update_or_create(user=user, defaults={"requested_by": by})
    return FactorEvent.objects.create(kind=FactorEvent.Kind.RESET, user=user, actor=by)


def recovery_code_used(*, user: AbstractBaseUser) -> FactorEvent:
    return FactorEvent.objects.create(kind=FactorEvent.Kind.RECOVERY_CODE_USED, user=user, actor=user)


def recovery_codes_left(*, user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def enrol_at_next_sign_in(*, user: AbstractBaseUser, by: AbstractBaseUser | None = None) -> None:
    """An account with no factor is asked to set one up at its next sign-in (demo accounts)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        PendingEnrolment.objects.update_or_create(user=user, defaults={"requested_by": by})
