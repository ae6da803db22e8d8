"""The admin: every page opens, lists keep their query count, history cannot be deleted."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from secretariat.models import (
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    SecretaryGeneralTerm,
)
from staffing.models import Appointment, QuotaVersion
from tests import factories
from tests.helpers import url

pytestmark = pytest.mark.django_db


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


DELETE_REFUSED = [
    Appointment,
    SecretaryGeneralTerm,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    QuotaVersion,
]


def add_more_rows(records) -> None:
    """Three more member states with people, posts, appointments, terms and representatives."""
    for index in range(3):
        state = factories.member_state()
        factories.quota({state: 2}, effective_date=date(2030 + index, 1, 1))
        for _ in range(2):
            factories.AppointmentFactory(
                nominated_by=state, start_date=date(2021, 1, 1), planned_end_date=None
            )
        factories.PermanentRepresentativeFactory(state=state)
        factories.DeputySecretaryGeneralTermFactory(
            nominating_state=state, start_date=date(2010 + index, 1, 1), end_date=date(2010 + index, 12, 31)
        )
        factories.SecretaryGeneralTermFactory(
            nominating_state=state, start_date=date(2004 + index, 1, 1), end_date=date(2004 + index, 12, 31)
        )
        factories.DepartmentFactory()


OUR_MODELS = [
    (model, model_admin)
    for model, model_admin in REGISTERED
    if model._meta.app_label in ("secretariat", "staffing")
]


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _a in REGISTERED])
def test_every_admin_page_and_list_filter_opens_for_a_superuser(
    admin_client, superuser, records, model, model_admin
):
    request = RequestFactory().get("/")
    request.user = superuser
    assert admin_client.get(url(model, "changelist")).status_code == 200
    assert admin_client.get(url(model, "changelist"), {"q": "Ka"}).status_code == 200
    for list_filter in model_admin.get_list_filter(request):
        if isinstance(list_filter, type) and issubclass(list_filter, admin.SimpleListFilter):
            for value, _label in list_filter(request, {}, model, model_admin).lookup_choices:
                response = admin_client.get(url(model, "changelist"), {list_filter.parameter_name: value})
                assert response.status_code == 200, (list_filter.__name__, value)

    add = admin_client.get(url(model, "add"))
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)

    row = model._default_manager.first()
    if row is not None:
        assert admin_client.get(url(model, "change", row.pk)).status_code == 200
        assert admin_client.get(url(model, "history", row.pk)).status_code == 200
        if hasattr(row, "history"):
            # django-simple-history's page of the record as it was.
            version = row.history.first()
            assert (
                admin_client.get(url(model, "simple_history", row.pk, version.history_id)).status_code == 200
            )


@pytest.mark.parametrize(("model", "model_admin"), OUR_MODELS, ids=[m._meta.label for m, _a in OUR_MODELS])
def test_admin_lists_keep_their_query_count_as_rows_grow(admin_client, records, model, model_admin):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(url(model, "changelist")).status_code == 200
        return len(captured)

    before = queries()
    add_more_rows(records)
    assert queries() == before


@pytest.mark.parametrize("model", DELETE_REFUSED, ids=lambda model: model._meta.label)
def test_the_admin_refuses_to_delete_history(admin_client, superuser, records, model):
    row = model.objects.first()
    assert admin_client.get(url(model, "delete", row.pk)).status_code == 403
    assert admin_client.post(url(model, "delete", row.pk), {"post": "yes"}).status_code == 403

    request = RequestFactory().get("/")
    request.user = superuser
    assert "delete_selected" not in admin.site._registry[model].get_actions(request)
    admin_client.post(url(model, "changelist"), {"action": "delete_selected", ACTION_CHECKBOX_NAME: [row.pk]})
    assert model.objects.filter(pk=row.pk).exists()
