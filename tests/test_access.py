"""Who may open what: every URL of the project against an explicit access table.

A URL added without an entry here fails the test, so access is always decided, never assumed.
"""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Count
from django.urls import reverse

from depository.models import CertifiedCopy, DepositaryEvent, Instrument, Notification
from meetings.models import Draft, Material, Meeting
from secretariat.models import Department, PermanentRepresentative, Person, SecretaryGeneralTerm
from staffing.models import Appointment, Post, QuotaVersion
from tests.test_foundation import url_patterns

pytestmark = pytest.mark.django_db

ANONYMOUS, VIEWER, OFFICER, ADMINISTRATOR = 0, 1, 2, 3
ROLES = {"viewer": VIEWER, "records officer": OFFICER, "administrator": ADMINISTRATOR}

# URL name: the least role that may open it (GET). Everything else answers 403, and an
# anonymous visitor is sent to sign-in. Four special cases: "sign-in" (anonymous visitors
# see it, signed-in users are sent on), "post-only" (sign-out: 405 to a GET once signed in),
# "redirect" (the language switch only redirects a GET), "token" (the calendar feed: opened
# by a personal token in its address, not by a session; without one, 404 for everyone).
ACCESS = {
    "login": "sign-in",
    "healthz": ANONYMOUS,
    "logout": "post-only",
    "set_language": "redirect",
    "password_change": VIEWER,
    "password_change_done": VIEWER,
    # The code page is for a pending sign-in only: anyone else is sent on.
    "accounts:verify": "redirect",
    "accounts:enrol": VIEWER,
    # Shown once, right after enrolment; anyone else is sent to the enrolment page.
    "accounts:recovery-codes": "redirect",
    "accounts:access-review": ADMINISTRATOR,
    "accounts:factor-reset": ADMINISTRATOR,
    "dashboard": VIEWER,
    "record-history": VIEWER,
    "secretariat:state-list": VIEWER,
    "secretariat:department-list": VIEWER,
    "secretariat:person-list": VIEWER,
    "secretariat:person-create": OFFICER,
    "secretariat:term-list": VIEWER,
    "secretariat:term-create": ADMINISTRATOR,
    # A form's search of its choices (core.choices) is opened by whoever may open the form.
    "secretariat:term-create-choices": ADMINISTRATOR,
    "secretariat:term-detail": VIEWER,
    "secretariat:deputy-list": VIEWER,
    "secretariat:representative-list": VIEWER,
    "secretariat:representative-create": OFFICER,
    "secretariat:representative-create-choices": OFFICER,
    "secretariat:representative-end": OFFICER,
    "staffing:staffing-table": VIEWER,
    "staffing:quota-report": VIEWER,
    "staffing:quota-version-create": ADMINISTRATOR,
    "staffing:quota-version-detail": VIEWER,
    "staffing:post-list": VIEWER,
    "staffing:post-detail": VIEWER,
    "staffing:appointment-list": VIEWER,
    "staffing:appointment-create": OFFICER,
    "staffing:appointment-create-choices": OFFICER,
    "staffing:appointment-detail": VIEWER,
    "staffing:appointment-end": OFFICER,
    "staffing:appointment-contract": OFFICER,
    "staffing:technical-list": VIEWER,
    "staffing:technical-create": OFFICER,
    "staffing:technical-create-choices": OFFICER,
    "overview:state-detail": VIEWER,
    "overview:department-detail": VIEWER,
    "overview:person-detail": VIEWER,
    "meetings:meeting-list": VIEWER,
    "meetings:meeting-create": OFFICER,
    "meetings:meeting-detail": VIEWER,
    "meetings:material-create": OFFICER,
    "meetings:material-exception": OFFICER,
    "meetings:presidency-timeline": VIEWER,
    "meetings:presidency-create": OFFICER,
    "meetings:draft-queue": VIEWER,
    "meetings:draft-create": OFFICER,
    "meetings:draft-detail": VIEWER,
    "meetings:draft-move": OFFICER,
    "meetings:calendar-address": VIEWER,
    "meetings:calendar-feed": "token",
    "depository:instrument-list": VIEWER,
    "depository:instrument-detail": VIEWER,
    "depository:act-create": OFFICER,
    "depository:entry-into-force": OFFICER,
    "depository:originals": OFFICER,
    "depository:event-correct": OFFICER,
    "depository:copy-list": VIEWER,
    "depository:copy-sent": OFFICER,
    "depository:notification-list": VIEWER,
    "depository:notification-create": OFFICER,
    "depository:notification-detail": VIEWER,
    "depository:notification-print": VIEWER,
    "relations:timeline": VIEWER,
    "relations:partner-list": VIEWER,
    "relations:organisation-list": VIEWER,
    "relations:organisation-detail": VIEWER,
}
# The Django admin: for administrators only (staff); everyone else goes to its sign-in page.
ADMIN_NAMESPACE = "admin:"


def project_url_names() -> set[str]:
    return {
        name
        for name, _path in url_patterns()
        if not name.startswith(ADMIN_NAMESPACE) and not name.startswith("None")
    }


def test_every_url_of_the_project_is_in_the_access_table():
    missing = project_url_names() - set(ACCESS)
    assert not missing, f"decide who may open these and add them to ACCESS: {sorted(missing)}"


def test_the_table_check_fails_for_a_url_without_an_entry(settings):
    from django.urls import clear_url_caches, include, path

    from config import urls

    settings.ROOT_URLCONF = type("Urls", (), {"urlpatterns": [*urls.urlpatterns, path("new/", include([]))]})
    # An unnamed include adds nothing; a named new page must be caught:
    settings.ROOT_URLCONF.urlpatterns.append(path("secret/", lambda request: None, name="secret-page"))
    clear_url_caches()
    try:
        assert "secret-page" in project_url_names() - set(ACCESS)
    finally:
        clear_url_caches()


@pytest.fixture
def arguments(demo):
    """The URL arguments of each page that takes some, read off the demo."""
    serving = Appointment.objects.filter(end_date__isnull=True).order_by("pk").first()
    return {
        "accounts:factor-reset": [User.objects.create_user("someone-to-reset").pk],
        "record-history": ["staffing", "appointment", serving.pk],
        "secretariat:term-detail": [SecretaryGeneralTerm.objects.first().pk],
        "secretariat:representative-end": [
            PermanentRepresentative.objects.filter(end_date__isnull=True).first().pk
        ],
        "staffing:quota-version-detail": [QuotaVersion.objects.first().pk],
        "staffing:post-detail": [Post.objects.first().code],
        "staffing:appointment-detail": [serving.pk],
        "staffing:appointment-end": [serving.pk],
        "staffing:appointment-contract": [serving.pk],
        "overview:state-detail": ["KZ"],
        "overview:department-detail": [Department.objects.first().code],
        "overview:person-detail": [Person.objects.first().pk],
        "relations:organisation-detail": ["unesco"],
        **meetings_arguments(),
        **depository_arguments(),
        **CHOICES_ARGUMENTS,
    }


def depository_arguments() -> dict[str, list]:
    """The instrument with the most participations, an event, an unsent copy, a notification."""
    instrument = Instrument.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    notification = Notification.objects.order_by("pk").first()
    return {
        "depository:instrument-detail": [instrument.pk],
        "depository:act-create": [instrument.pk],
        "depository:entry-into-force": [instrument.pk],
        "depository:originals": [instrument.pk],
        "depository:event-correct": [DepositaryEvent.objects.order_by("pk").first().pk],
        "depository:copy-sent": [
            CertifiedCopy.objects.filter(sent_on__isnull=True).order_by("pk").first().pk
        ],
        "depository:notification-detail": [notification.pk],
        "depository:notification-print": [notification.pk, "ru"],
    }


# The field each form's search of its choices is opened for.
CHOICES_ARGUMENTS = {
    "secretariat:term-create-choices": ["person"],
    "secretariat:representative-create-choices": ["person"],
    "staffing:appointment-create-choices": ["person"],
    "staffing:technical-create-choices": ["person"],
}


def meetings_arguments() -> dict[str, list]:
    """The busiest planned meeting (most materials), a late material, an open draft."""
    meeting = Meeting.objects.filter(materials__isnull=False).order_by("-start_date").first()
    draft = Draft.objects.open().order_by("reference").first()
    return {
        "meetings:meeting-detail": [meeting.pk],
        "meetings:material-create": [meeting.pk],
        "meetings:material-exception": [
            Material.objects.filter(is_late=True, exception_reason="").first().pk
        ],
        "meetings:draft-detail": [draft.pk],
        "meetings:draft-move": [draft.pk],
    }


def client_for(client, role: str | None):
    if role is None:
        return client
    user = User.objects.create_user(
        role.replace(" ", "-"), password="a-long-password-for-tests", is_staff=role == "administrator"
    )
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [None, "viewer", "records officer", "administrator"])
def test_each_role_opens_exactly_what_the_table_allows(client, arguments, role):
    client = client_for(client, role)
    level = ROLES.get(role, ANONYMOUS)
    wrong = []
    for name, required in ACCESS.items():
        url = reverse(name, args=arguments.get(name, []))
        status = client.get(url).status_code
        if required == "sign-in":
            expected = 200 if level == ANONYMOUS else 302
        elif required == "redirect":
            expected = 302
        elif required == "token":
            expected = 404
        elif required == "post-only":
            expected = 302 if level == ANONYMOUS else 405
        elif level >= required:
            expected = 200
        else:
            expected = 302 if level == ANONYMOUS else 403
        if status != expected:
            wrong.append((name, status, expected))
    assert not wrong, f"(url, got, expected) for {role or 'anonymous'}: {wrong}"


@pytest.mark.parametrize(
    ("role", "expected"), [("viewer", 302), ("records officer", 302), ("administrator", 200)]
)
def test_the_admin_is_for_administrators(client, db, role, expected):
    client = client_for(client, role)
    assert client.get(reverse("admin:index")).status_code == expected


def test_a_users_own_and_group_permissions_are_read_in_one_query_and_follow_a_change_of_role(
    django_assert_num_queries,
):
    user = User.objects.create_user("clerk")
    user.groups.add(Group.objects.get(name="viewer"))
    user.user_permissions.add(Permission.objects.get(codename="add_person"))
    user = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert user.has_perm("staffing.view_post")  # from the viewer group
        assert user.has_perm("secretariat.add_person")  # the user's own
        assert not user.has_perm("staffing.add_appointment")  # neither
    assert user.get_all_permissions() == user.get_user_permissions() | user.get_group_permissions()

    # Permissions are read once per request (a fresh user object), so a role taken away
    # applies at the next page.
    user.groups.clear()
    user = User.objects.get(pk=user.pk)
    assert not user.has_perm("staffing.view_post")
    assert user.has_perm("secretariat.add_person")

    user.is_active = False
    assert not user.has_perm("secretariat.add_person")
    superuser = User.objects.create_superuser("root-clerk")
    assert superuser.get_all_permissions() == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }
