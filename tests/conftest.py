from datetime import date

import pytest
from django.db import connection

from tests import factories


def pytest_collection_modifyitems(config, items):
    # PostgreSQL-only safeguards (exclusion constraints, row locks) are tested there only.
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def secretariat(db):
    """The Secretariat with China as host and the six founders as members since 2001."""
    return factories.SecretariatFactory()


@pytest.fixture
def founders(secretariat):
    return factories.founding_members()


@pytest.fixture
def today():
    return date.today()
