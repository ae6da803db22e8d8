"""Writes of the relations records, each under the lock of the state it concerns."""

from __future__ import annotations

from django.db import transaction

from core.periods import save_refusing_constraints
from secretariat.models import State

from .models import MembershipStep, StandingBasis


@transaction.atomic
def standing_basis_save(*, basis: StandingBasis) -> StandingBasis:
    """Record or change what made a standing. A standing that a memorandum created does not
    start before the memorandum's signature (`StandingBasis.clean`)."""
    # Lock the state: a change of its standing's dates (secretariat.services.standing_save
    # takes the same lock) must not slip between this check and the save.
    State.objects.select_for_update().filter(pk=basis.standing.state_id).first()
    basis.full_clean()
    return save_refusing_constraints(basis)


@transaction.atomic
def membership_step_save(*, step: MembershipStep) -> MembershipStep:
    """Record or change a step of a state's path to membership."""
    State.objects.select_for_update().filter(pk=step.state_id).first()
    step.full_clean()
    return save_refusing_constraints(step)
