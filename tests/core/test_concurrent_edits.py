"""Nothing lost between two people: a stale form is refused on the pages and in the admin alike,
a save that changes nothing is no new version, and acting on a record that was just ended does
nothing twice."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import reverse

from core.history import STALE_EDIT_MESSAGE, is_tracked, latest_version
from secretariat.models import PermanentRepresentative
from staffing.models import Appointment
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get_or_create(username=username, is_staff=True, is_superuser=True)[0])
    return client


def change_url(record) -> str:
    return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])


def serving_with_contract() -> Appointment:
    return Appointment.objects.filter(end_date=None).exclude(planned_end_date=None).order_by("pk").first()


def test_a_stale_admin_form_is_refused_and_the_officers_change_is_kept(demo):
    appointment = serving_with_contract()
    administrator, officer = signed_in("administrator"), signed_in("officer-1")
    page = administrator.get(change_url(appointment))
    assert 'name="loaded_version"' in page.content.decode()
    stale = form_data(page)
    # Meanwhile the records officer extends the contract on its page.
    extended = appointment.planned_end_date + timedelta(days=200)
    contract_url = reverse("staffing:appointment-contract", args=[appointment.pk])
    loaded = officer.get(contract_url).context["form"]["loaded_version"].value()
    response = officer.post(
        contract_url, {"planned_end_date": extended.isoformat(), "loaded_version": loaded}
    )
    assert response.status_code == 302
    # The administrator saves the stale form with a contract end of their own.
    stale["planned_end_date"] = (appointment.planned_end_date + timedelta(days=30)).isoformat()
    response = administrator.post(change_url(appointment), stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert str(STALE_EDIT_MESSAGE) in page
    assert "Changes made by someone else since you opened this form" in page
    appointment.refresh_from_db()
    assert appointment.planned_end_date == extended
    # The form now carries the newer version: saving again is a deliberate overwrite.
    again = form_data(response)
    assert int(again["loaded_version"]) == latest_version(appointment)
    assert administrator.post(change_url(appointment), again).status_code == 302


def a_text_field(model) -> models.Field | None:
    """A free-text field a colleague may change: blank allowed, no choices, not unique."""
    for field in model._meta.concrete_fields:
        free_text = isinstance(field, models.CharField | models.TextField) and not field.choices
        if free_text and field.blank and not field.unique and field.editable:
            return field
    return None


TRACKED = sorted(
    (model for model in admin.site._registry if is_tracked(model)), key=lambda model: model._meta.label
)


@pytest.mark.parametrize("model", TRACKED, ids=lambda model: model._meta.label)
def test_two_admin_sessions_on_one_record_the_second_is_refused_and_nothing_is_lost(demo, model):
    record = model._default_manager.order_by("pk").first()
    field = a_text_field(model)
    if record is None or field is None:
        pytest.skip("no record or no free-text field to change")
    first, second = signed_in("first"), signed_in("second")
    page = first.get(change_url(record))
    if 'name="_save"' not in page.content.decode():
        pytest.skip("read-only in the admin (changed only through its page's service)")
    first_form = form_data(page)
    second_form = form_data(second.get(change_url(record)))
    first_form[field.name] = "changed by the first"
    assert first.post(change_url(record), first_form).status_code == 302
    second_form[field.name] = "changed by the second"
    response = second.post(change_url(record), second_form)
    assert response.status_code == 200
    assert str(STALE_EDIT_MESSAGE) in response.content.decode()
    record.refresh_from_db()
    assert getattr(record, field.name) == "changed by the first"


def test_an_admin_save_without_a_change_is_no_version_and_refuses_nobody(demo):
    appointment = serving_with_contract()
    administrator, officer = signed_in("administrator"), signed_in("officer-1")
    contract_url = reverse("staffing:appointment-contract", args=[appointment.pk])
    loaded = officer.get(contract_url).context["form"]["loaded_version"].value()
    versions = appointment.history.count()
    unchanged = form_data(administrator.get(change_url(appointment)))
    assert administrator.post(change_url(appointment), unchanged).status_code == 302
    assert appointment.history.count() == versions
    extended = appointment.planned_end_date + timedelta(days=100)
    response = officer.post(
        contract_url, {"planned_end_date": extended.isoformat(), "loaded_version": loaded}
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.planned_end_date == extended


def test_a_save_through_the_orm_without_a_change_writes_no_version_but_a_change_does(demo):
    appointment = serving_with_contract()
    appointment.save()
    versions = appointment.history.count()
    appointment.save()
    assert appointment.history.count() == versions
    appointment.planned_end_date += timedelta(days=1)
    appointment.save()
    assert appointment.history.count() == versions + 1


def test_ending_an_appointment_twice_ends_it_once_and_says_by_whom(demo):
    appointment = serving_with_contract()
    officer = signed_in("officer-1")
    url = reverse("staffing:appointment-end", args=[appointment.pk])
    data = {
        "end_date": date.today().isoformat(),
        "end_reason": "resigned",
        "loaded_version": latest_version(appointment),
    }
    assert officer.post(url, data).status_code == 302
    versions = appointment.history.count()
    response = officer.post(url, data, follow=True)
    assert response.redirect_chain[0] == (appointment.get_absolute_url(), 302)
    shown = [str(message) for message in response.context["messages"]]
    assert any(
        "was already ended" in text and "officer-1" in text and "nothing was changed" in text
        for text in shown
    )
    assert appointment.history.count() == versions
    # The contract of an ended appointment: the same answer, not "no record at this address".
    response = officer.get(reverse("staffing:appointment-contract", args=[appointment.pk]))
    assert response.status_code == 302


def test_ending_a_representative_twice_ends_once_and_says_so(demo):
    representative = PermanentRepresentative.objects.filter(end_date=None).order_by("pk").first()
    officer = signed_in("officer-1")
    url = reverse("secretariat:representative-end", args=[representative.pk])
    data = {"end_date": date.today().isoformat(), "loaded_version": latest_version(representative)}
    assert officer.post(url, data).status_code == 302
    versions = representative.history.count()
    response = officer.post(url, data, follow=True)
    assert any("was already ended" in str(message) for message in response.context["messages"])
    assert representative.history.count() == versions
