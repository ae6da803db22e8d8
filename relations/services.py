"""Writes of the relations records, each under the lock of the state it concerns."""

from __future__ import annotations

from django.db import transaction

from core.periods import save_refusing_constraints
from secretariat.models import State

from .models import MembershipStep, StandingBasis


def standing_basis_check(*, basis: StandingBasis) -> None:
    """The locks and checks of `standing_basis_save` (call inside a transaction)."""
    # Lock the state: a change of its standing's dates (secretariat.services.standing_save
    # takes the same lock) must not slip between this check and the save.
    if basis.standing_id:
        State.objects.select_for_update().filter(standings=basis.standing_id).first()
    basis.full_clean()


@transaction.atomic
def standing_basis_save(*, basis: StandingBasis) -> StandingBasis:
    """Record or change what made a standing. A standing that a memorandum created does not
    start before the memorandum's signature (`StandingBasis.clean`)."""
    standing_basis_check(basis=basis)
    return save_refusing_constraints(basis)


def membership_step_check(*, step: MembershipStep) -> None:
    if step.state_id:
        State.objects.select_for_update().filter(pk=step.state_id).first()
    step.full_clean()


@transaction.atomic
def membership_step_save(*, step: MembershipStep) -> MembershipStep:
    """Record or change a step of a state's path to membership (once per kind and state)."""
    membership_step_check(step=step)
    return save_refusing_constraints(step)
