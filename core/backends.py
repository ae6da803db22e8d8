"""Authentication backends."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Exists, OuterRef


class PermissionBackend(ModelBackend):
    """Django's ModelBackend, reading a user's permissions (their own and their groups') in
    one query instead of two. Every page asks, once per request: the permissions are read
    afresh on each request, so a change of role applies at the next page."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                permissions = Permission.objects.all()
            else:
                own = user_obj.user_permissions.through.objects.filter(
                    permission=OuterRef("pk"), user=user_obj
                )
                of_groups = Group.permissions.through.objects.filter(
                    permission=OuterRef("pk"), group__user=user_obj
                )
                permissions = Permission.objects.filter(Exists(own) | Exists(of_groups))
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).order_by()
            }
        return user_obj._perm_cache


def client_address(request) -> str | None:
    """The address a sign-in comes from, for the sign-in lockout (django-axes'
    AXES_CLIENT_IP_CALLABLE).

    With no proxy in front (settings.TRUSTED_PROXIES = 0), the connection's address. Behind
    N trusted proxies, each appending the address it was reached from to X-Forwarded-For,
    the client is the N-th address from the right: the entries further left were written by
    the client itself and are ignored, so nobody can pose as another address and lock its
    users out. A header with fewer entries than N (a request that bypassed the proxies)
    falls back to the connection's address.
    """
    proxies = settings.TRUSTED_PROXIES
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
