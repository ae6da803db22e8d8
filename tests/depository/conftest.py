from datetime import date

import pytest
from django.contrib.auth.models import Group, User

from depository.models import Instrument


def member(role: str, username: str) -> User:
    user = User.objects.create_user(username, password="a-long-password-for-tests")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def officer(db) -> User:
    return member("records officer", "officer-d")


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def viewer_client(client, db):
    client.force_login(member("viewer", "viewer-d"))
    return client


@pytest.fixture
def all_parties_30(founders) -> Instrument:
    """An agreement in force 30 days after the last of the six founders' notifications, all
    six signed on 1 March 2024."""
    from depository import services

    instrument = Instrument.objects.create(
        code="test-agreement",
        kind=Instrument.Kind.AGREEMENT,
        title_en="Agreement on testing",
        title_ru="Соглашение об испытаниях",
        title_zh="测试协定",
        signed_on=date(2024, 3, 1),
        depositary=Instrument.Depositary.SECRETARIAT,
        consent_by=Instrument.Consent.NOTIFICATION,
        eif_rule=Instrument.Rule.ALL_PARTIES,
        eif_days=30,
    )
    for state in founders.values():
        services.participation_record_act(
            instrument=instrument, party=state, kind="signature", on=date(2024, 3, 1)
        )
    return instrument


@pytest.fixture
def notified(all_parties_30, founders) -> Instrument:
    """`all_parties_30` with every founder notified on 1 May 2024; not yet in force."""
    from depository import services

    for state in founders.values():
        services.participation_record_act(
            instrument=all_parties_30, party=state, kind="notification", on=date(2024, 5, 1)
        )
    return all_parties_30
