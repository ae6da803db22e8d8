from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and that knows no SCO rule. Imports no project app."""

    name = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .history import forget_skip, skip_unchanged_version
        from .rendering import read_signatures_once
        from .roles import ensure_roles
        from .sessions import refreshed_at_sign_in

        read_signatures_once()
        # After the last app migrates, every permission exists: build the roles then.
        post_migrate.connect(ensure_roles, dispatch_uid="core.ensure_roles")
        user_logged_in.connect(refreshed_at_sign_in, dispatch_uid="core.refreshed_at_sign_in")
        # No empty versions. django-simple-history connected its post_save as the models were
        # built, before this: forget_skip runs after it.
        pre_save.connect(skip_unchanged_version, dispatch_uid="core.skip_unchanged_version")
        post_save.connect(forget_skip, dispatch_uid="core.forget_skip")
