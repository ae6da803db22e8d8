from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepositoryConfig(AppConfig):
    name = "depository"
    verbose_name = _("Depository")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import roles

        from .models import CertifiedCopy, DepositaryEvent, Instrument, Notification, Participation

        # Viewers read; records officers (the depositary and legal officers of the brief) record
        # instruments, acts, copies and notifications. Events are only ever added.
        roles.register(
            Instrument,
            Participation,
            DepositaryEvent,
            CertifiedCopy,
            Notification,
            officer_edits=(Instrument, Participation, DepositaryEvent, CertifiedCopy, Notification),
        )
