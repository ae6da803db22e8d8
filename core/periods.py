"""Dated periods: one idea shared by standings, terms, representatives and appointments.

A period is true from `start_date` to `end_date`, both days inclusive; an empty
end date means it is still running. Two periods overlap when each starts on or
before the other's last day, so a term ending 31 Dec 2021 and one starting
1 Jan 2022 do not overlap.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PeriodQuerySet(models.QuerySet):
    def on(self, day: date) -> PeriodQuerySet:
        """Rows true on that day."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day)

    def overlapping(self, start: date, end: date | None) -> PeriodQuerySet:
        """Rows sharing at least one day with the period [start, end]."""
        rows = self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            rows = rows.filter(start_date__lte=end)
        return rows

    def current(self) -> PeriodQuerySet:
        from django.utils import timezone

        return self.on(timezone.localdate())


class Period(models.Model):
    """Abstract: something true from a start date to an inclusive end date."""

    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Last day, inclusive. Empty: ongoing.")
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_on(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def overlaps(self, start: date, end: date | None) -> bool:
        return (self.end_date is None or self.end_date >= start) and (end is None or self.start_date <= end)


class NoOverlapMixin:
    """Checks in `clean()` that no sibling row shares a day with this one.

    `overlap_rules` lists (fields that must be equal, field to blame, message). The
    same rule is a PostgreSQL exclusion constraint; this check gives the message on
    every backend and before the database is asked.
    """

    overlap_rules: tuple[tuple[tuple[str, ...], str, str], ...] = ()

    def overlapping_siblings(self, same: tuple[str, ...]):
        if not self.start_date:
            return type(self)._default_manager.none()
        lookup = {}
        for field in same:
            value = (
                getattr(self, f"{field}_id", None)
                if f"{field}_id" in self._field_attnames()
                else getattr(self, field)
            )
            if value is None:
                return type(self)._default_manager.none()
            lookup[field] = value
        return (
            type(self)
            ._default_manager.filter(**lookup)
            .overlapping(self.start_date, self.end_date)
            .exclude(pk=self.pk)
        )

    def _field_attnames(self) -> set[str]:
        return {field.attname for field in self._meta.concrete_fields}

    def clean(self) -> None:
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            return  # the end-after-start constraint reports this one
        errors: dict[str, list] = {}
        for same, field, message in self.overlap_rules:
            other = self.overlapping_siblings(same).first()
            if other is not None:
                errors.setdefault(field, []).append(
                    ValidationError(message, code="overlap", params={"other": other})
                )
        if errors:
            raise ValidationError(errors)


def ends_after_start(app_model: str) -> models.CheckConstraint:
    """The end-after-start rule every dated model carries (rule 6 of the brief)."""
    return models.CheckConstraint(
        condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
        name=f"{app_model}_ends_after_start",
        violation_error_code="ends_before_start",
        violation_error_message=_("The end date is before the start date."),
    )


def no_overlap_sql(*, table: str, name: str, same: list[str], where: str = "") -> tuple[str, str]:
    """SQL that adds and drops a PostgreSQL exclusion constraint.

    No two rows with equal `same` columns may share a day. `daterange(start, end, '[]')`
    makes the end inclusive and an empty end unbounded. SQLite has no such constraint:
    there the services' checks, run under a lock, are the only guard.
    """
    elements = [f"{column} WITH =" for column in same]
    elements.append("daterange(start_date, end_date, '[]') WITH &&")
    predicate = f" WHERE ({where})" if where else ""
    add = f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist ({', '.join(elements)}){predicate}"
    drop = f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}"
    return add, drop


def postgres_only(sql: str):
    """A RunPython function running `sql` on PostgreSQL and doing nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def period_display(start: date, end: date | None) -> str:
    """A period in messages: "2017-06-09 – 2020-01-01", or "2017-06-09 –" when ongoing."""
    return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}" if end else f"{start:%Y-%m-%d} –"
