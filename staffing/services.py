"""Writes that carry rules across rows: appointments under the quota, quota versions.

Every write path (pages, admin, commands, import) goes through these functions.
Each runs in one transaction and locks before it counts, so two officers saving at
the same moment cannot both take the last free place of a state's quota.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from secretariat.models import Person, Secretariat, Standing, State

from .models import Appointment, Post, QuotaLine, QuotaVersion


@dataclass(frozen=True)
class QuotaBreach:
    day: date
    quota: int
    serving: int


def _quota_timeline(state: State, start: date, end: date | None) -> tuple[list[date], dict]:
    """Days inside [start, end] where the state's quota can change, and its places per version."""
    versions = list(
        QuotaVersion.objects.filter(effective_date__lte=end or date.max).order_by("effective_date")
    )
    places = dict(
        QuotaLine.objects.filter(state=state, version__in=versions).values_list("version_id", "places")
    )
    return versions, places


def quota_breaches(
    *, state: State, start_date: date, end_date: date | None, exclude: Appointment | None = None
) -> list[QuotaBreach]:
    """Days on which one more official of `state` from start to end would exceed its quota.

    The serving count only rises when an appointment starts and the quota only changes
    when a version takes effect or the membership starts or ends, so checking those days
    inside the period checks every day of it.
    """
    others = Appointment.objects.officials().filter(nominated_by=state).overlapping(start_date, end_date)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    periods = list(others.values_list("start_date", "end_date"))
    versions, places = _quota_timeline(state, start_date, end_date)
    memberships = list(
        state.standings.filter(status=Standing.Status.MEMBER).values_list("start_date", "end_date")
    )

    def inside(day: date) -> bool:
        return day >= start_date and (end_date is None or day <= end_date)

    days = {start_date}
    days.update(s for s, _e in periods if inside(s))
    days.update(v.effective_date for v in versions if inside(v.effective_date))
    for s, e in memberships:
        days.update(d for d in (s, e + timedelta(days=1) if e else None) if d and inside(d))

    breaches = []
    for day in sorted(days):
        member = any(s <= day and (e is None or e >= day) for s, e in memberships)
        version = next((v for v in reversed(versions) if v.effective_date <= day), None)
        quota = places.get(version.pk, 0) if (member and version) else 0
        serving = 1 + sum(1 for s, e in periods if s <= day and (e is None or e >= day))
        if serving > quota:
            breaches.append(QuotaBreach(day=day, quota=quota, serving=serving))
    return breaches


def _check_quota(appointment: Appointment) -> None:
    if not appointment.post.is_official or appointment.nominated_by_id is None:
        return
    state = appointment.nominated_by
    breaches = quota_breaches(
        state=state, start_date=appointment.start_date, end_date=appointment.end_date, exclude=appointment
    )
    if breaches:
        first = breaches[0]
        raise ValidationError(
            {
                "nominated_by": _(
                    "%(state)s has no free place in its quota on %(day)s: quota %(quota)s, "
                    "already serving %(serving)s."
                )
                % {
                    "state": state,
                    "day": first.day.isoformat(),
                    "quota": first.quota,
                    "serving": first.serving - 1,
                }
            },
            code="quota_exceeded",
        )


OVERLAP_CONSTRAINTS = {
    "staffing_appointment_post_no_overlap": ("post", _("This post already has a holder in this period.")),
    "staffing_appointment_person_no_overlap": ("person", _("This person already holds a post in this period.")),
}


@transaction.atomic
def appointment_save(appointment: Appointment) -> Appointment:
    """Validate and save a new or changed appointment: the one door to the appointments table."""
    if appointment.nominated_by_id is not None:
        # Lock the nominating state's row, then count: two officers saving at once
        # must not both see the same free place. (SQLite serialises writers anyway.)
        appointment.nominated_by = State.objects.select_for_update().get(pk=appointment.nominated_by_id)
    # Lock the post too: the holder check must see any holder saved a moment ago.
    if appointment.post_id is not None:
        Post.objects.select_for_update().filter(pk=appointment.post_id).first()
    appointment.full_clean()
    _check_quota(appointment)
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        # The PostgreSQL exclusion constraints catch what slipped past the checks.
        for name, (field, message) in OVERLAP_CONSTRAINTS.items():
            if name in str(error):
                raise ValidationError({field: message}, code="overlap") from error
        raise
    return appointment


def appointment_create(
    *,
    person: Person,
    post: Post,
    start_date: date,
    nominated_by: State | None = None,
    planned_end_date: date | None = None,
) -> Appointment:
    """Appoint a person to a post: an official under a state's quota, or technical staff."""
    appointment = Appointment(
        person=person,
        post=post,
        nominated_by=nominated_by,
        start_date=start_date,
        planned_end_date=planned_end_date,
    )
    return appointment_save(appointment)


def appointment_end(*, appointment: Appointment, end_date: date, reason: str) -> Appointment:
    """End an appointment: history is ended, never erased."""
    appointment.end_date = end_date
    appointment.end_reason = reason
    return appointment_save(appointment)


def states_with_room(*, start_date: date, end_date: date | None) -> list[State]:
    """Member states with a free place on every day from start to end (for the appoint form)."""
    return [
        state
        for state in State.objects.members_on(start_date)
        if not quota_breaches(state=state, start_date=start_date, end_date=end_date)
    ]


def largest_remainder(shares: dict, seats: int) -> dict:
    """Apportion `seats` among keys in proportion to `shares` (Hamilton's method).

    Each key gets the whole part of its exact share; the seats left over go to the
    largest remainders, ties broken by the larger share, then by key order.
    """
    total = sum(shares.values())
    if total <= 0 or seats < 0:
        raise ValueError("shares must sum to more than zero and seats must not be negative")
    exact = {key: share * seats / total for key, share in shares.items()}
    result = {key: int(value) for key, value in exact.items()}
    left = seats - sum(result.values())
    order = sorted(shares, key=lambda key: (-(exact[key] - result[key]), -shares[key], str(key)))
    for key in order[:left]:
        result[key] += 1
    return result


@transaction.atomic
def quota_version_publish(
    *,
    effective_date: date,
    places: dict[State, int],
    basis: str = "",
    is_illustrative: bool = True,
    budget_shares: dict[State, object] | None = None,
) -> QuotaVersion:
    """Publish a quota version: one line per member state that day, summing to the establishment.

    Refused when a state would be over its new quota on any day the version is in force.
    """
    size = Secretariat.objects.current().establishment_size
    errors: dict[str, list[str]] = {}
    members = set(State.objects.members_on(effective_date))
    given = set(places)
    if QuotaVersion.objects.filter(effective_date=effective_date).exists():
        errors.setdefault("effective_date", []).append(_("A quota version with this effective date exists already."))
    not_members = sorted(str(state) for state in given - members)
    if not_members:
        errors.setdefault("places", []).append(
            _("Only member states on %(day)s hold quota; not members then: %(states)s.")
            % {"day": effective_date.isoformat(), "states": ", ".join(not_members)}
        )
    missing = sorted(str(state) for state in members - given)
    if missing:
        errors.setdefault("places", []).append(
            _("Every member state on that day needs a line (zero is allowed): missing %(states)s.")
            % {"states": ", ".join(missing)}
        )
    if any(value < 0 for value in places.values()):
        errors.setdefault("places", []).append(_("Places cannot be negative."))
    total = sum(places.values())
    if total != size:
        errors.setdefault("places", []).append(
            _("The places add up to %(total)s; they must add up to the establishment size, %(size)s.")
            % {"total": total, "size": size}
        )
    if errors:
        raise ValidationError(errors, code="invalid_quota")

    # Lock every member state: no appointment may slip in while the quota changes.
    list(State.objects.select_for_update().filter(pk__in=[state.pk for state in members]))
    version = QuotaVersion(
        effective_date=effective_date, establishment_size=size, basis=basis, is_illustrative=is_illustrative
    )
    version.full_clean()
    version.save()
    for state, value in places.items():
        share = (budget_shares or {}).get(state)
        QuotaLine(version=version, state=state, places=value, budget_share=share).save()

    next_version = QuotaVersion.objects.filter(effective_date__gt=effective_date).order_by("effective_date").first()
    until = next_version.effective_date - timedelta(days=1) if next_version else None
    over = []
    for state in members:
        serving = Appointment.objects.officials().filter(nominated_by=state).overlapping(effective_date, until)
        days = {effective_date} | {s for s in serving.values_list("start_date", flat=True) if s > effective_date}
        for day in days:
            if until is not None and day > until:
                continue
            count = serving.on(day).count()
            if count > places[state]:
                over.append(_("%(state)s would have %(serving)s officials on %(day)s for %(quota)s places")
                            % {"state": state, "serving": count, "day": day.isoformat(), "quota": places[state]})
                break
    if over:
        raise ValidationError(
            {"places": [_("This quota would put serving officials over it: end appointments first. ") + "; ".join(over)]},
            code="quota_below_serving",
        )
    return version


def quota_places_from_shares(*, shares: dict[State, float], seats: int | None = None) -> dict[State, int]:
    """Illustrative quota: the establishment apportioned by budget shares (largest remainder)."""
    size = seats if seats is not None else Secretariat.objects.current().establishment_size
    return largest_remainder(shares, size)

