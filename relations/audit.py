"""Rule audit of the relations records: every row against the rules the services apply.

The rule "a standing that a memorandum created does not start before its signature" spans
three tables (standing, basis, instrument): a change of the standing's dates or of the
memorandum's signature, made in its own app, is caught here (the tests run it on the demo).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .models import MembershipStep, StandingBasis


def audit_relations() -> list[str]:
    """Every broken rule, one line each; empty when the records are clean."""
    problems = []
    rows = [
        *StandingBasis.objects.select_related("standing__state", "instrument", "meeting"),
        *MembershipStep.objects.select_related("state"),
    ]
    for row in rows:
        try:
            row.full_clean()
        except ValidationError as error:
            problems.append(f"{row._meta.verbose_name} {row.pk} ({row}): {error.messages}")
    return problems
