"""Rule audit of the meetings records: every row against the rules the services apply.

`staffing.audit` checks the Secretariat's and the staffing records and knows nothing of
this app; `manage.py load_demo` runs it. This one is run by the tests on the demo, and
by anyone on a database (`from meetings.audit import audit_meetings`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .models import (
    AdoptedDocument,
    AgendaItem,
    Body,
    Delegation,
    Draft,
    Material,
    Meeting,
    Presidency,
    ReviewStep,
)
from .services import MOVES


def audit_meetings() -> list[str]:
    """Every broken rule, one line each; empty when the records are clean."""
    problems = []
    for model in (
        Body,
        Presidency,
        Meeting,
        Delegation,
        AgendaItem,
        AdoptedDocument,
        Draft,
        Material,
        ReviewStep,
    ):
        for row in model.objects.all():
            try:
                row.full_clean()
            except ValidationError as error:
                problems.append(f"{model._meta.verbose_name} {row.pk} ({row}): {error.messages}")
    for material in Material.objects.select_related("meeting"):
        if material.is_late != material.late_on(material.meeting.materials_deadline):
            problems.append(f"material {material.pk} ({material}): its late flag does not match its dates")
    for draft in Draft.objects.prefetch_related("steps"):
        steps = [step.step for step in draft.steps.all()]
        if not steps or steps[0] != "received" or steps[-1] != draft.step:
            problems.append(f"draft {draft.reference}: its steps do not end at its step")
        for before, after in zip(steps, steps[1:], strict=False):
            if after != "withdrawn" and after not in MOVES.get(before, ()):
                problems.append(f"draft {draft.reference}: {before} cannot be followed by {after}")
    return problems
