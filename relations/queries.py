"""The reads of the relations pages: one function per screen, each a fixed number of queries."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from secretariat.models import Standing

from .models import PARTNER_STATUSES, MembershipStep


def partner_states_condition() -> Exists:
    """States that have been observers, dialogue partners or SCO partners at some time."""
    return Exists(Standing.objects.filter(state=OuterRef("state"), status__in=PARTNER_STATUSES))


def standings_for_timeline() -> QuerySet[Standing]:
    """Every standing with its state and what made it (decision, memorandum): one query."""
    return Standing.objects.select_related("state", "basis__meeting__body", "basis__instrument").order_by(
        "state_id", "start_date"
    )


def standings_for_partner_list() -> QuerySet[Standing]:
    """The standings of every state that has been a partner, with their bases: one query."""
    return standings_for_timeline().filter(partner_states_condition())


def standings_for_state_page(state) -> QuerySet[Standing]:
    return standings_for_timeline().filter(state=state)


def membership_steps_of(state) -> QuerySet[MembershipStep]:
    """A state's steps to membership with their meetings and instruments: one query."""
    return MembershipStep.objects.filter(state=state).select_related("meeting__body", "instrument")
