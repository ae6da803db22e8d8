"""Who must set up a second factor, and the record of every change to one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FactorEvent(models.Model):
    """One enrolment, reset or use of a recovery code: whose factor, who did it, when.

    Append-only: a row is written once by a service of accounts.services and never changed,
    so the table is its own history (no HistoricalRecords needed).
    """

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("set up a second factor")
        RESET = "reset", _("reset the second factor")
        RECOVERY_CODE_USED = "recovery-code-used", _("signed in with a recovery code")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="factor_events",
        verbose_name=_("account"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("second-factor event")
        verbose_name_plural = _("second-factor events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor}: {self.get_kind_display()} ({self.user})"


class PendingEnrolment(models.Model):
    """An account that sets up a second factor at its next sign-in, whatever its role
    (after an administrator's reset, or a demo account made to try enrolment)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="pending_enrolment",
        verbose_name=_("account"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending enrolment")
        verbose_name_plural = _("pending enrolments")

    def __str__(self) -> str:
        return str(self.user)
