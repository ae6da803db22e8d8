"""The admin answers tampered ids with a message, never a 500, on every model admin registered:
autocomplete fields, changelist actions and history addresses (core/admin.py)."""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.models import User
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TamperProofAdminMixin
from secretariat.models import Person

pytestmark = pytest.mark.django_db

NOT_IDS = ["abc", "99999999999999999999", "-99999999999999999999", "1.5", "", " "]
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def url_of(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def administrator(demo, client):
    client.force_login(User.objects.create_superuser("root", password="x" * 12))
    return client


def test_every_registered_admin_is_tamper_proof():
    assert REGISTERED
    assert all(isinstance(model_admin, TamperProofAdminMixin) for _, model_admin in REGISTERED)


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_a_person_with_a_tampered_nationality_is_refused_at_the_field(administrator, value):
    before = Person.objects.count()
    response = administrator.post(
        url_of(Person, "add"), {"name_latin": "Test Person", "nationality": value, "is_fictional": "on"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Person.objects.count() == before


AUTOCOMPLETE = [
    (model, field)
    for model, model_admin in REGISTERED
    for field in model_admin.autocomplete_fields
    if model_admin.has_add_permission
]


@pytest.mark.parametrize("model, field", AUTOCOMPLETE, ids=lambda x: getattr(x, "__name__", x))
def test_every_autocomplete_field_re_renders_a_tampered_id_as_a_refusal(administrator, model, field):
    page = administrator.get(url_of(model, "add"))
    if page.status_code != 200:
        pytest.skip(f"{model.__name__} cannot be added in the admin")
    before = model._default_manager.count()
    for value in NOT_IDS[:3]:
        response = administrator.post(url_of(model, "add"), {field: value})
        assert response.status_code == 200, value
        assert model._default_manager.count() == before


@pytest.mark.parametrize("model", [model for model, _ in REGISTERED], ids=lambda model: model._meta.label)
def test_a_changelist_action_on_selections_that_are_not_ids_changes_nothing(administrator, model):
    model_admin = admin.site._registry[model]
    request = administrator.get(url_of(model, "changelist")).wsgi_request
    actions = list(model_admin.get_actions(request))
    if not actions:
        pytest.skip("no actions")
    before = model._default_manager.count()
    response = administrator.post(
        url_of(model, "changelist"),
        {"action": actions[0], "index": "0", helpers.ACTION_CHECKBOX_NAME: NOT_IDS, "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert model._default_manager.count() == before


HISTORY = [model for model, model_admin in REGISTERED if isinstance(model_admin, SimpleHistoryAdmin)]


@pytest.mark.parametrize("model", HISTORY, ids=lambda model: model._meta.label)
@pytest.mark.parametrize("object_id", ["x", "99999999999999999999"])
def test_a_history_address_with_an_id_that_cannot_exist_is_not_found(administrator, model, object_id):
    assert administrator.get(url_of(model, "history", object_id)).status_code == 404
    assert administrator.get(url_of(model, "simple_history", object_id, "1")).status_code == 404
    existing = model._default_manager.first()
    if existing is not None:
        assert administrator.get(url_of(model, "simple_history", existing.pk, "x")).status_code == 404


@pytest.mark.parametrize("model", [model for model, _ in REGISTERED], ids=lambda model: model._meta.label)
def test_a_change_page_with_an_empty_to_field_opens_the_record(administrator, model):
    existing = model._default_manager.first()
    if existing is None:
        pytest.skip("no record")
    response = administrator.get(url_of(model, "change", existing.pk), {"_to_field": ""})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/states/K%00Z/",
        "/secretariat/people/?q=%00",
        "/admin/secretariat/person/?q=Kuz%00min",
        "/staffing/appointments/?per_page=1&sort=%00",
        "/admin/secretariat/person/?%00=1",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request_not_a_database_error(administrator, address):
    response = administrator.get(address)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
