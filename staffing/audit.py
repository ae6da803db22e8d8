"""Rule audit: every stored record checked against every rule of the brief.

The checks are the app's own, so a record the audit accepts is one the pages would
accept too:

- `full_clean()` on every row of every model: the field checks and each model's `clean()`
  (officials are nationals of the nominating state and technical staff of the host state;
  an appointment lies within its post's dates; a deputy is never from the head's state; a
  representative only while the state is a member).
- The models' overlap rules (`NoOverlapMixin.overlap_rules`: one standing, one head, one
  representative, one holder at a time; one post per person), one ordered query per rule.
- The named check and unique constraints, one query per constraint.
- The quota (rule 3) as `staffing.quota` computes it for the appointment service, for every
  state over its whole history at once.
- The quota versions (rule 2) as `services.quota_version_check()` checks them.
- Deputy Secretary-General posts are never held by someone from the head's state (rule 5).

Why not plain `full_clean()` row by row: it asks the database four to eight questions
per row (the foreign key exists, each constraint holds, no sibling overlaps), a thousand
queries for the demo and several hundred thousand for 50,000 appointments. The answers
that need the database are asked here once per rule for the whole table instead; what
`clean()` asks beyond that is a query per head's term, deputy's term and representative,
tables that stay small. Foreign keys are not re-checked: both
backends refuse a row whose key points nowhere.

Rule 7 (every change is recorded) is not audited: rows loaded from fixtures carry no
history by design.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import BooleanField, Count, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

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

from . import quota
from .models import Appointment, Post, QuotaLine, QuotaVersion, quota_rows

# Every model with rules, and the relations its clean() and __str__ read: fetched in the
# row's own query so that the checks add no query per relation per row. (A person's
# nationality and an appointment's nominating state are read only to word an error.)
CHECKED: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (State, ()),
    (Standing, ("state",)),
    (Secretariat, ("host_state",)),
    (Department, ()),
    (Person, ()),
    (SecretaryGeneralTerm, ("person", "nominating_state")),
    (DeputySecretaryGeneralTerm, ("person", "nominating_state")),
    (PermanentRepresentative, ("person", "state")),
    (Post, ("department",)),
    (QuotaVersion, ()),
    (QuotaLine, ("version", "state")),
    (Appointment, ("person", "post")),
]


def audit_rules() -> list[str]:
    """Every broken rule, one readable line each; an empty list means the data is clean."""
    return [
        *_secretariat_exists(),
        *_rows_pass_full_clean(),
        *_no_overlaps(),
        *_constraints_hold(),
        *_quota_versions_are_complete(),
        *_states_within_quota(),
        *_no_deputy_post_from_heads_state(),
    ]


def _label(instance: models.Model) -> str:
    return f"{instance._meta.verbose_name} {instance.pk} ({instance})"


def _field_label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # an error keyed by hand to something else
        return name


def _secretariat_exists() -> list[str]:
    if Secretariat.objects.exists():
        return []
    return ["There is no Secretariat record: the host state and the establishment size are unknown."]


def _rows_pass_full_clean() -> list[str]:
    secretariat = Secretariat.objects.select_related("host_state").first()
    violations = []
    for model, related in CHECKED:
        relations = [field.name for field in model._meta.concrete_fields if field.is_relation]
        rows = model._default_manager.select_related(*related).order_by("pk")
        for instance in rows.iterator(chunk_size=2000):
            if model is Appointment and not instance.post.is_official:
                if secretariat is None:
                    continue  # technical staff are checked against the host state: reported above
                # Read once here rather than by clean() for every technical appointment.
                instance.known_host_state = secretariat.host_state
            # An empty tuple on the instance hides the class's overlap rules from clean():
            # _no_overlaps() checks them for the whole table at once.
            instance.overlap_rules = ()
            try:
                instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    where = "" if field == NON_FIELD_ERRORS else f"{_field_label(model, field)}: "
                    violations.extend(f"{_label(instance)}: {where}{text}" for text in messages)
    return violations


def _no_overlaps() -> list[str]:
    """The models' overlap rules, one ordered query per rule.

    Rows come sorted by the fields that must be equal, then by start; a row clashes when it
    starts on or before the last day of the row reaching furthest before it in its group.
    A rule broken anywhere is reported at least once, for the later row of the pair.
    """
    violations = []
    for model, related in CHECKED:
        for rule in getattr(model, "overlap_rules", ()):
            columns = [model._meta.get_field(name).attname for name in rule.same]
            rows = (
                model._default_manager.filter(**{f"{column}__isnull": False for column in columns})
                .order_by(*columns, "start_date", "pk")
                .values_list("pk", *columns, "start_date", "end_date")
            )
            clashes: list[tuple[int, int]] = []
            group: tuple | None = None
            furthest: tuple[date | None, int] | None = None  # (last day, pk) so far in the group
            for pk, *key, start, end in rows.iterator(chunk_size=5000):
                if tuple(key) != group:
                    group, furthest = tuple(key), None
                if furthest is not None and (furthest[0] is None or furthest[0] >= start):
                    clashes.append((pk, furthest[1]))
                if furthest is None or (furthest[0] is not None and (end is None or end > furthest[0])):
                    furthest = (end, pk)
            involved = {pk for pair in clashes for pk in pair}
            objects = model._default_manager.select_related(*related).in_bulk(involved)
            for pk, other in clashes:
                text = rule.message % {"other": objects[other]}
                violations.append(f"{_label(objects[pk])}: {_field_label(model, rule.field)}: {text}")
    return violations


def _constraints_hold() -> list[str]:
    """Every named check and unique constraint and every unique field, one query each.

    The database enforces them, so this finds nothing unless a constraint was dropped or
    never created; it keeps the audit's answer independent of that.
    """
    violations = []
    for model, related in CHECKED:
        manager = model._default_manager
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                # As in the database and in CheckConstraint.validate(): unknown (NULL) passes.
                holds = Coalesce(constraint.condition, Value(True), output_field=BooleanField())
                broken = manager.alias(_holds=holds).filter(_holds=False)
                for row in broken.select_related(*related):
                    violations.append(f"{_label(row)}: {constraint.get_violation_error_message()}")
            elif isinstance(constraint, models.UniqueConstraint):
                keys = {f"expression{i}": expression for i, expression in enumerate(constraint.expressions)}
                keys.update({name: models.F(name) for name in constraint.fields})
                rows = manager.filter(constraint.condition) if constraint.condition else manager.all()
                message = constraint.get_violation_error_message()
                violations.extend(_duplicates(rows, keys, related, message))
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                message = f"the {field.verbose_name} must be unique."
                keys = {field.name: models.F(field.name)}
                violations.extend(_duplicates(manager.all(), keys, related, message))
    return violations


def _duplicates(rows: models.QuerySet, keys: dict, related: tuple[str, ...], message: str) -> list[str]:
    # SQL unique constraints let NULLs repeat: rows with an empty key take no part.
    names = [f"_key_{name}" for name in keys]
    rows = rows.annotate(**{f"_key_{name}": expression for name, expression in keys.items()})
    rows = rows.filter(**{f"{name}__isnull": False for name in names})
    groups = rows.values(*names).annotate(_rows=Count("pk")).filter(_rows__gt=1).order_by()
    violations = []
    for group in groups:  # a query per duplicate found, none when the data is clean
        same = rows.filter(**{name: group[name] for name in names}).select_related(*related)
        violations.append(f"{'; '.join(_label(row) for row in same.order_by('pk'))}: {message}")
    return violations


def _quota_versions_are_complete() -> list[str]:
    """Each version sums to its establishment and has a line for, and only for, that day's
    members: the faults `services.quota_version_check()` refuses (`quota.line_faults`)."""
    violations = []
    versions = QuotaVersion.objects.prefetch_related("lines__state").order_by("effective_date")
    for version in versions:
        day = version.effective_date.isoformat()
        members = set(State.objects.members_on(version.effective_date))
        places = {line.state: line.places for line in version.lines.all()}
        faults = quota.line_faults(places=places, members=members, size=version.establishment_size)
        if faults.total != faults.size:
            violations.append(
                f"Quota version from {day}: the places add up to {faults.total}, not to its "
                f"establishment size of {faults.size}."
            )
        for state in sorted(faults.not_members, key=str):
            violations.append(
                f"Quota version from {day}: {state} holds a line but is not a member state that day."
            )
        for state in sorted(faults.missing, key=str):
            violations.append(
                f"Quota version from {day}: member state {state} has no line (zero is allowed, none is not)."
            )
    secretariat = Secretariat.objects.first()
    in_force = QuotaVersion.objects.effective_on(timezone.localdate())
    if secretariat and in_force and in_force.establishment_size != secretariat.establishment_size:
        violations.append(
            f"The quota version in force (from {in_force.effective_date.isoformat()}) shares "
            f"{in_force.establishment_size} posts; the establishment has "
            f"{secretariat.establishment_size}."
        )
    return violations


def _states_within_quota() -> list[str]:
    """No state has more serving officials than its quota on any day (rule 3).

    The rule is `staffing.quota`'s, as the appointment service applies it: `quota_use` on
    every day on which a state's quota or serving count changes (`change_days`), over its
    whole history, from the rows of every state read at once (four queries in all).
    """
    rows = quota_rows()
    nominating = list(rows.starts)
    names = State.objects.in_bulk(nominating)
    violations = []
    for state in nominating:
        reported = None
        for day in quota.change_days(rows, state=state):
            use = quota.quota_use(rows, state=state, day=day)
            if use.serving > use.quota and reported != (use.serving, use.quota):
                # One line when a state goes over or its excess changes, not one per day.
                violations.append(
                    f"{names[state]}: {use.serving} officials serving on {day.isoformat()} "
                    f"for a quota of {use.quota}."
                )
            reported = (use.serving, use.quota) if use.serving > use.quota else None
    return violations


def _no_deputy_post_from_heads_state() -> list[str]:
    """The posts of deputies follow the rule of the deputies' terms (rule 5)."""
    violations = []
    terms = SecretaryGeneralTerm.objects.select_related("person", "nominating_state")
    for term in terms:
        clashes = (
            Appointment.objects.filter(
                post__grade=Post.Grade.DEPUTY_SECRETARY_GENERAL,
                nominated_by_id=term.nominating_state_id,
            )
            .overlapping(term.start_date, term.end_date)
            .select_related("person", "post")
        )
        for appointment in clashes:
            violations.append(
                f"{_label(appointment)}: a Deputy Secretary-General from {term.nominating_state} "
                f"while {term.person.name_latin}, head from the same state, serves."
            )
    return violations
