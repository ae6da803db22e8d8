from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .roles import ensure_roles

        # After the last app migrates, every permission exists: build the roles then.
        post_migrate.connect(ensure_roles, dispatch_uid="secretariat.ensure_roles")
