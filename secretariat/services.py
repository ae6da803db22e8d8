"""Writes with rules across rows: terms of the heads and deputies, permanent representatives.

Services are keyword-only and named `<entity>_<action>`. Each runs in one transaction,
locks, validates (the models' `clean()` holds the rules), then saves; a database
constraint that still fires (PostgreSQL's exclusion constraints) becomes the model's own
form error (`periods.save_refusing_constraints`).

A form that validates before it saves (the admin's) calls `<entity>_check`: the same locks
and checks, inside the transaction the save then runs in, so a refusal is a form error and
nothing can slip in between the check and the save.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.periods import merged, period_display, save_refusing_constraints

from .models import (
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Secretariat,
    SecretaryGeneralTerm,
    Standing,
    State,
)


def _lock_leadership() -> None:
    # Head and deputy rules look at each other's rows: one lock on the single
    # Secretariat row serialises every change to the leadership.
    Secretariat.objects.select_for_update().filter(pk=1).first()


def term_check(*, term: SecretaryGeneralTerm) -> None:
    """The locks and checks of `term_create`/`term_update` (call inside a transaction)."""
    _lock_leadership()
    term.full_clean()


@transaction.atomic
def term_create(*, term: SecretaryGeneralTerm) -> SecretaryGeneralTerm:
    """Record a head's term: no overlap, one open term, once per person, no deputy of the same state."""
    term_check(term=term)
    return save_refusing_constraints(term)


@transaction.atomic
def term_update(*, term: SecretaryGeneralTerm) -> SecretaryGeneralTerm:
    """Change a head's term under the same rules as `term_create`."""
    term_check(term=term)
    return save_refusing_constraints(term)


def deputy_term_check(*, term: DeputySecretaryGeneralTerm) -> None:
    """The locks and checks of `deputy_term_create`/`deputy_term_update` (inside a transaction)."""
    _lock_leadership()
    term.full_clean()


@transaction.atomic
def deputy_term_create(*, term: DeputySecretaryGeneralTerm) -> DeputySecretaryGeneralTerm:
    """Record a deputy's term: never from the head's state."""
    deputy_term_check(term=term)
    return save_refusing_constraints(term)


@transaction.atomic
def deputy_term_update(*, term: DeputySecretaryGeneralTerm) -> DeputySecretaryGeneralTerm:
    """Change a deputy's term under the same rules as `deputy_term_create`."""
    deputy_term_check(term=term)
    return save_refusing_constraints(term)


def representative_check(*, representative: PermanentRepresentative) -> None:
    """The locks and checks of the representative services (call inside a transaction)."""
    if representative.state_id:
        representative.state = State.objects.select_for_update().get(pk=representative.state_id)
    representative.full_clean()


@transaction.atomic
def representative_create(*, representative: PermanentRepresentative) -> PermanentRepresentative:
    """Record a permanent representative: one per member state at a time, only while a member."""
    representative_check(representative=representative)
    return save_refusing_constraints(representative)


@transaction.atomic
def representative_update(*, representative: PermanentRepresentative) -> PermanentRepresentative:
    """Change a permanent representative's record under the same rules."""
    representative_check(representative=representative)
    return save_refusing_constraints(representative)


@transaction.atomic
def representative_end(*, representative: PermanentRepresentative, end_date: date) -> PermanentRepresentative:
    """End a representative's term: history is ended, never erased."""
    representative.end_date = end_date
    representative_check(representative=representative)
    return save_refusing_constraints(representative)


# Records that need their state to be a member throughout their period: for a state, the
# queryset of its records. A change of standing must not leave one of them outside the
# state's membership (rules 3 and 5 of the brief). Staffing adds the appointments its member
# states nominate, from its AppConfig.ready(): it builds on this app, never the reverse.
MEMBERSHIP_DEPENDENTS: list[Callable[[State], models.QuerySet]] = [
    lambda state: PermanentRepresentative.objects.filter(state=state).select_related("person", "state"),
]
# How many of the records left outside a membership the refusal names.
NAMED_DEPENDENTS = 3


# Checks of a standing's dates that an app above this one adds (it raises ValidationError):
# the relations app refuses a standing that would start before the memorandum that created it.
STANDING_CHECKS: list[Callable[[Standing], None]] = []


def standing_check(*, standing: Standing) -> None:
    """The locks and checks of `standing_save` (call inside a transaction)."""
    if standing.state_id:
        State.objects.select_for_update().filter(pk=standing.state_id).first()
    standing.full_clean()
    if standing.state_id:
        _check_membership_dependents(standing)
    for check in STANDING_CHECKS:
        check(standing)


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
    # Covered: within one stretch of membership, back-to-back rows joined (as
    # State.is_member_throughout reads it).
    covered = models.Q(pk__in=[])
    for start, end in merged(periods):
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
def standing_save(*, standing: Standing) -> Standing:
    """Record or change a state's standing: one standing at a time, none leaving a record
    that needs the state a member outside its membership."""
    standing_check(standing=standing)
    return save_refusing_constraints(standing)
