"""The access review's rows and columns: every account, its role, sign-in and second factor."""

from __future__ import annotations

import django_tables2 as tables
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.lists import DateColumn
from core.roles import role_label

from .models import PendingEnrolment

SET_UP, NOT_SET_UP, DUE = "set-up", "not-set-up", "due"
FACTOR_LABELS = {
    SET_UP: _("set up"),
    NOT_SET_UP: _("not set up"),
    DUE: _("due at next sign-in"),
}
FACTOR_BADGES = {SET_UP: "badge badge--ok", NOT_SET_UP: "badge badge--warn", DUE: "badge"}


def access_review_rows() -> QuerySet:
    """Every account with its first role, its second factor and whether it is locked out
    now, in one query (each is a subquery of the account's row)."""
    locked_since = timezone.now() - settings.AXES_COOLOFF_TIME
    codes_left = (
        StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
        .order_by()
        .values("device__user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        get_user_model()
        .objects.annotate(
            role=Subquery(Group.objects.filter(user=OuterRef("pk")).order_by("name").values("name")[:1]),
            has_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            enrolment_due=Exists(PendingEnrolment.objects.filter(user=OuterRef("pk"))),
            codes_left=Coalesce(Subquery(codes_left, output_field=IntegerField()), Value(0)),
            locked=Exists(
                AccessAttempt.objects.filter(
                    username=OuterRef("username"),
                    failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                    attempt_time__gte=locked_since,
                )
            ),
        )
        .order_by("username")
    )


def factor_status(record) -> str:
    if record.has_factor:
        return SET_UP
    return DUE if record.enrolment_due else NOT_SET_UP


class AccessTable(tables.Table):
    username = tables.Column(verbose_name=_("Account"))
    full_name = tables.Column(
        verbose_name=_("Name"), accessor="last_name", order_by=("last_name", "first_name"), default=""
    )
    role = tables.Column(verbose_name=_("Role"), default="")
    is_active = tables.Column(verbose_name=_("Active"))
    last_login = DateColumn(
        format="Y-m-d H:i", verbose_name=_("Last sign-in"), default="", attrs={"td": {"class": "date"}}
    )
    has_factor = tables.Column(verbose_name=_("Second factor"), empty_values=())
    codes_left = tables.Column(verbose_name=_("Recovery codes left"), attrs={"td": {"class": "num"}})
    locked = tables.Column(verbose_name=_("Locked out"), empty_values=())
    actions = tables.Column(verbose_name="", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        fields = (
            "username",
            "full_name",
            "role",
            "is_active",
            "last_login",
            "has_factor",
            "codes_left",
            "locked",
            "actions",
        )
        empty_text = _("No account matches these filters.")

    def render_full_name(self, record) -> str:
        return record.get_full_name()

    def value_full_name(self, record) -> str:
        return record.get_full_name()

    def render_role(self, value) -> str:
        return role_label(value)

    def value_role(self, value) -> str:
        return role_label(value)

    def render_is_active(self, value: bool) -> str:
        return gettext("yes") if value else gettext("no")

    def value_is_active(self, value: bool) -> str:
        return gettext("yes") if value else gettext("no")

    def value_last_login(self, value) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def render_has_factor(self, record):
        status = factor_status(record)
        return format_html('<span class="{}">{}</span>', FACTOR_BADGES[status], FACTOR_LABELS[status])

    def value_has_factor(self, record) -> str:
        return str(FACTOR_LABELS[factor_status(record)])

    def render_locked(self, value: bool):
        if not value:
            return gettext("no")
        return format_html('<span class="badge badge--bad">{}</span>', gettext("locked"))

    def value_locked(self, value: bool) -> str:
        return gettext("locked") if value else gettext("no")

    def render_actions(self, record):
        request = getattr(self, "request", None)
        if request is not None and request.user.pk == record.pk:
            return ""  # one's own factor is reset by another administrator
        return format_html(
            '<a class="button button--small" href="{}">{}</a>',
            reverse("accounts:factor-reset", args=[record.pk]),
            gettext("Reset second factor"),
        )
