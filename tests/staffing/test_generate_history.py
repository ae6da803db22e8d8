"""The generated history: every change with its history, every rule obeyed, the same rows for the
same seed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from staffing.audit import audit_rules
from staffing.models import Appointment

pytestmark = pytest.mark.django_db


def test_the_generator_writes_every_change_with_its_history_and_obeys_every_rule():
    call_command("generate_history", seed=3, scale=0.01, verbosity=0)
    assert audit_rules() == []
    written = Appointment.history.filter(history_change_reason__startswith="generate_history")
    generated = Appointment.objects.filter(pk__in=written.values("id"))
    history = Appointment.history.filter(id__in=generated.values("pk"))
    # Created open-ended, then renewed and ended: one history row for each change.
    assert history.filter(history_type="+", end_date__isnull=True).count() == generated.count()
    ended = history.filter(history_type="~", end_date__isnull=False).values("id").distinct()
    assert ended.count() == generated.filter(end_date__isnull=False).count() > 0


def test_the_generator_gives_the_same_rows_for_the_same_seed():
    def schedule() -> list[tuple]:
        rows = Appointment.objects.order_by("post__code", "start_date")
        return list(rows.values_list("post__code", "person__name_latin", "start_date", "end_date"))

    call_command("generate_history", seed=3, scale=0.01, verbosity=0)
    first = schedule()
    call_command("generate_history", seed=3, scale=0.01, reset=True, interactive=False, verbosity=0)
    assert schedule() == first
