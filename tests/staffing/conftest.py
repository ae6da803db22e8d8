"""Fixtures the staffing tests share: signed-in clients, states with room in their quota, the demo."""

import pytest

from tests import factories
from tests.helpers import user_with_role


@pytest.fixture
def viewer_client(client):
    client.force_login(user_with_role("viewer"))
    return client


@pytest.fixture
def officer_client(client):
    client.force_login(user_with_role("records officer"))
    return client


@pytest.fixture
def kz(founders):
    """Kazakhstan with two places from 2004 (a test quota, not adding up to 36)."""
    factories.quota({founders["KZ"]: 2})
    return founders["KZ"]


@pytest.fixture
def roomy(founders):
    """Every founder with six places: only the rule under test can refuse."""
    factories.quota({state: 6 for state in founders.values()})
    return founders
