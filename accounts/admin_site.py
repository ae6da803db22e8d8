"""The Django admin behind the same second factor as every page."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.admin import RecordsAdminSite

from .signin import factor_missing


class SecondFactorAdminSite(RecordsAdminSite):
    """The admin, opened only through the app's own sign-in (password, then the code), on
    the project's tamper-proof admin site (core.admin).

    Its own sign-in form (a password alone) is replaced by the app's, and a session that
    lacks its second factor has no admin permission, whatever its staff flag says.
    """

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and not factor_missing(request)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            # Signed in but not an administrator: sending them to sign in again would loop.
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
