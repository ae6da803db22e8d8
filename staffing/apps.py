from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "staffing"
    verbose_name = _("Staffing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import roles
        from secretariat.services import MEMBERSHIP_DEPENDENTS

        from .models import Appointment, Post, QuotaLine, QuotaVersion

        roles.register(Post, QuotaVersion, QuotaLine, Appointment, officer_edits=(Appointment,))
        # A state's officials serve under its quota, which only a member state holds (rule 3):
        # its standing must not end while an appointment it nominated runs on.
        MEMBERSHIP_DEPENDENTS.append(
            lambda state: Appointment.objects.filter(nominated_by=state).select_related("person", "post")
        )
