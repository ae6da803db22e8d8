"""Load the demo: real SCO reference data, illustrative quotas and a fictional staff.

    manage.py load_demo                       # into an empty database; does nothing if records exist
    manage.py load_demo --reset               # delete every record of the domain, then load the demo
    manage.py load_demo --reset --no-input    # the same without asking first (scripts)

The data comes from the JSON fixtures in `fixtures/` (natural keys), read by Django's
`loaddata`. After loading, the rule audit runs inside the same transaction: if any rule is
broken the command fails and the database is left as it was. `loaddata` saves rows raw, so
the demo's rows have no history entries of their own: history starts with the first change
made in the app.
"""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from core.appendonly import lift_in_transaction
from secretariat.models import (
    Department,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
    State,
)
from staffing.audit import audit_rules
from staffing.models import Appointment, Post, QuotaLine, QuotaVersion

# The day the fixtures' contract ends were written for. Loading later moves the contract
# ends of serving staff forward by the days since, so "contracts ending soon" and
# "contract ends" keep the same distance from today as on this day.
DEMO_ANCHOR = date(2026, 11, 27)

FIXTURES = [
    "states",
    "secretariat",
    "establishment",
    "quotas",
    "staff",
    "meetings_demo",
    "depository_demo",
    "relations_demo",
]

# Children before parents: the PROTECT foreign keys refuse any other order.
BASE_MODELS: list[type[models.Model]] = [
    Appointment,
    QuotaLine,
    QuotaVersion,
    Post,
    PermanentRepresentative,
    DeputySecretaryGeneralTerm,
    SecretaryGeneralTerm,
    Secretariat,
    Person,
    Department,
    Standing,
    State,
]


def fixture_paths() -> list[Path]:
    return [settings.BASE_DIR / "fixtures" / f"{name}.json" for name in FIXTURES]


def fixture_models() -> list[type[models.Model]]:
    """The models of the fixtures' rows that BASE_MODELS does not name (those of apps above
    this one: meetings), children first. This app names none of them: they come from the
    fixtures, which list parents before children."""
    found: list[type[models.Model]] = []
    for path in fixture_paths():
        for row in json.loads(path.read_text(encoding="utf-8")):
            model = apps.get_model(row["model"])
            if model not in BASE_MODELS and model not in found:
                found.append(model)
    return list(reversed(found))


DEMO_MODELS: list[type[models.Model]] = [*fixture_models(), *BASE_MODELS]


def record_counts() -> dict[type[models.Model], int]:
    """Rows of each model of the domain that has any."""
    counts = {model: model.objects.count() for model in DEMO_MODELS}
    return {model: count for model, count in counts.items() if count}


def describe(counts: dict[type[models.Model], int]) -> str:
    return ", ".join(
        f"{count} {model._meta.verbose_name_plural if count != 1 else model._meta.verbose_name}"
        for model, count in reversed(counts.items())
    )


def wipe() -> None:
    """Delete every record of the domain and its history: the demo starts again clean.

    Whole tables go with one statement each. Deleting row by row through the ORM would
    send a signal per row, and the history app would write a "deleted" entry for each,
    only for the next statement to delete it.
    """
    # Many-to-many tables first: their rows point to the models' rows.
    tables = [
        field.remote_field.through._meta.db_table
        for model in DEMO_MODELS
        for field in model._meta.local_many_to_many
    ]
    tables += [model._meta.db_table for model in DEMO_MODELS]
    tables += [model.history.model._meta.db_table for model in DEMO_MODELS]
    with transaction.atomic(), connection.cursor() as cursor:
        # The depositary log refuses DELETE (core.appendonly): lifted for this transaction only.
        lift_in_transaction(cursor)
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


def roll_contracts_forward(today: date) -> int:
    """Move the contract ends of serving staff by the days since the anchor day.

    Only the planned contract end moves; no start or end date does, so the history,
    the quotas and every rule stay as the fixtures have them.
    """
    days = (today - DEMO_ANCHOR).days
    if days <= 0:
        return 0
    serving = list(Appointment.objects.filter(end_date=None).exclude(planned_end_date=None))
    for appointment in serving:
        appointment.planned_end_date += timedelta(days=days)
    Appointment.objects.bulk_update(serving, ["planned_end_date"])
    return days


def add_no_input_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--no-input",
        "--noinput",
        action="store_false",
        dest="interactive",
        help="With --reset, delete without asking for confirmation.",
    )


def reset_confirmed(command: BaseCommand, interactive: bool) -> bool:
    """Whether the records of the domain may be deleted: asked as Django's `flush` asks,
    naming the database and what it holds, unless the command runs without input. A
    records database is kept for decades; one mistyped command must not empty it."""
    present = record_counts()
    if not interactive or not present:
        return True
    answer = input(
        f"This deletes every record of the domain and its history in the database "
        f"{connection.settings_dict['NAME']!r} ({describe(present)}), then loads the demo.\n"
        "Type 'yes' to continue, or 'no' to cancel: "
    )
    if answer == "yes":
        return True
    command.stdout.write("Reset cancelled: nothing was deleted.")
    return False


class Command(BaseCommand):
    help = "Load the SCO demo data (real reference data, illustrative quotas, fictional staff)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every state, person, post, quota, term and appointment, then load the demo.",
        )
        add_no_input_argument(parser)

    def handle(self, *args, reset: bool = False, interactive: bool = True, **options) -> None:
        if reset and not reset_confirmed(self, interactive):
            return
        started = time.monotonic()
        with transaction.atomic():
            if reset:
                wipe()
            else:
                present = record_counts()
                if present:
                    self.stdout.write(
                        f"Records already present ({describe(present)}): left as they are. "
                        "Run `manage.py load_demo --reset` to replace them with the demo data."
                    )
                    return
            call_command("loaddata", *fixture_paths(), verbosity=0)
            shifted = roll_contracts_forward(timezone.localdate())
            violations = audit_rules()
            if violations:
                # Raising inside the transaction rolls the load back: no half-valid demo.
                raise CommandError(
                    f"The demo data breaks {len(violations)} rule(s); nothing was loaded:\n"
                    + "\n".join(violations)
                )
            loaded = record_counts()
        moved = f"; contract ends moved forward by {shifted} day(s)" if shifted else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo data ({describe(loaded)}) in {time.monotonic() - started:.2f} s"
                f"{moved}. Rule audit: no rule broken."
            )
        )
