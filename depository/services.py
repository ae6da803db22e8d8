"""Writes of the depository: each act a party performs, the entry-into-force dates the rules
give (proposed by the app, confirmed by an officer), corrections, certified copies and
notifications.

As in `meetings.services`: keyword-only, named `<entity>_<action>`, one transaction, locks
first, `full_clean()`, then the save. Every act also appends its event to the depositary log.

Locks are always taken in one order: the instrument (and the instrument it waits for, lower
primary key first), then its participations, then its copies or notifications. Two officers
recording acts of one instrument at once are then serialised on the instrument's row and can
never wait for each other in a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import save_refusing_constraints
from meetings.models import DatePrecision, date_display, last_day
from secretariat.models import InternationalOrganisation, Secretariat, State

from .models import (
    DATED_ACTS,
    CertifiedCopy,
    DepositaryEvent,
    EventKind,
    Instrument,
    Notification,
    Participation,
    Recipient,
)

# The acts a party performs, as the officer records them on the instrument's page.
PARTY_ACTS = (
    EventKind.SIGNATURE,
    EventKind.INSTRUMENT_RECEIVED,
    EventKind.NOTIFICATION_RECEIVED,
    EventKind.RESERVATION,
    EventKind.WITHDRAWAL,
    EventKind.ACCESSION_CONSENT,
    EventKind.COMPETENT_AUTHORITY,
)
CONSENT_EVENTS = (EventKind.INSTRUMENT_RECEIVED, EventKind.NOTIFICATION_RECEIVED)


@dataclass
class Proposal:
    """A date the rules give, for an officer to confirm, and how it was worked out."""

    on: date
    reason: str
    participation: Participation | None = None  # None: the general entry into force


@dataclass
class ActResult:
    event: DepositaryEvent
    participation: Participation
    warnings: list[str] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)


def _by(instance, user) -> None:
    """Name the user in the change history when no request does (commands, imports, tests)."""
    if user is not None:
        instance._history_user = user


def _lock_instrument(instrument: Instrument) -> Instrument:
    """The instrument, read again under its lock (and the one it waits for, lower pk first)."""
    ids = sorted({instrument.pk, instrument.conditional_on_id} - {None})
    locked = {row.pk: row for row in Instrument.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return locked[instrument.pk]


def _append(*, instrument: Instrument, kind: str, on: date, changed_by=None, **fields) -> DepositaryEvent:
    event = DepositaryEvent(instrument=instrument, kind=kind, on=on, recorded_by=changed_by, **fields)
    _by(event, changed_by)
    event.full_clean()
    event.save()
    return event


def _add_days(day: date, days: int | None) -> date:
    return day + timedelta(days=days or 0)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def withdrawal_effective(instrument: Instrument, notice_on: date) -> date | None:
    """The day a withdrawal notified on `notice_on` takes effect, under the instrument's rule."""
    if instrument.withdrawal_notice_months:
        return _add_months(notice_on, instrument.withdrawal_notice_months)
    if instrument.withdrawal_notice_days:
        return _add_days(notice_on, instrument.withdrawal_notice_days)
    return None


# Proposals: the dates the rules give -------------------------------------------------------


def _exact(day: date | None, precision: str) -> date | None:
    """A day to count from: only a date known to the day; a month or a year gives no day."""
    return day if day is not None and precision == DatePrecision.DAY else None


def _refuse_out_of_order(
    field: str, day: date, *, precision: str = DatePrecision.DAY, instrument: Instrument, what: str
) -> None:
    """A depositary records what has happened, on or after the instrument was signed.

    Raises ValidationError at `field` when `day` (as precise as `precision` says) lies after
    today, or wholly before the instrument's signature (each date read with its precision).
    """
    if day > timezone.localdate():
        raise ValidationError(
            {
                field: _("%(what)s cannot be dated after today: record it once it has happened.")
                % {"what": what}
            },
            code="after_today",
        )
    if instrument.signed_on and last_day(day, precision) < instrument.signed_on:
        raise ValidationError(
            {
                field: _("%(what)s cannot come before the instrument was signed (%(signed)s).")
                % {"what": what, "signed": instrument.signed_display}
            },
            code="before_signature",
        )


def general_entry_into_force(instrument: Instrument, participations: list[Participation]) -> Proposal | None:
    """The general entry into force the instrument's rule gives from the acts recorded, or None
    while the qualifying instrument has not arrived (or a day it counts from is not known)."""
    rule = instrument.eif_rule
    if rule == Instrument.Rule.ON_SIGNATURE:
        day = _exact(instrument.signed_on, instrument.signed_precision)
        proposal = Proposal(day, _("on signature")) if day else None
    elif rule == Instrument.Rule.FIXED_DATE:
        proposal = Proposal(instrument.eif_fixed_on, _("the fixed date")) if instrument.eif_fixed_on else None
    elif rule in (Instrument.Rule.ALL_PARTIES, Instrument.Rule.NTH):
        # Accessions count for the acceding party only, not towards the general entry into force.
        original = [p for p in participations if p.consent_kind != Participation.ConsentKind.ACCESSION]
        received = sorted(
            r for r in (_exact(p.consent_received_on, p.consent_received_precision) for p in original) if r
        )
        if rule == Instrument.Rule.ALL_PARTIES:
            ready = original and len(received) == len(original)
            qualifying = received[-1] if ready else None
            words = _("the last of %(count)s instruments received on %(day)s")
        else:
            ready = instrument.eif_count and len(received) >= instrument.eif_count
            qualifying = received[instrument.eif_count - 1] if ready else None
            words = _("instrument no. %(count)s received on %(day)s")
        if qualifying is None:
            return None
        count = len(received) if rule == Instrument.Rule.ALL_PARTIES else instrument.eif_count
        reason = words % {"count": count, "day": date_display(qualifying)}
        if instrument.eif_days:
            reason += " + " + _("%(days)s days") % {"days": instrument.eif_days}
        proposal = Proposal(_add_days(qualifying, instrument.eif_days), reason)
    else:
        return None
    if proposal is None:
        return None
    condition = instrument.conditional_on
    if condition is not None:
        if condition.entry_into_force is None:
            return None  # it waits for an instrument not in force yet
        if condition.entry_into_force > proposal.on:
            proposal = Proposal(
                condition.entry_into_force,
                _("%(reason)s, but not before %(condition)s is in force")
                % {"reason": proposal.reason, "condition": condition.title},
            )
    return proposal


def party_entry_into_force(instrument: Instrument, participation: Participation) -> Proposal | None:
    """The entry into force for a party whose instrument arrived after the general one (an
    acceding or late party): its receipt plus the instrument's days."""
    general = instrument.entry_into_force
    received = _exact(participation.consent_received_on, participation.consent_received_precision)
    if general is None or received is None or participation.in_force_on is not None:
        return None
    day = max(general, _add_days(received, instrument.eif_days))
    reason = _("instrument received on %(day)s") % {"day": date_display(received)}
    if instrument.eif_days:
        reason += " + " + _("%(days)s days") % {"days": instrument.eif_days}
    return Proposal(day, reason, participation)


def proposals_for(instrument: Instrument, participations: list[Participation]) -> list[Proposal]:
    """What the rules propose now: the general entry into force while it is not confirmed,
    else the date for each party whose instrument arrived since."""
    if instrument.entry_into_force is None:
        general = general_entry_into_force(instrument, participations)
        return [general] if general else []
    return [p for p in (party_entry_into_force(instrument, row) for row in participations) if p]


# A party's acts ---------------------------------------------------------------------------


def _party_fields(party: State | InternationalOrganisation) -> dict:
    if isinstance(party, State):
        return {"state": party}
    return {"organisation": party}


@transaction.atomic
def participation_record_act(
    *,
    instrument: Instrument,
    party: State | InternationalOrganisation,
    kind: str,
    on: date,
    precision: str = DatePrecision.DAY,
    consent_kind: str = "",
    domestic_act: str = "",
    text: str = "",
    changed_by=None,
) -> ActResult:
    """Record one act of a party: its row in the status table changes and the event is logged.

    Returns the warnings (consent before signature, which only accession explains) and what
    the rules now propose (the entry into force when the qualifying instrument arrived).
    """
    if kind not in PARTY_ACTS:
        raise ValidationError(_("This is not an act of a party."), code="not_a_party_act")
    instrument = _lock_instrument(instrument)
    party_fields = _party_fields(party)
    participation = (
        Participation.objects.select_for_update()
        .filter(instrument=instrument, **party_fields)
        .order_by("pk")
        .first()
    )
    if participation is None:
        participation = Participation(instrument=instrument, **party_fields)
    _refuse_out_of_order("on", on, precision=precision, instrument=instrument, what=_("An act of a party"))
    _refuse_repeated_act(participation, kind)
    warnings: list[str] = []
    if kind == EventKind.SIGNATURE:
        participation.signed_on, participation.signed_precision = on, precision
    elif kind in CONSENT_EVENTS:
        participation.consent_received_on, participation.consent_received_precision = on, precision
        participation.consent_kind = consent_kind or (
            Participation.ConsentKind.RATIFICATION
            if kind == EventKind.INSTRUMENT_RECEIVED
            else Participation.ConsentKind.NOTIFICATION
        )
        if domestic_act:
            participation.domestic_act = domestic_act
        warnings += consent_warnings(participation)
    elif kind == EventKind.RESERVATION:
        participation.reservations = "\n".join(r for r in (participation.reservations, text) if r)
    elif kind == EventKind.WITHDRAWAL:
        if precision != DatePrecision.DAY:
            raise ValidationError(
                {"precision": _("A withdrawal's notice is kept to the day: give the day.")},
                code="withdrawal_to_the_day",
            )
        participation.withdrawal_notice_on = on
        participation.withdrawal_effective_on = withdrawal_effective(instrument, on)
    _refuse_disorder("on", instrument, [participation], [participation])
    _by(participation, changed_by)
    participation.full_clean()
    save_refusing_constraints(participation)
    event = _append(
        instrument=instrument,
        kind=kind,
        on=on,
        on_precision=precision,
        text=text or domestic_act,
        changed_by=changed_by,
        **party_fields,
    )
    participations = list(
        Participation.objects.select_for_update().filter(instrument=instrument).order_by("pk")
    )
    proposals = proposals_for(instrument, participations) if kind in CONSENT_EVENTS else []
    return ActResult(event=event, participation=participation, warnings=warnings, proposals=proposals)


def _refuse_repeated_act(participation: Participation, kind: str) -> None:
    """A party signs once, expresses its consent once and withdraws once (having consented): a
    second such act would overwrite the first in the status table. A wrong date is set right
    by a correction of its event, which keeps both in the log.

    Raises ValidationError at `kind`.
    """
    recorded = None
    if kind == EventKind.SIGNATURE and participation.signed_on:
        recorded = participation.signed_display
    elif kind in CONSENT_EVENTS and participation.consent_received_on:
        recorded = participation.received_display
    elif kind == EventKind.WITHDRAWAL and participation.withdrawal_notice_on:
        recorded = date_display(participation.withdrawal_notice_on)
    if recorded:
        raise ValidationError(
            {
                "kind": _(
                    "%(party)s: this act is already recorded (%(on)s). If its date is wrong, "
                    "record a correction of its event in the log."
                )
                % {"party": participation.party, "on": recorded}
            },
            code="act_already_recorded",
        )
    if kind == EventKind.WITHDRAWAL and not participation.consent_received_on:
        raise ValidationError(
            {
                "kind": _(
                    "%(party)s has expressed no consent to be bound: there is nothing to withdraw from."
                )
                % {"party": participation.party}
            },
            code="withdrawal_without_consent",
        )


def consent_warnings(participation: Participation) -> list[str]:
    """Consent before signature happens by accession only: anything else is flagged (not
    refused: real status tables hold such rows). A signature not recorded is no anomaly: the
    sources often give the consent alone."""
    signed, received = participation.signed_on, participation.consent_received_on
    if participation.consent_kind == Participation.ConsentKind.ACCESSION or not (signed and received):
        return []
    if received < signed:
        return [_("Consent received before the signature: only accession explains that; check the dates.")]
    return []


# Entry into force, confirmed by an officer ---------------------------------------------------


@transaction.atomic
def instrument_confirm_entry_into_force(
    *, instrument: Instrument, on: date, precision: str = DatePrecision.DAY, text: str = "", changed_by=None
) -> DepositaryEvent:
    """Confirm the general entry into force: the instrument's date (and its history), the
    event in the log, and the date for each party whose instrument had arrived by then."""
    instrument = _lock_instrument(instrument)
    if instrument.entry_into_force:
        raise ValidationError(
            {
                "on": _(
                    "The instrument is in force since %(since)s already. If that date is wrong, "
                    "record a correction of its event in the log."
                )
                % {"since": instrument.entry_into_force_display}
            },
            code="already_in_force",
        )
    if instrument.signed_on and last_day(on, precision) < instrument.signed_on:
        raise ValidationError(
            {
                "on": _("An instrument cannot enter into force before it was signed (%(signed)s).")
                % {"signed": instrument.signed_display}
            },
            code="before_signature",
        )
    instrument.entry_into_force, instrument.entry_into_force_precision = on, precision
    rows = list(Participation.objects.select_for_update().filter(instrument=instrument).order_by("pk"))
    # In force with it: every party whose instrument had arrived by then.
    moving = [
        row
        for row in rows
        if row.in_force_on is None and row.consent_received_on is not None and row.consent_received_on <= on
    ]
    for row in moving:
        row.instrument = instrument
        row.in_force_on, row.in_force_precision = on, precision
    _refuse_disorder("on", instrument, rows, [instrument, *moving], general_moved=True)
    _by(instrument, changed_by)
    instrument.full_clean()
    save_refusing_constraints(instrument)
    for row in moving:
        _by(row, changed_by)
        row.save()
    return _append(
        instrument=instrument,
        kind=EventKind.ENTRY_INTO_FORCE,
        on=on,
        on_precision=precision,
        text=text,
        changed_by=changed_by,
    )


@transaction.atomic
def participation_confirm_entry_into_force(
    *,
    participation: Participation,
    on: date,
    precision: str = DatePrecision.DAY,
    text: str = "",
    changed_by=None,
) -> DepositaryEvent:
    """Confirm the entry into force for one party (an acceding or late one): never before the
    instrument's own."""
    instrument = _lock_instrument(participation.instrument)
    participation = Participation.objects.select_for_update().get(pk=participation.pk)
    participation.instrument = instrument
    if participation.in_force_on:
        raise ValidationError(
            {
                "on": _(
                    "In force for %(party)s since %(since)s already. If that date is wrong, record a "
                    "correction of its event in the log."
                )
                % {"party": participation.party, "since": participation.in_force_display}
            },
            code="already_in_force",
        )
    participation.in_force_on, participation.in_force_precision = on, precision
    _refuse_disorder("on", instrument, [participation], [participation])
    _by(participation, changed_by)
    participation.full_clean()
    participation.save()
    return _append(
        instrument=instrument,
        kind=EventKind.ENTRY_INTO_FORCE,
        on=on,
        on_precision=precision,
        text=text,
        changed_by=changed_by,
        **_party_fields(participation.party),
    )


# Corrections ------------------------------------------------------------------------------


def corrects_a_date(event: DepositaryEvent) -> bool:
    """Whether the status table keeps this event's date (`DATED_ACTS`): a correction may set it right."""
    return event.kind in DATED_ACTS


@transaction.atomic
def event_correct(
    *,
    event: DepositaryEvent,
    on: date,
    text: str,
    corrected_on: date | None = None,
    corrected_precision: str = DatePrecision.DAY,
    changed_by=None,
) -> DepositaryEvent:
    """Correct an event: a new event pointing to it. The corrected one stays in the log as it was.

    With `corrected_on` (the date the event should have borne, for the acts of `DATED_ACTS`),
    the status table takes that date: the party's signature, consent or withdrawal (and the
    day the withdrawal takes effect), the party's entry into force, or the instrument's own
    signature or entry into force (with the parties' that signed with it, or entered into
    force with it without an entry into force of their own in the log).

    The table must stay in order afterwards (`_order_problems`): every act on or after the
    instrument's signature, a party in force after its consent and after the instrument, a
    withdrawal after the consent, an instrument that others wait for in force before them.

    Raises ValidationError: without a text (`text`), for a correction of a correction, a
    correction dated before its event or after today (`on`), a right date on an event whose
    date the table does not keep, after the correction's own date, or that leaves the table
    out of order (`corrected_on`).
    """
    if not text.strip():
        raise ValidationError({"text": _("Say what the correction is.")}, code="correction_without_text")
    if event.kind == EventKind.CORRECTION:
        raise ValidationError(
            _("A correction is not corrected: record another correction of the event it corrects."),
            code="correction_of_correction",
        )
    if on < event.on or on > timezone.localdate():
        raise ValidationError(
            {
                "on": _("A correction is dated between the event it corrects (%(event)s) and today.")
                % {"event": date_display(event.on, event.on_precision)}
            },
            code="correction_out_of_order",
        )
    instrument = _lock_instrument(event.instrument)
    followers: list[DepositaryEvent] = []
    if corrected_on is None:
        corrected_precision = DatePrecision.DAY
    else:
        if corrected_on > on:
            raise ValidationError(
                {
                    "corrected_on": _(
                        "The right date is after the correction's own date (%(on)s): a correction "
                        "reports what had happened by then."
                    )
                    % {"on": date_display(on)}
                },
                code="right_date_after_correction",
            )
        followers = _set_right_date(event, instrument, corrected_on, corrected_precision, changed_by)
    # The correction, and one for each party's own event that followed it (same date, text).
    corrections = [
        _append(
            instrument=instrument,
            kind=EventKind.CORRECTION,
            on=on,
            corrects=corrected,
            text=text,
            corrected_on=corrected_on,
            corrected_precision=corrected_precision,
            changed_by=changed_by,
            state=corrected.state,
            organisation=corrected.organisation,
        )
        for corrected in [event, *followers]
    ]
    return corrections[0]


def _set_right_date(
    event: DepositaryEvent, instrument: Instrument, day: date, precision: str, changed_by
) -> list[DepositaryEvent]:
    """The status table takes the right date of `event` (see `event_correct`): the rows are
    changed in memory, the whole table is checked in order, then the changed rows are saved.
    Returns the parties' own events that follow the correction (their signature, when the
    instrument's moved with theirs)."""
    if not corrects_a_date(event):
        raise ValidationError(
            {
                "corrected_on": _(
                    "The status table keeps no date of this event: say what is corrected in the text."
                )
            },
            code="no_date_to_correct",
        )
    day_field, precision_field = DATED_ACTS[event.kind]
    if precision_field is None and precision != DatePrecision.DAY:
        raise ValidationError(
            {"corrected_precision": _("The status table keeps this date to the day: give the day.")},
            code="right_date_to_the_day",
        )
    rows = list(Participation.objects.select_for_update().filter(instrument=instrument).order_by("pk"))
    for row in rows:
        row.instrument = instrument
    changed: list[Instrument | Participation] = []
    followers: list[DepositaryEvent] = []
    if event.state_id is None and event.organisation_id is None:
        if event.kind == EventKind.SIGNATURE:
            # The parties that signed with it (the same day) move with it; their own signature
            # events in the log are corrected alike (`followers`).
            field, moving = (
                "signed_on",
                [r for r in rows if r.signed_on and r.signed_on == instrument.signed_on],
            )
            parties = {(r.state_id, r.organisation_id) for r in moving}
            followers = [
                logged
                for logged in DepositaryEvent.objects.filter(instrument=instrument, kind=EventKind.SIGNATURE)
                .exclude(state__isnull=True, organisation__isnull=True)
                .order_by("pk")
                if (logged.state_id, logged.organisation_id) in parties
            ]
            instrument.signed_on, instrument.signed_precision = day, precision
        else:  # the general entry into force
            own = set(
                DepositaryEvent.objects.filter(instrument=instrument, kind=EventKind.ENTRY_INTO_FORCE)
                .exclude(state__isnull=True, organisation__isnull=True)
                .values_list("state_id", "organisation_id")
            )
            field = "in_force_on"
            moving = [
                r
                for r in rows
                if r.in_force_on
                and r.in_force_on == instrument.entry_into_force
                and (r.state_id, r.organisation_id) not in own
            ]
            instrument.entry_into_force, instrument.entry_into_force_precision = day, precision
        changed.append(instrument)
        for row in moving:
            setattr(row, field, day)
            setattr(row, field.replace("_on", "_precision"), precision)
            changed.append(row)
    else:
        row = next(
            (r for r in rows if (r.state_id, r.organisation_id) == (event.state_id, event.organisation_id)),
            None,
        )
        if row is None:
            raise ValidationError(
                {
                    "corrected_on": _("%(party)s has no row in the status table: record its act first.")
                    % {"party": event.party}
                },
                code="no_row_to_correct",
            )
        setattr(row, day_field, day)
        if precision_field:
            setattr(row, precision_field, precision)
        if event.kind == EventKind.WITHDRAWAL:
            # Under the instrument's rule; without one, the day recorded stays (and must follow).
            row.withdrawal_effective_on = withdrawal_effective(instrument, day) or row.withdrawal_effective_on
        changed.append(row)
    general_moved = event.kind == EventKind.ENTRY_INTO_FORCE and instrument in changed
    _refuse_disorder("corrected_on", instrument, rows, changed, general_moved=general_moved)
    # The parties' rows first: the instrument's clean() reads them from the database.
    for row in sorted(changed, key=lambda row: isinstance(row, Instrument)):
        _save_right_date(row, changed_by)
    return followers


def _refuse_disorder(
    field: str,
    instrument: Instrument,
    rows: list[Participation],
    changed: list[Instrument | Participation],
    *,
    general_moved: bool = False,
) -> None:
    """Raise ValidationError at `field` with what `_order_problems` finds out of order."""
    problems = _order_problems(instrument, rows, changed, general_moved=general_moved)
    if problems:
        raise ValidationError({field: problems}, code="out_of_order")


def _order_problems(
    instrument: Instrument,
    rows: list[Participation],
    changed: list[Instrument | Participation],
    *,
    general_moved: bool,
) -> list[str]:
    """What is out of order in the instrument's status table once the `changed` rows took their
    right dates (each date read with its precision: a month stands for any of its days). The
    instrument's own order (its entry into force, its parties' acts and its log after its
    signature) is `Instrument.clean`'s, checked when it is saved."""
    problems: list[str] = []
    moved_instrument = instrument in changed
    for row in changed:
        if not isinstance(row, Participation):
            continue
        for day, precision in row.dated_acts:
            if instrument.signed_on and last_day(day, precision) < instrument.signed_on:
                problems.append(
                    _("%(party)s acted on %(day)s, before the instrument's signature (%(signed)s).")
                    % {
                        "party": row.party,
                        "day": date_display(day, precision),
                        "signed": instrument.signed_display,
                    }
                )
                break
    general = instrument.entry_into_force
    for row in rows if moved_instrument else [r for r in changed if isinstance(r, Participation)]:
        consent, in_force = row.consent_received_on, row.in_force_on
        if (
            consent is not None
            and in_force is not None
            and last_day(in_force, row.in_force_precision) < consent
        ):
            problems.append(
                _("%(party)s would be in force on %(day)s, before its consent arrived (%(consent)s).")
                % {"party": row.party, "day": row.in_force_display, "consent": row.received_display}
            )
        if (
            consent is not None
            and row.withdrawal_notice_on is not None
            and row.withdrawal_notice_on < consent
        ):
            problems.append(
                _("%(party)s would withdraw on %(day)s, before its consent arrived (%(consent)s).")
                % {
                    "party": row.party,
                    "day": date_display(row.withdrawal_notice_on),
                    "consent": row.received_display,
                }
            )
        if in_force is not None and instrument.valid_until and in_force > instrument.valid_until:
            problems.append(
                _("The instrument's term ended on %(day)s: %(party)s does not enter into force after it.")
                % {"day": date_display(instrument.valid_until), "party": row.party}
            )
        if general_moved and in_force is not None and general is not None and in_force < general:
            problems.append(
                _(
                    "It entered into force for %(party)s on %(day)s, before this date: correct that "
                    "entry into force first."
                )
                % {"party": row.party, "day": row.in_force_display}
            )
    if general_moved and general is not None:
        waiting = (
            Instrument.objects.filter(conditional_on=instrument, entry_into_force__lt=general)
            .order_by("entry_into_force")
            .first()
        )
        if waiting is not None:
            problems.append(
                _("“%(waiting)s” waits for this instrument and entered into force on %(day)s, before it.")
                % {"waiting": waiting.title, "day": waiting.entry_into_force_display}
            )
    return problems


def _save_right_date(row: Instrument | Participation, changed_by) -> None:
    """Save a row of the status table given a right date; its rules (model and database) speak
    of its own fields, here they are about the right date: raised at `corrected_on`."""
    _by(row, changed_by)
    try:
        row.full_clean()
        save_refusing_constraints(row)
    except ValidationError as error:
        raise ValidationError({"corrected_on": error.messages}, code="right_date_breaks_a_rule") from error


# Certified copies -------------------------------------------------------------------------


@transaction.atomic
def certified_copies_create(
    *,
    instrument: Instrument,
    received_on: date,
    states: Iterable[State],
    for_rats: bool = False,
    is_fictional: bool = False,
    changed_by=None,
) -> list[CertifiedCopy]:
    """The originals arrived: log it, and owe one certified copy to each member state's
    Permanent Representative (and RATS when it concerns it), due the instrument's days later."""
    instrument = _lock_instrument(instrument)
    if instrument.depositary == Instrument.Depositary.STATE:
        raise ValidationError(
            _(
                "%(state)s is the depositary of this instrument: its originals and certified copies "
                "are kept there."
            )
            % {"state": instrument.depositary_state},
            code="depositary_elsewhere",
        )
    if CertifiedCopy.objects.filter(instrument=instrument).exists():
        raise ValidationError(
            {"received_on": _("The originals of this instrument are already recorded as received.")},
            code="originals_already_received",
        )
    _refuse_out_of_order("received_on", received_on, instrument=instrument, what=_("The originals' arrival"))
    due = _add_days(received_on, instrument.copy_days)
    recipients = [(Recipient.REPRESENTATIVE, state) for state in states]
    if for_rats:
        recipients.append((Recipient.RATS, None))
    copies = []
    for recipient, state in recipients:
        copy = CertifiedCopy(
            instrument=instrument,
            recipient=recipient,
            state=state,
            originals_received_on=received_on,
            due_on=due,
            is_fictional=is_fictional,
        )
        _by(copy, changed_by)
        copy.full_clean()
        copy.save()
        copies.append(copy)
    _append(instrument=instrument, kind=EventKind.ORIGINALS_RECEIVED, on=received_on, changed_by=changed_by)
    return copies


@transaction.atomic
def certified_copy_send(*, copy: CertifiedCopy, sent_on: date, changed_by=None) -> CertifiedCopy:
    """A certified copy went out: its date, and the event in the log."""
    instrument = _lock_instrument(copy.instrument)
    copy = CertifiedCopy.objects.select_for_update(of=("self",)).select_related("state").get(pk=copy.pk)
    if copy.sent_on is not None:
        raise ValidationError(_("This copy is already recorded as sent."), code="already_sent")
    if sent_on > timezone.localdate():
        raise ValidationError(
            {"sent_on": _("A copy cannot be recorded as sent after today.")}, code="after_today"
        )
    copy.sent_on = sent_on
    _by(copy, changed_by)
    copy.full_clean()
    copy.save()
    _append(
        instrument=instrument,
        kind=EventKind.COPY_SENT,
        on=sent_on,
        state=copy.state,
        text=copy.recipient_display,
        changed_by=changed_by,
    )
    return copy


# Notifications ----------------------------------------------------------------------------


@transaction.atomic
def notification_issue(
    *, issued_on: date, events: Iterable[DepositaryEvent], is_fictional: bool = False, changed_by=None
) -> Notification:
    """Issue a depositary notification reporting `events`, numbered next in its year; each
    instrument's log records that it was issued."""
    events = list(events)
    if not events:
        raise ValidationError(_("A notification reports at least one event."), code="no_events")
    latest = max(events, key=lambda event: event.on)
    if issued_on > timezone.localdate() or issued_on < latest.on:
        raise ValidationError(
            {
                "issued_on": _(
                    "A notification is issued between the last event it reports (%(latest)s) and today."
                )
                % {"latest": date_display(latest.on, latest.on_precision)}
            },
            code="issued_out_of_order",
        )
    instruments = sorted({event.instrument_id for event in events})
    for instrument in Instrument.objects.select_for_update().filter(pk__in=instruments).order_by("pk"):
        _refuse_out_of_order("issued_on", issued_on, instrument=instrument, what=_("A notification"))
    # The year's numbers: notifications of different instruments issued at once must take one
    # number each, and an empty year has no row to lock. The single Secretariat row serialises
    # them (taken last: no other service locks it after an instrument, so no cycle).
    Secretariat.objects.select_for_update().order_by("pk").first()
    numbers = Notification.objects.filter(year=issued_on.year).values_list("number", flat=True)
    notification = Notification(
        issued_on=issued_on, number=max(numbers, default=0) + 1, is_fictional=is_fictional
    )
    _by(notification, changed_by)
    notification.full_clean()
    save_refusing_constraints(notification)
    notification.events.set(events)
    for instrument_id in instruments:
        _append(
            instrument=Instrument(pk=instrument_id),
            kind=EventKind.NOTIFICATION_ISSUED,
            on=issued_on,
            text=notification.reference,
            is_fictional=is_fictional,
            changed_by=changed_by,
        )
    return notification
