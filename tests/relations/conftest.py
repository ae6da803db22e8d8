import pytest
from django.contrib.auth.models import Group, User


def member(role: str, username: str) -> User:
    user = User.objects.create_user(username, password="a-long-password-for-tests")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer_client(client, db):
    client.force_login(member("viewer", "viewer-r"))
    return client


@pytest.fixture(scope="module")
def demo_committed(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module and committed; wiped when the module ends."""
    from django.core.management import call_command

    from staffing.management.commands.load_demo import wipe

    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        try:
            yield
        finally:
            wipe()


@pytest.fixture
def demo(demo_committed, db) -> None:
    """The demo data as `load_demo` left it (each test's changes are rolled back)."""
