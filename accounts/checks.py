"""The deploy check: production asks records officers and administrators for a second factor."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.core.checks import Error, Tags, register

MIDDLEWARE = "accounts.middleware.SecondFactorMiddleware"


@register(Tags.security, deploy=True)
def second_factor_enforced(app_configs, **kwargs) -> list[Error]:
    from .admin_site import SecondFactorAdminSite

    errors = []
    if not settings.OTP_REQUIRED:
        errors.append(
            Error(
                "OTP_REQUIRED is off: records officers and administrators sign in without a second factor.",
                hint="Remove OTP_REQUIRED=False from the environment (only the local demo turns it off).",
                id="accounts.E001",
            )
        )
    if MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            Error(
                f"{MIDDLEWARE} is not in MIDDLEWARE: no page asks for the second factor.", id="accounts.E002"
            )
        )
    if not isinstance(admin.site, SecondFactorAdminSite):
        errors.append(Error("The admin site does not ask for the second factor.", id="accounts.E003"))
    return errors
