"""The planned contract end."""

from datetime import date

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from staffing import services
from tests.assertions import database_refuses, refusal
from tests.helpers import official

pytestmark = pytest.mark.django_db


def test_a_contract_cannot_end_before_the_appointment_starts(roomy):
    appointment = official(roomy["RU"], date(2020, 1, 1), planned_end_date=date(2019, 12, 31))
    error = refusal(lambda a: services.appointment_save(appointment=a), appointment)
    assert error.message_dict[NON_FIELD_ERRORS] == ["The contract end is before the start date."]
    database_refuses(appointment.save)
