from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import roles

        from .models import (
            AdoptedDocument,
            AgendaItem,
            Body,
            Delegation,
            Draft,
            DraftProposer,
            Material,
            Meeting,
            Presidency,
            ReviewStep,
        )

        # Viewers read; records officers keep the calendar, the materials and the drafts
        # (the brief's "conference officer" is a records officer here). Bodies are reference
        # data: the administrator's. Calendar addresses are each user's own (their page).
        roles.register(
            Body,
            Presidency,
            Meeting,
            Delegation,
            AgendaItem,
            AdoptedDocument,
            Material,
            Draft,
            DraftProposer,
            ReviewStep,
            officer_edits=(
                Presidency,
                Meeting,
                Delegation,
                AgendaItem,
                AdoptedDocument,
                Material,
                Draft,
                DraftProposer,
                ReviewStep,
            ),
        )
