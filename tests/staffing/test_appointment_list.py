"""The appointments list and its export."""

import pytest
from django.urls import reverse

from tests.helpers import read_csv

pytestmark = pytest.mark.django_db


def test_appointment_list_exports_only_the_filtered_rows(viewer_client, staffed, founders):
    response = viewer_client.get(
        reverse("staffing:appointment-list"), {"nominated_by": founders["KZ"].pk, "_export": "csv"}
    )
    rows = read_csv(response)
    assert len(rows) == 2
    assert rows[1][0] == staffed[1].person.name_latin
