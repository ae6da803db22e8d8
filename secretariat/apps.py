from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    name = "secretariat"
    verbose_name = _("Secretariat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .roles import ensure_roles
        from .sessions import refreshed_at_sign_in

        # After the last app migrates, every permission exists: build the roles then.
        post_migrate.connect(ensure_roles, dispatch_uid="secretariat.ensure_roles")
        user_logged_in.connect(refreshed_at_sign_in, dispatch_uid="secretariat.refreshed_at_sign_in")
