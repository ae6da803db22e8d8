"""The establishment size changes only with the quota version that shares it out, and every
write path of the admin goes through the services: after any sequence of admin saves, the rule
audit is clean."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.history import latest_version
from secretariat.models import Secretariat, SecretaryGeneralTerm, Standing, State
from staffing import services
from staffing.models import Appointment, QuotaLine, QuotaVersion
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(demo, client):
    client.force_login(User.objects.create_superuser("root", password="x" * 12))
    return client


def audit() -> str:
    out = StringIO()
    call_command("audit_rules", stdout=out)
    return out.getvalue()


def places_today(extra: int = 0) -> dict[State, int]:
    """Today's quota, with `extra` more places for the first state."""
    lines = list(QuotaLine.objects.on(timezone.localdate()).select_related("state").order_by("state__code"))
    places = {line.state: line.places for line in lines}
    places[lines[0].state] += extra
    return places


def test_the_admin_cannot_change_the_establishment_size_alone(administrator):
    secretariat = Secretariat.objects.current()
    url = reverse("admin:secretariat_secretariat_change", args=[secretariat.pk])
    data = form_data(administrator.get(url))
    data["establishment_size"] = "37"
    administrator.post(url, data)
    secretariat.refresh_from_db()
    assert secretariat.establishment_size == 36
    assert "No rule is broken." in audit()


def test_a_new_size_comes_with_the_version_that_shares_it_and_the_audit_stays_clean(administrator):
    version = services.quota_version_publish(
        effective_date=timezone.localdate(), places=places_today(extra=1), establishment_size=37
    )
    assert version.establishment_size == 37
    assert Secretariat.objects.current().establishment_size == 37
    assert "No rule is broken." in audit()


def test_the_page_refuses_a_new_size_on_a_version_not_in_force_today(administrator):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "effective_date": tomorrow.isoformat(),
        "basis": "",
        "is_illustrative": "on",
        "establishment_size": "37",
    } | {f"places_{state.code}": value for state, value in places_today(extra=1).items()}
    before = QuotaVersion.objects.count()
    response = administrator.post(reverse("staffing:quota-version-create"), data)
    assert response.status_code == 200
    assert (
        "takes effect with the quota version in force"
        in response.context["form"].errors["establishment_size"][0]
    )
    assert QuotaVersion.objects.count() == before
    assert Secretariat.objects.current().establishment_size == 36


def test_places_that_do_not_add_up_to_the_size_are_refused(administrator):
    with pytest.raises(Exception) as refused:
        services.quota_version_publish(
            effective_date=timezone.localdate(), places=places_today(extra=0), establishment_size=37
        )
    assert "37" in str(refused.value)
    assert Secretariat.objects.current().establishment_size == 36


def test_after_a_sequence_of_admin_saves_the_rule_audit_reports_no_broken_rule(administrator):
    client = administrator
    # A quota version added in the admin, published through the service.
    add = reverse("admin:staffing_quotaversion_add")
    data = {
        "effective_date": timezone.localdate().isoformat(),
        "is_illustrative": "on",
        "basis": "admin sequence",
        "_save": "Save",
        "lines-INITIAL_FORMS": 0,
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 1000,
    }
    places = places_today()
    data["lines-TOTAL_FORMS"] = len(places)
    for index, (state, value) in enumerate(places.items()):
        data |= {
            f"lines-{index}-state": state.pk,
            f"lines-{index}-places": value,
            f"lines-{index}-budget_share": "",
        }
    assert client.post(add, data).status_code == 302
    # The Secretariat (size untouched), a standing, a term and an appointment, each saved
    # from its admin change page with a change.
    kazakhstan = State.objects.get(code="KZ")
    saves = [
        (Secretariat.objects.current(), {"seat_ru": "Пекин, КНР"}),
        (kazakhstan, {"standings-0-decision": "Recorded in the admin"}),
        (
            SecretaryGeneralTerm.objects.order_by("start_date").first(),
            {"decision": "Recorded in the admin"},
        ),
        (
            Appointment.objects.filter(end_date=None).exclude(planned_end_date=None).order_by("pk").first(),
            {"planned_end_date": (date.today() + timedelta(days=400)).isoformat()},
        ),
    ]
    for record, changes in saves:
        url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
        form = form_data(client.get(url)) | changes
        response = client.post(url, form)
        assert response.status_code == 302, (record, response.context["adminform"].form.errors)
    assert latest_version(Secretariat.objects.current()) > 0
    assert Standing.objects.filter(decision="Recorded in the admin").exists()
    assert "No rule is broken." in audit()
