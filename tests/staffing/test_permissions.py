"""Who may use the staffing forms and sees their buttons."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_viewer_is_refused_every_form_and_sees_no_edit_button(viewer_client, staffed):
    appointment = staffed[0]
    for url in [
        reverse("staffing:appointment-create"),
        reverse("staffing:technical-create"),
        reverse("staffing:appointment-end", args=[appointment.pk]),
        reverse("staffing:quota-version-create"),
    ]:
        assert viewer_client.get(url).status_code == 403
        assert viewer_client.post(url, {}).status_code == 403
    page = viewer_client.get(reverse("staffing:appointment-list")).content.decode()
    assert reverse("staffing:appointment-create") not in page
    detail = viewer_client.get(appointment.get_absolute_url()).content.decode()
    assert reverse("staffing:appointment-end", args=[appointment.pk]) not in detail
