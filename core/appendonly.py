"""Tables whose rows are written once: the database refuses UPDATE and DELETE.

The models refuse it too (`AppendOnlyModel`), but a model is only one way in: a raw query,
a bulk `update()` or a script bypass it. On PostgreSQL a trigger refuses the statement
itself. Whole-table wipes of the demo (`load_demo --reset`) lift the refusal for their own
transaction only (`lift_in_transaction`). SQLite keeps the model's refusal alone: its test
databases are emptied with DELETE between tests, which a trigger would refuse.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A transaction-local setting: `SET LOCAL` ends with the transaction, so a wipe cannot leave
# the log open to later statements.
BYPASS_SETTING = "core.append_only_lifted"

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION core_refuse_update_or_delete() RETURNS trigger AS $$
BEGIN
    IF current_setting('{BYPASS_SETTING}', true) = 'on' THEN
        IF TG_OP = 'UPDATE' THEN
            RETURN NEW;
        END IF;
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = TG_OP || ' of a row of ' || TG_TABLE_NAME || ' refused: the table is append-only',
        ERRCODE = 'restrict_violation';
END
$$ LANGUAGE plpgsql
"""


def append_only_sql(table: str) -> tuple[str, str]:
    """SQL that adds and drops the PostgreSQL trigger refusing UPDATE and DELETE on `table`."""
    name = f"{table}_append_only"
    add = (
        f"{FUNCTION_SQL};\n"
        f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION core_refuse_update_or_delete()"
    )
    drop = f"DROP TRIGGER IF EXISTS {name} ON {table}"
    return add, drop


def lift_in_transaction(cursor) -> None:
    """Let this transaction delete from append-only tables (a whole-demo wipe; PostgreSQL)."""
    if cursor.db.vendor == "postgresql":
        cursor.execute(f"SET LOCAL {BYPASS_SETTING} = 'on'")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("This record is append-only: it cannot be changed."), code="append_only")

    def delete(self):
        raise ValidationError(_("This record is append-only: it cannot be deleted."), code="append_only")


class AppendOnlyModel(models.Model):
    """Abstract: a row is saved once, then never changed nor deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("This record is append-only: it cannot be changed."), code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("This record is append-only: it cannot be deleted."), code="append_only")
