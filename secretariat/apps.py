from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import roles

        from .models import (
            Department,
            DeputySecretaryGeneralTerm,
            InternationalOrganisation,
            PermanentRepresentative,
            Person,
            Secretariat,
            SecretaryGeneralTerm,
            Standing,
            State,
        )

        roles.register(
            State,
            Standing,
            Secretariat,
            Department,
            Person,
            SecretaryGeneralTerm,
            DeputySecretaryGeneralTerm,
            PermanentRepresentative,
            InternationalOrganisation,
            officer_edits=(Person, PermanentRepresentative),
        )
