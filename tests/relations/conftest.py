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
