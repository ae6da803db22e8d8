"""Dated periods: one idea shared by standings, terms, representatives and appointments.

A period is true from `start_date` to `end_date`, both days inclusive; an empty
end date means it is still running. Two periods overlap when each starts on or
before the other's last day, so a term ending 31 Dec 2021 and one starting
1 Jan 2022 do not overlap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from django.apps import apps as django_apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .dates import KeptDateField

Span = tuple[date, date | None]  # (first day, last day inclusive; None: open-ended)


def merged(spans: Iterable[Span]) -> list[Span]:
    """The spans joined where they overlap or adjoin (one ends the day before the next
    starts): the continuous stretches they cover, in order. Two rows 2010-01-01 to
    2015-12-31 and from 2016-01-01 are one stretch from 2010-01-01, open-ended."""
    stretches: list[list] = []
    for start, end in sorted(spans, key=lambda span: span[0]):
        if stretches and (stretches[-1][1] is None or start <= stretches[-1][1] + timedelta(days=1)):
            last = stretches[-1]
            last[1] = None if end is None or last[1] is None else max(last[1], end)
        else:
            stretches.append([start, end])
    return [(start, end) for start, end in stretches]


def covers(spans: Iterable[Span], start: date, end: date | None) -> bool:
    """Whether the spans, taken together, hold every day from `start` to `end` (inclusive;
    None: every day from `start` on). Adjoining rows count as one period."""
    return any(
        first <= start and (last is None or (end is not None and end <= last))
        for first, last in merged(spans)
    )


class PeriodQuerySet(models.QuerySet):
    def covers(self, start: date, end: date | None) -> bool:
        """Whether these rows, adjoining ones joined, hold every day of [start, end] (one query)."""
        return covers(self.values_list("start_date", "end_date"), start, end)

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

    start_date = KeptDateField(_("start date"))
    end_date = KeptDateField(
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

    `overlap_rules` lists `OverlapRule`s (fields that must be equal, field to blame, message).
    The same rule is a PostgreSQL exclusion constraint, named in the rule; this check gives
    the message on every backend and before the database is asked.
    """

    overlap_rules: tuple[OverlapRule, ...] = ()

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
        for rule in self.overlap_rules:
            other = self.overlapping_siblings(rule.same).first()
            if other is not None:
                errors.setdefault(rule.field, []).append(
                    ValidationError(rule.message, code="overlap", params={"other": other})
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


class OverlapRule(NamedTuple):
    """No two rows with equal `same` fields share a day (`NoOverlapMixin.overlap_rules`).

    `constraint` names the PostgreSQL exclusion constraint that holds the same rule in the
    database (made by `no_overlap_sql` in a migration); `field` is the form field a refusal
    belongs to; `message` may name the row in the way as `%(other)s`.
    """

    constraint: str
    same: tuple[str, ...]
    field: str
    message: str


class ConstraintRefusal(NamedTuple):
    """What a refusal of one named constraint tells the user: at which field, in which words."""

    model: type[models.Model]
    field: str
    code: str | None
    constraint: models.BaseConstraint | None = None
    rule: OverlapRule | None = None

    def message(self) -> str:
        """The model's own message, in the language active now."""
        if self.rule is not None:
            return self.rule.message
        return self.constraint.get_violation_error_message()


@cache
def constraint_refusals() -> dict[str, ConstraintRefusal]:
    """Every named constraint of every model, with the field and message of its refusal.

    Built from the models' own declarations, so a message is written once: the check and
    unique constraints of `Meta.constraints` (their `violation_error_message`) and the
    exclusion constraints of `overlap_rules`. A constraint's field is where `full_clean()`
    puts its error: the field of a one-field unique constraint, the overlap rule's field,
    else the whole row.
    """
    refusals = {}
    for model in django_apps.get_models():
        for constraint in model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            field = (
                fields[0] if isinstance(constraint, models.UniqueConstraint) and len(fields) == 1 else None
            )
            refusals[constraint.name] = ConstraintRefusal(
                model=model,
                field=field or NON_FIELD_ERRORS,
                code=constraint.violation_error_code,
                constraint=constraint,
            )
        for rule in getattr(model, "overlap_rules", ()):
            refusals[rule.constraint] = ConstraintRefusal(
                model=model, field=rule.field, code="overlap", rule=rule
            )
    return refusals


def _constraint_name(error: IntegrityError) -> str | None:
    # PostgreSQL names the constraint; SQLite only writes it into the message (check
    # constraints), longest names first so that no name is taken for one it is part of.
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    if name:
        return name
    text = str(error)
    return next((name for name in sorted(constraint_refusals(), key=len, reverse=True) if name in text), None)


def refusal_of(instance: models.Model, error: IntegrityError) -> ValidationError | None:
    """The ValidationError `full_clean()` would have raised for the constraint that refused
    `instance`, or None when the error names no known constraint.

    An overlap refusal names the row in the way, read again now that it is committed.
    """
    refusal = constraint_refusals().get(_constraint_name(error) or "")
    if refusal is None:
        return None
    params = None
    if refusal.rule is not None:
        other = instance.overlapping_siblings(refusal.rule.same).first()
        params = {"other": other if other is not None else "…"}
    # The code goes on the field's error: a dict-shaped ValidationError drops its own.
    return ValidationError(
        {refusal.field: ValidationError(refusal.message(), code=refusal.code, params=params)}
    )


def save_refusing_constraints(instance: models.Model) -> models.Model:
    """save() an instance already validated, a constraint's refusal becoming its form error.

    The services' checks run under a lock, so this fires only for what slipped past them
    (PostgreSQL's exclusion constraints, mostly). In a savepoint: the caller's transaction
    goes on, to read the row in the way or to report.
    """
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        refusal = refusal_of(instance, error)
        if refusal is None:
            raise
        raise refusal from error
    return instance
