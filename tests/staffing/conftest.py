"""Fixtures the staffing tests share: signed-in clients, states with room in their quota, the demo."""

import pytest

from staffing.management.commands.load_demo import wipe
from tests import factories
from tests.helpers import load_demo, user_with_role


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


@pytest.fixture(scope="module")
def demo_committed(django_db_setup, django_db_blocker):
    """The demo, loaded once for each module that uses it and committed; wiped when the module ends.

    Loading takes about a second; each test still runs in its own transaction, so what
    a test changes (even a reset or a wipe) is rolled back before the next one.
    """
    with django_db_blocker.unblock():
        load_demo()
        try:
            yield
        finally:
            wipe()


@pytest.fixture
def demo(demo_committed, db) -> None:
    """The demo data as `load_demo` left it."""
