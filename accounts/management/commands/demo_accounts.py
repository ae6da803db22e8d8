"""Create or refresh the demo accounts admin, officer, officer2 and viewer (local demo only)."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from accounts import services
from core.roles import ADMINISTRATOR, RECORDS_OFFICER, VIEWER, ensure_roles

ACCOUNTS = [
    ("admin", ADMINISTRATOR, True),
    ("officer", RECORDS_OFFICER, False),
    ("officer2", RECORDS_OFFICER, False),
    ("viewer", VIEWER, False),
]
# Sets up a second factor at its first sign-in, even in the demo (which asks no one else):
# the way to try enrolment (README).
ENROLS = "officer2"


class Command(BaseCommand):
    help = "Create the demo accounts (password from DEMO_PASSWORD); running it again adds nothing."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD", "sco-demo-2004")
        ensure_roles()
        User = get_user_model()
        for username, role, is_superuser in ACCOUNTS:
            user, created = User.objects.get_or_create(username=username)
            user.is_superuser = is_superuser
            user.is_staff = role == ADMINISTRATOR
            if created or not user.check_password(password):
                user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            if username == ENROLS:
                services.enrol_at_next_sign_in(user=user)
            self.stdout.write(f"{'created' if created else 'kept'} {username} ({role})")
