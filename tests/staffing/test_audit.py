"""The rule audit over the whole history."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from secretariat.models import (
    Person,
    Standing,
    State,
)
from staffing.audit import audit_rules
from staffing.models import Appointment, Post

pytestmark = pytest.mark.django_db


def written_past_postgresql(table: str, constraint: str, write) -> None:
    """Write a row that overlaps another, as a raw import could on SQLite.

    PostgreSQL refuses it with an exclusion constraint: check that, then drop the
    constraint inside this test's transaction so the audit gets something to find.
    """
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError), transaction.atomic():
            write()
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}")
    write()


def test_the_audit_reports_a_state_over_its_quota_and_the_command_fails(demo, today):
    kazakh = Person.objects.create(name_latin="Extra Official", nationality=State.objects.get(code="KZ"))
    # Written directly: the appointment service would refuse it.
    Appointment.objects.create(
        person=kazakh, post=Post.objects.get(code="POL-06"), nominated_by=kazakh.nationality,
        start_date=date(2026, 1, 5),
    )  # fmt: skip

    assert audit_rules() == ["Kazakhstan: 7 officials serving on 2026-01-05 for a quota of 6."]
    with pytest.raises(CommandError, match="1 rule violation"):
        call_command("audit_rules", stdout=StringIO())


def test_the_audit_reports_one_person_in_two_posts(demo):
    holder = Appointment.objects.get(post__code="POL-01", end_date=None)

    written_past_postgresql(
        "staffing_appointment",
        "staffing_appointment_person_no_overlap",
        lambda: Appointment.objects.create(
            person=holder.person, post=Post.objects.get(code="INT-05"),
            nominated_by=holder.nominated_by, start_date=date(2026, 3, 2),
        ),
    )  # fmt: skip

    violations = audit_rules()
    assert any("INT-05" in v and "already holds a post" in v for v in violations), violations
    assert not any("already has a holder" in v for v in violations)


def test_the_audit_reports_overlapping_standings_of_one_state(demo):
    written_past_postgresql(
        "secretariat_standing",
        "secretariat_standing_no_overlap",
        lambda: Standing.objects.create(
            state=State.objects.get(code="IN"), status=Standing.Status.OBSERVER,
            start_date=date(2016, 1, 1), end_date=date(2016, 12, 31),
        ),
    )  # fmt: skip

    assert any("India" in v and "already has a standing" in v for v in audit_rules())


def test_the_audit_reports_technical_staff_who_are_not_host_nationals(demo):
    russian = Person.objects.create(
        name_latin="Not A Host National", nationality=State.objects.get(code="RU")
    )
    Appointment.objects.filter(post__code="TEC-02").update(person=russian)  # past the form

    assert audit_rules() == [
        f"appointment {Appointment.objects.get(post__code='TEC-02').pk} (Not A Host National — TEC-02): "
        "person: Technical staff are nationals of the host country (China)."
    ]


def test_the_audit_command_says_so_when_no_rule_is_broken(demo):
    out = StringIO()
    call_command("audit_rules", stdout=out)
    assert "No rule is broken" in out.getvalue()
