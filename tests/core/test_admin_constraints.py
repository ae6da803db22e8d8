"""A constraint over a field the admin shows read-only is skipped by Django's model form: the
database refused the save and the admin answered 500. The two such rules (found by scanning
every admin's read-only fields against its model's constraints) are checked before saving:
the instrument's term in `Instrument.clean`, the material's exception by its service."""

from datetime import timedelta

import pytest
from django.urls import reverse

from depository.models import Instrument
from meetings.models import Material
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def test_a_material_keeps_the_reason_of_its_recorded_exception(demo, admin_client):
    """The exception's day is read-only; emptying its reason broke the database's rule."""
    material = Material.objects.filter(exception_recorded_on__isnull=False).first()
    url = reverse("admin:meetings_material_change", args=[material.pk])
    response = admin_client.post(url, {**form_data(admin_client.get(url)), "exception_reason": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    material.refresh_from_db()
    assert material.exception_reason


def test_an_instruments_term_does_not_end_before_its_read_only_entry_into_force(demo, admin_client):
    instrument = Instrument.objects.filter(entry_into_force__isnull=False).order_by("pk").first()
    url = reverse("admin:depository_instrument_change", args=[instrument.pk])
    day_before = (instrument.entry_into_force - timedelta(days=1)).isoformat()
    response = admin_client.post(url, {**form_data(admin_client.get(url)), "valid_until": day_before})
    assert response.status_code == 200
    instrument.refresh_from_db()
    assert instrument.valid_until is None or instrument.valid_until >= instrument.entry_into_force
