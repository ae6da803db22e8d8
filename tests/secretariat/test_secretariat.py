"""The one Secretariat and its posts."""

from datetime import date

import pytest

from secretariat.models import (
    Secretariat,
)
from tests.assertions import database_refuses
from tests.helpers import url

pytestmark = pytest.mark.django_db


def test_the_database_keeps_one_secretariat_with_at_least_one_post(secretariat):
    china = secretariat.host_state
    # bulk_create skips save(), which always writes the single row with id 1.
    database_refuses(
        lambda: Secretariat.objects.bulk_create(
            [
                Secretariat(
                    id=2, name_en="Second", seat_en="Elsewhere", host_state=china, opened_on=date(2004, 1, 15)
                )
            ]
        )
    )
    secretariat.establishment_size = 0
    database_refuses(secretariat.save)


def test_the_admin_keeps_one_secretariat(admin_client, records):
    secretariat = Secretariat.objects.get()
    assert admin_client.get(url(Secretariat, "add")).status_code == 403
    assert admin_client.get(url(Secretariat, "delete", secretariat.pk)).status_code == 403
