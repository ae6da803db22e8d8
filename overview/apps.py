from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """Pages that read several apps. Nothing below imports it: it registers what it adds."""

    name = "overview"
    verbose_name = _("Overview")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.links import register_page
        from secretariat.models import Department, Person, State

        # A state's, a department's and a person's get_absolute_url lead here.
        register_page(State, "overview:state-detail", "code")
        register_page(Department, "overview:department-detail", "code")
        register_page(Person, "overview:person-detail")
