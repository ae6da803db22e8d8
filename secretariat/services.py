"""Writes with rules across rows: terms of the heads and deputies, permanent representatives.

Each runs in one transaction, locks, validates (the models' `clean()` holds the rules),
then saves; a PostgreSQL exclusion constraint that still fires becomes a form error.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.periods import period_display

from .models import (
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
    State,
)

# Exclusion constraints (PostgreSQL) and the form field their refusal belongs to.
OVERLAP_CONSTRAINTS = {
    "secretariat_standing_no_overlap": (
        "start_date",
        _("The state already has a standing in this period."),
    ),
    "secretariat_secretarygeneralterm_no_overlap": (
        "start_date",
        _("This term overlaps another head's term."),
    ),
    "secretariat_deputysecretarygeneralterm_no_overlap": (
        "person",
        _("This person is already Deputy Secretary-General in this period."),
    ),
    "secretariat_permanentrepresentative_no_overlap": (
        "start_date",
        _("The state already has a permanent representative in this period."),
    ),
}


def save_checked(instance: models.Model) -> models.Model:
    """full_clean() then save(), turning an exclusion-constraint refusal into a field error."""
    instance.full_clean()
    return _save(instance)


def _save(instance: models.Model) -> models.Model:
    """save() an instance already validated, an exclusion-constraint refusal becoming a field error."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        for name, (field, message) in OVERLAP_CONSTRAINTS.items():
            if name in str(error):
                # The code goes on the field's error: a dict-shaped ValidationError drops its own.
                raise ValidationError({field: ValidationError(message, code="overlap")}) from error
        raise
    return instance


def _lock_leadership() -> None:
    # Head and deputy rules look at each other's rows: one lock on the single
    # Secretariat row serialises every change to the leadership.
    Secretariat.objects.select_for_update().filter(pk=1).first()


def secretary_general_term_validate(term: SecretaryGeneralTerm) -> None:
    """The checks `secretary_general_term_save` runs, under its lock (call inside a transaction).

    Forms that save through the service (the admin) call this while validating, so a
    refusal is a form error and the lock still holds when the service saves.
    """
    _lock_leadership()
    term.full_clean()


@transaction.atomic
def secretary_general_term_save(term: SecretaryGeneralTerm) -> SecretaryGeneralTerm:
    """Record or change a head's term.

    No overlap, one open term, once per person, no deputy of the same state.
    """
    secretary_general_term_validate(term)
    return _save(term)


def deputy_term_validate(term: DeputySecretaryGeneralTerm) -> None:
    """The checks `deputy_term_save` runs, under its lock (call inside a transaction)."""
    _lock_leadership()
    term.full_clean()


@transaction.atomic
def deputy_term_save(term: DeputySecretaryGeneralTerm) -> DeputySecretaryGeneralTerm:
    """Record or change a deputy's term: never from the head's state."""
    deputy_term_validate(term)
    return _save(term)


def representative_validate(representative: PermanentRepresentative) -> None:
    """The checks `representative_save` runs, under its lock (call inside a transaction)."""
    if representative.state_id:
        representative.state = State.objects.select_for_update().get(pk=representative.state_id)
    representative.full_clean()


@transaction.atomic
def representative_save(representative: PermanentRepresentative) -> PermanentRepresentative:
    """Record or change a permanent representative: one per member state at a time, only while a member."""
    representative_validate(representative)
    return _save(representative)


# Records that need their state to be a member throughout their period: for a state, the
# queryset of its records. A change of standing must not leave one of them outside the
# state's membership (rules 3 and 5 of the brief). Staffing adds the appointments its member
# states nominate, from its AppConfig.ready(): it builds on this app, never the reverse.
MEMBERSHIP_DEPENDENTS: list[Callable[[State], models.QuerySet]] = [
    lambda state: PermanentRepresentative.objects.filter(state=state).select_related("person", "state"),
]
# How many of the records left outside a membership the refusal names.
NAMED_DEPENDENTS = 3


def standing_validate(standing: Standing) -> None:
    """The checks `standing_save` runs, under its lock (call inside a transaction)."""
    if standing.state_id:
        State.objects.select_for_update().filter(pk=standing.state_id).first()
    standing.full_clean()
    if standing.state_id:
        _check_membership_dependents(standing)


def _check_membership_dependents(standing: Standing) -> None:
    """Refuse a standing that would leave a representative's term or a nominated official's
    appointment on days the state is not a member. The state's membership periods are
    read as they would be with this standing saved."""
    periods = [
        (other.start_date, other.end_date)
        for other in standing.state.standings.exclude(pk=standing.pk).filter(status=Standing.Status.MEMBER)
    ]
    if standing.status == Standing.Status.MEMBER:
        periods.append((standing.start_date, standing.end_date))
    # Covered: within one membership period (as State.is_member_throughout reads it).
    covered = models.Q(pk__in=[])
    for start, end in periods:
        within = models.Q(start_date__gte=start)
        if end is not None:
            within &= models.Q(end_date__isnull=False, end_date__lte=end)
        covered |= within
    outside, total = [], 0
    for records in MEMBERSHIP_DEPENDENTS:
        left_out = records(standing.state).exclude(covered)
        first = list(left_out.order_by("start_date")[: NAMED_DEPENDENTS + 1])
        outside += first[:NAMED_DEPENDENTS]
        total += left_out.count() if len(first) > NAMED_DEPENDENTS else len(first)
    if not outside:
        return
    named = "; ".join(
        f"{record._meta.verbose_name} {record} ({period_display(record.start_date, record.end_date)})"
        for record in outside[:NAMED_DEPENDENTS]
    )
    if total > NAMED_DEPENDENTS:
        more = total - NAMED_DEPENDENTS
        named = ngettext("%(records)s; and %(more)s more", "%(records)s; and %(more)s more", more) % {
            "records": named,
            "more": more,
        }
    message = _(
        "With this standing, %(state)s would not be a member state throughout the dates of "
        "records that need it: %(records)s. End or change those first."
    ) % {"state": standing.state, "records": named}
    # The whole standing is at fault (its dates or its status): an error of the row.
    raise ValidationError({NON_FIELD_ERRORS: ValidationError(message, code="membership_needed")})


@transaction.atomic
def standing_save(standing: Standing) -> Standing:
    """Record or change a state's standing: one standing at a time."""
    standing_validate(standing)
    return _save(standing)
