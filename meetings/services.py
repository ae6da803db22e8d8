"""Writes with rules across rows: presidencies, meetings, materials and the 20-day rule,
drafts moving through expert review.

As in `secretariat.services`: keyword-only, named `<entity>_<action>`, one transaction,
a lock first, `full_clean()` (the models hold the rules), then the save; a database
constraint that still fires becomes the model's own form error. `<entity>_check` is the
same locks and checks for a form that validates before it saves (the admin's).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.periods import save_refusing_constraints
from secretariat.models import Secretariat, State

from .models import (
    CLOSED_STEPS,
    Body,
    CalendarToken,
    Draft,
    DraftProposer,
    Material,
    Meeting,
    Presidency,
    ReviewStep,
    Step,
)

# Presidencies --------------------------------------------------------------------------


def presidency_check(*, presidency: Presidency) -> None:
    """The locks and checks of `presidency_create`/`presidency_update` (inside a transaction)."""
    # Periods of one rotation must not overlap: two officers recording presidencies at once
    # would each see the other's period missing. Presidencies change a few times a year, so
    # one lock on the single Secretariat row serialises every change to them.
    Secretariat.objects.select_for_update().filter(pk=1).first()
    presidency.full_clean()


@transaction.atomic
def presidency_create(*, presidency: Presidency, changed_by=None) -> Presidency:
    """Record a presidency: no two periods of one rotation share a day."""
    _by(presidency, changed_by)
    presidency_check(presidency=presidency)
    return save_refusing_constraints(presidency)


@transaction.atomic
def presidency_update(*, presidency: Presidency, changed_by=None) -> Presidency:
    """Change a presidency under the same rule."""
    _by(presidency, changed_by)
    presidency_check(presidency=presidency)
    return save_refusing_constraints(presidency)


# Meetings ------------------------------------------------------------------------------


def meeting_check(*, meeting: Meeting) -> None:
    """The locks and checks of the meeting services (call inside a transaction)."""
    # A body's numbers grow with its dates: lock the body, so that two meetings of it
    # recorded at once are checked one after the other.
    if meeting.body_id:
        Body.objects.select_for_update().filter(pk=meeting.body_id).first()
    meeting.full_clean()


@transaction.atomic
def meeting_create(*, meeting: Meeting, changed_by=None) -> Meeting:
    """Record a meeting: its number is unique for its body and grows with its date."""
    _by(meeting, changed_by)
    meeting_check(meeting=meeting)
    return save_refusing_constraints(meeting)


@transaction.atomic
def meeting_update(*, meeting: Meeting, changed_by=None) -> Meeting:
    """Change a meeting; a new date moves its materials deadline, so their flags follow."""
    _by(meeting, changed_by)
    meeting_check(meeting=meeting)
    save_refusing_constraints(meeting)
    for material in Material.objects.select_for_update().filter(meeting=meeting):
        late = material.late_on(meeting.materials_deadline)
        if late != material.is_late:
            material.is_late = late
            _by(material, changed_by)
            material.save()
    return meeting


# Materials and the 20-day rule ---------------------------------------------------------


def material_check(*, material: Material) -> None:
    """The locks and checks of the material services (call inside a transaction).

    Sets the late flag: circulated after the meeting's materials deadline. Late is flagged,
    never refused: the regulations say 20 days "as a rule".
    """
    if material.meeting_id:
        # Read the meeting's date under its lock: a change of date recomputes the flags.
        material.meeting = (
            Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=material.meeting_id)
        )
        material.is_late = material.late_on(material.meeting.materials_deadline)
    material.full_clean()


@transaction.atomic
def material_create(*, material: Material, changed_by=None) -> Material:
    """Record a material (circulated or still to be); a late circulation is flagged."""
    _by(material, changed_by)
    material_check(material=material)
    return save_refusing_constraints(material)


@transaction.atomic
def material_update(*, material: Material, changed_by=None) -> Material:
    """Change a material (its day of circulation, most often); the flag follows."""
    _by(material, changed_by)
    material_check(material=material)
    return save_refusing_constraints(material)


@transaction.atomic
def material_record_exception(
    *, material: Material, reason: str, changed_by=None, on: date | None = None
) -> Material:
    """Record why a late material is accepted: the flag clears, and who did it is kept."""
    material = (
        Material.objects.select_for_update(of=("self",)).select_related("meeting__body").get(pk=material.pk)
    )
    if not material.is_late:
        raise ValidationError(
            {
                "exception_reason": ValidationError(
                    _("This material is not late: no exception is needed."), code="not_late"
                )
            }
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "exception_reason": ValidationError(
                    _("Say why the late material is accepted."), code="required"
                )
            }
        )
    material.exception_reason = reason
    material.exception_recorded_by = changed_by
    material.exception_recorded_on = on or timezone.localdate()
    _by(material, changed_by)
    material.full_clean()
    return save_refusing_constraints(material)


# Drafts under expert review ------------------------------------------------------------

# The moves of the review, in one place: each open step and where it may go next (and any
# open step may end in withdrawal). Financial review is for drafts with budget or staff
# effects only (see `next_steps`).
MOVES: dict[str, tuple[str, ...]] = {
    Step.RECEIVED: (Step.LEGAL_REVIEW,),
    Step.LEGAL_REVIEW: (Step.FINANCIAL_REVIEW, Step.CONSULTATIONS),
    Step.FINANCIAL_REVIEW: (Step.CONSULTATIONS,),
    Step.CONSULTATIONS: (Step.CNC_CONSENT,),
    Step.CNC_CONSENT: (Step.CIRCULATED,),
    Step.CIRCULATED: (Step.AGREED,),
    Step.AGREED: (Step.ADOPTED,),
}


def next_steps(draft: Draft) -> list[str]:
    """The steps this draft may move to now, in order; withdrawal last."""
    if draft.step in CLOSED_STEPS:
        return []
    moves = list(MOVES.get(draft.step, ()))
    if draft.step == Step.LEGAL_REVIEW:
        moves = [Step.FINANCIAL_REVIEW] if draft.has_financial_effects else [Step.CONSULTATIONS]
    return [*moves, Step.WITHDRAWN]


@transaction.atomic
def draft_create(
    *, draft: Draft, proposing_states: Iterable[State], changed_by=None, conclusion: str = ""
) -> Draft:
    """Register a draft received from member states: its first step is "received"."""
    states = list(proposing_states)
    if not states:
        raise ValidationError(
            {"proposing_states": ValidationError(_("Name at least one proposing state."), code="required")}
        )
    draft.step = Step.RECEIVED
    _by(draft, changed_by)
    draft.full_clean()
    save_refusing_constraints(draft)
    for state in states:
        proposer = DraftProposer(draft=draft, state=state)
        _by(proposer, changed_by)
        proposer.save()
    step = ReviewStep(
        draft=draft, step=Step.RECEIVED, on=draft.received_on, recorded_by=changed_by, conclusion=conclusion
    )
    _by(step, changed_by)
    step.full_clean()
    step.save()
    return draft


@transaction.atomic
def draft_move(
    *, draft: Draft, to: str, on: date, conclusion: str, changed_by=None, today: date | None = None
) -> ReviewStep:
    """Move a draft to its next step, recording the day, who and the conclusion.

    Only the moves of `next_steps` are allowed. Circulating a draft with a target meeting
    records it as a material of that meeting, flagged when later than the deadline.
    """
    # Lock the draft: two officers moving it at once must not both start from the same step.
    draft = Draft.objects.select_for_update(of=("self",)).select_related("target_meeting").get(pk=draft.pk)
    allowed = next_steps(draft)
    errors: dict[str, ValidationError] = {}
    if to not in allowed:
        errors["step"] = ValidationError(
            _("A draft at the step “%(step)s” cannot move to “%(to)s”.")
            % {"step": draft.get_step_display(), "to": Step(to).label if to in Step.values else to},
            code="move_not_allowed",
        )
    last = draft.steps.order_by("-on", "-pk").first()
    if on is None:
        errors["on"] = ValidationError(_("Give the date of the step."), code="required")
    elif last is not None and on < last.on:
        errors["on"] = ValidationError(
            _("The previous step is dated %(day)s: a step cannot come before it.")
            % {"day": last.on.isoformat()},
            code="before_previous_step",
        )
    elif on > (today or timezone.localdate()):
        errors["on"] = ValidationError(
            _("A step is recorded once taken: the date is in the future."), code="future"
        )
    if not (conclusion or "").strip():
        errors["conclusion"] = ValidationError(
            _("Write the conclusion of the step (or the reason for a withdrawal)."), code="required"
        )
    if errors:
        raise ValidationError(errors)
    step = ReviewStep(draft=draft, step=to, on=on, recorded_by=changed_by, conclusion=conclusion.strip())
    _by(step, changed_by)
    step.full_clean()
    step.save()
    draft.step = to
    _by(draft, changed_by)
    draft.save()
    if to == Step.CIRCULATED and draft.target_meeting_id:
        material_create(
            material=Material(
                meeting_id=draft.target_meeting_id,
                draft=draft,
                title_en=draft.title_en,
                title_ru=draft.title_ru,
                title_zh=draft.title_zh,
                circulated_on=on,
                is_fictional=draft.is_fictional,
            ),
            changed_by=changed_by,
        )
    return step


# The calendar feed's personal address --------------------------------------------------


@transaction.atomic
def calendar_token_issue(*, user) -> CalendarToken:
    """A new secret for the user's calendar address; the previous one stops working."""
    calendar_token_revoke(user=user)
    token = CalendarToken(user=user, key=secrets.token_urlsafe(32))
    _by(token, user)
    token.save()
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> int:
    """Revoke the user's calendar address: a calendar program still using it gets 404."""
    revoked = 0
    for token in CalendarToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        token.revoked_at = timezone.now()
        _by(token, user)
        token.save()
        revoked += 1
    return revoked


def _by(instance, user) -> None:
    """Name the user in the change history when no request does (commands, imports, tests)."""
    if user is not None:
        instance._history_user = user
