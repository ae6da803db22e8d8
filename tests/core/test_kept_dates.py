"""Every date a record bears lies within the kept range (settings.KEPT_DATE_RANGE, 1990-2100):
refused at the field on the pages and in the admin, by the model on any other path; a report
asked for a day outside it says so."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from core.dates import KeptDateField
from secretariat.models import SecretaryGeneralTerm
from staffing.models import Appointment

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"core", "secretariat", "staffing", "overview", "meetings", "depository", "relations"}
DATE_FIELDS = [
    (model, field)
    for model in apps.get_models()
    if model._meta.app_label in PROJECT_APPS
    for field in model._meta.concrete_fields
    # Days a person records; moments the system stamps (DateTimeField, e.g. history) aside.
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
]


@pytest.fixture
def administrator(demo, client):
    client.force_login(User.objects.create_superuser("root", password="x" * 12))
    return client


def test_every_date_of_every_record_is_a_kept_date():
    assert len(DATE_FIELDS) > 10
    assert [
        f"{model._meta.label}.{field.name}"
        for model, field in DATE_FIELDS
        if not isinstance(field, KeptDateField)
    ] == []


@pytest.mark.parametrize(
    "value, message",
    [
        ("9999-12-31", "Dates after 31 Dec 2100 are not kept."),
        ("1899-12-31", "Dates before 1 Jan 1990 are not kept."),
    ],
)
def test_the_admin_refuses_a_date_outside_the_range_at_the_field(administrator, value, message):
    before = SecretaryGeneralTerm.objects.count()
    url = reverse("admin:secretariat_secretarygeneralterm_add")
    response = administrator.post(url, {"start_date": "2030-01-01", "end_date": value, "title": "sg"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"] == [message]
    assert SecretaryGeneralTerm.objects.count() == before


def test_the_appoint_page_refuses_a_date_outside_the_range_at_the_field(administrator):
    before = Appointment.objects.count()
    response = administrator.post(reverse("staffing:appointment-create"), {"start_date": "10000-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"]
    response = administrator.post(reverse("staffing:appointment-create"), {"start_date": "2101-01-01"})
    assert response.context["form"].errors["start_date"] == ["Dates after 31 Dec 2100 are not kept."]
    assert Appointment.objects.count() == before


def test_the_model_refuses_a_date_outside_the_range_when_a_form_is_bypassed(administrator):
    term = SecretaryGeneralTerm.objects.order_by("start_date").first()
    term.end_date = date(9999, 12, 31)
    with pytest.raises(ValidationError) as refused:
        term.full_clean()
    assert refused.value.error_dict["end_date"][0].code == "date_out_of_range"


@pytest.mark.parametrize("url_name", ["staffing:staffing-table", "staffing:quota-report"])
@pytest.mark.parametrize(
    "value, message",
    [
        ("1899-06-01", "Dates before 1 Jan 1990 are not kept."),
        ("9999-12-31", "Dates after 31 Dec 2100 are not kept."),
        ("2024-02-30", "“2024-02-30” is not a date (use YYYY-MM-DD)."),
        ("abc", "“abc” is not a date (use YYYY-MM-DD)."),
    ],
)
def test_a_report_asked_for_a_day_it_cannot_show_says_why_and_shows_today(
    administrator, url_name, value, message
):
    response = administrator.get(reverse(url_name), {"as_of": value})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [message]


def test_the_admin_site_draws_its_date_fields_with_the_kept_range(administrator):
    model_admin = admin.site._registry[SecretaryGeneralTerm]
    request = administrator.get(reverse("admin:secretariat_secretarygeneralterm_add")).wsgi_request
    form = model_admin.get_form(request)()
    assert form.fields["start_date"].__class__.__name__ == "KeptDateFormField"
