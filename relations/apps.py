from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    """Relations with partners and international organisations: what made each standing, the
    path to membership, the organisations and their cooperation instruments."""

    name = "relations"
    verbose_name = _("Relations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import roles
        from core.links import register_page
        from secretariat import services as secretariat_services
        from secretariat.models import InternationalOrganisation

        from .models import MembershipStep, StandingBasis, standing_not_before_its_memorandum

        # An organisation's get_absolute_url leads to its page here.
        register_page(InternationalOrganisation, "relations:organisation-detail", "code")
        roles.register(StandingBasis, MembershipStep, officer_edits=(StandingBasis, MembershipStep))
        # A change of a standing's dates (secretariat's service and admin) keeps it on or after
        # the memorandum that created it.
        if standing_not_before_its_memorandum not in secretariat_services.STANDING_CHECKS:
            secretariat_services.STANDING_CHECKS.append(standing_not_before_its_memorandum)
