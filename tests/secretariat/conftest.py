"""Fixtures the Secretariat tests share: an officer, and a small SCO of standings."""

from datetime import date

import pytest

from secretariat.models import (
    Standing,
)
from tests import factories
from tests.helpers import user_in


@pytest.fixture
def officer(db):
    return user_in("records officer", "officer")


@pytest.fixture
def sco(founders):
    """The founders, India and Pakistan (observers 2005, members 2017) and Mongolia."""
    states = {**founders, **factories.india_and_pakistan()}
    states["MN"] = factories.state_with_standings(
        "MN",
        "MNG",
        "Mongolia",
        (Standing.Status.OBSERVER, date(2004, 6, 17), date(2025, 8, 31)),
        (Standing.Status.PARTNER, date(2025, 9, 1), None),
    )
    return states
