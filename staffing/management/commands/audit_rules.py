"""Check every record against every rule of the brief; exit 1 when any is broken."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from staffing.audit import audit_rules


class Command(BaseCommand):
    help = "Check every record against the rules of the brief; exit non-zero when any is broken."

    def handle(self, *args, **options) -> None:
        violations = audit_rules()
        for violation in violations:
            self.stdout.write(violation)
        if violations:
            raise CommandError(f"{len(violations)} rule violation(s).")
        self.stdout.write(self.style.SUCCESS("No rule is broken."))
