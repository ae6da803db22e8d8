"""Writes that carry rules across rows: appointments under the quota, quota versions.

Every write path (pages, admin, commands, import) goes through these functions.
Each runs in one transaction and locks before it counts, so two officers saving at
the same moment cannot both take the last free place of a state's quota.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secretariat.models import Person, Secretariat, Standing, State

from .models import Appointment, Post, QuotaLine, QuotaVersion


@dataclass(frozen=True)
class QuotaBreach:
    day: date
    quota: int
    serving: int


def serving_on(periods: list[tuple[date, date | None]], day: date) -> int:
    """How many of the (start, end) periods include `day` (ends inclusive, None: ongoing)."""
    return sum(1 for start, end in periods if start <= day and (end is None or end >= day))


def _breaches(
    *,
    start_date: date,
    end_date: date | None,
    periods: list[tuple[date, date | None]],
    versions: list[QuotaVersion],
    places: dict[int, int],
    memberships: list[tuple[date, date | None]],
) -> list[QuotaBreach]:
    """Days from start to end on which one more official would exceed the quota (no queries).

    The serving count only rises when an appointment starts and the quota only changes
    when a version takes effect or the membership starts or ends, so checking those days
    inside the period checks every day of it.
    """

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
        serving = 1 + serving_on(periods, day)
        if serving > quota:
            breaches.append(QuotaBreach(day=day, quota=quota, serving=serving))
    return breaches


def _versions_until(end_date: date | None) -> list[QuotaVersion]:
    return list(
        QuotaVersion.objects.filter(effective_date__lte=end_date or date.max).order_by("effective_date")
    )


def quota_breaches(
    *, state: State, start_date: date, end_date: date | None, exclude: Appointment | None = None
) -> list[QuotaBreach]:
    """Days on which one more official of `state` from start to end would exceed its quota."""
    others = Appointment.objects.officials().filter(nominated_by=state).overlapping(start_date, end_date)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    versions = _versions_until(end_date)
    return _breaches(
        start_date=start_date,
        end_date=end_date,
        periods=list(others.values_list("start_date", "end_date")),
        versions=versions,
        places=dict(
            QuotaLine.objects.filter(state=state, version__in=versions).values_list("version_id", "places")
        ),
        memberships=list(
            state.standings.filter(status=Standing.Status.MEMBER).values_list("start_date", "end_date")
        ),
    )


def _check_quota(appointment: Appointment) -> None:
    if not appointment.post.is_official or appointment.nominated_by_id is None:
        return
    state = appointment.nominated_by
    breaches = quota_breaches(
        state=state,
        start_date=appointment.start_date,
        end_date=appointment.end_date,
        exclude=appointment,
    )
    if breaches:
        first = breaches[0]
        message = _(
            "%(state)s has no free place in its quota on %(day)s: quota %(quota)s, "
            "already serving %(serving)s."
        ) % {
            "state": state,
            "day": first.day.isoformat(),
            "quota": first.quota,
            "serving": first.serving - 1,
        }
        # The code goes on the field's error: a dict-shaped ValidationError drops its own.
        raise ValidationError({"nominated_by": ValidationError(message, code="quota_exceeded")})


# Lazy: built at import, translated when shown, in the reader's language.
OVERLAP_CONSTRAINTS = {
    "staffing_appointment_post_no_overlap": (
        "post",
        gettext_lazy("This post already has a holder in this period."),
    ),
    "staffing_appointment_person_no_overlap": (
        "person",
        gettext_lazy("This person already holds a post in this period."),
    ),
}


def appointment_validate(appointment: Appointment) -> None:
    """The checks `appointment_save` runs, under its locks (call inside a transaction).

    Forms that save through the service (the admin) call this while validating, so a
    refusal (the quota, a holder) is a form error and the locks still hold at the save.
    """
    if appointment.nominated_by_id is not None:
        # Lock the nominating state's row, then count: two officers saving at once
        # must not both see the same free place. (SQLite serialises writers anyway.)
        appointment.nominated_by = State.objects.select_for_update().get(pk=appointment.nominated_by_id)
    # Lock the post and the person too: the holder and one-post checks must see an
    # appointment saved a moment ago. Always state, post, person: no deadlock.
    if appointment.post_id is not None:
        Post.objects.select_for_update().filter(pk=appointment.post_id).first()
    if appointment.person_id is not None:
        Person.objects.select_for_update().filter(pk=appointment.person_id).first()
    appointment.full_clean()
    _check_quota(appointment)


@transaction.atomic
def appointment_save(appointment: Appointment, *, changed_by=None) -> Appointment:
    """Validate and save a new or changed appointment: the one door to the appointments table.

    `changed_by` names the user in the change history when no request does (commands, imports).
    """
    appointment_validate(appointment)
    if changed_by is not None:
        appointment._history_user = changed_by
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        # The PostgreSQL exclusion constraints catch what slipped past the checks.
        for name, (field, message) in OVERLAP_CONSTRAINTS.items():
            if name in str(error):
                raise ValidationError({field: ValidationError(message, code="overlap")}) from error
        raise
    return appointment


def appointment_create(
    *,
    person: Person,
    post: Post,
    start_date: date,
    nominated_by: State | None = None,
    planned_end_date: date | None = None,
    changed_by=None,
) -> Appointment:
    """Appoint a person to a post: an official under a state's quota, or technical staff."""
    appointment = Appointment(
        person=person,
        post=post,
        nominated_by=nominated_by,
        start_date=start_date,
        planned_end_date=planned_end_date,
    )
    return appointment_save(appointment, changed_by=changed_by)


def appointment_end(*, appointment: Appointment, end_date: date, reason: str, changed_by=None) -> Appointment:
    """End an appointment: history is ended, never erased."""
    appointment.end_date = end_date
    appointment.end_reason = reason
    return appointment_save(appointment, changed_by=changed_by)


def post_validate(post: Post) -> None:
    """The checks `post_save` runs, under its lock (call inside a transaction).

    A post's category decides which rules its holders follow (nationality, quota) and its
    period must contain theirs: a change may not break the appointments already made.
    """
    if post.pk is not None:
        Post.objects.select_for_update().filter(pk=post.pk).first()
    post.full_clean()
    if post.pk is None:
        return
    appointments = Appointment.objects.filter(post_id=post.pk)
    errors: dict[str, ValidationError] = {}
    if appointments.exclude(post__category=post.category).exists():
        errors["category"] = ValidationError(
            _("People have held this post: its category cannot change."), code="post_has_holders"
        )
    outside = appointments.filter(start_date__lt=post.start_date)
    if post.end_date is not None:
        outside = outside | appointments.filter(Q(end_date__isnull=True) | Q(end_date__gt=post.end_date))
    holder = outside.select_related("person").order_by("start_date").first()
    if holder is not None:
        field = "start_date" if holder.start_date < post.start_date else "end_date"
        errors[field] = ValidationError(
            _("The post must exist for the whole appointment of %(person)s (%(start)s to %(end)s).")
            % {
                "person": holder.person.name_latin,
                "start": holder.start_date.isoformat(),
                "end": holder.end_date.isoformat() if holder.end_date else "…",
            },
            code="post_outlived_by_appointment",
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def post_save(post: Post) -> Post:
    """Create or change a post without breaking the appointments to it."""
    post_validate(post)
    post.save()
    return post


def person_validate(person: Person) -> None:
    """Checks for a new or changed person that only the establishment knows (call inside a transaction).

    An official is a national of the nominating state and technical staff are host
    nationals: a new nationality may not break the person's appointments.
    """
    if person.pk is not None:
        Person.objects.select_for_update().filter(pk=person.pk).first()
    person.full_clean()
    if person.pk is None or person.nationality_id is None:
        return
    appointments = Appointment.objects.filter(person_id=person.pk)
    host_id = Secretariat.objects.values_list("host_state_id", flat=True).first()
    broken = appointments.officials().exclude(nominated_by_id=person.nationality_id).exists() or (
        person.nationality_id != host_id and appointments.technical().exists()
    )
    if broken:
        raise ValidationError(
            {
                "nationality": ValidationError(
                    _(
                        "This nationality does not fit the person's appointments: an official is a "
                        "national of the nominating state, technical staff are host nationals."
                    ),
                    code="nationality_breaks_appointment",
                )
            }
        )


def states_with_room(*, start_date: date, end_date: date | None) -> list[State]:
    """Member states with a free place on every day from start to end (for the appoint form).

    Three queries for all states together, the same count as `quota_breaches`, state by
    state: the member standings (the members that day are among them), the officials'
    appointments in the period, and the quota lines with their versions (every version
    has lines: its places add up to the establishment).
    """
    memberships: dict[int, list] = defaultdict(list)
    states: dict[int, State] = {}
    for standing in Standing.objects.filter(status=Standing.Status.MEMBER).select_related("state"):
        memberships[standing.state_id].append((standing.start_date, standing.end_date))
        if standing.is_on(start_date):
            states[standing.state_id] = standing.state
    members = sorted(states.values(), key=lambda state: (state.name_ru, state.name_en))
    periods: dict[int, list] = defaultdict(list)
    for state_id, start, end in (
        Appointment.objects.officials()
        .filter(nominated_by__in=members)
        .overlapping(start_date, end_date)
        .values_list("nominated_by_id", "start_date", "end_date")
    ):
        periods[state_id].append((start, end))
    lines = QuotaLine.objects.filter(version__effective_date__lte=end_date or date.max).select_related(
        "version"
    )
    versions: dict[int, QuotaVersion] = {}
    places: dict[int, dict[int, int]] = defaultdict(dict)
    for line in lines:
        versions[line.version_id] = line.version
        places[line.state_id][line.version_id] = line.places
    timeline = sorted(versions.values(), key=lambda version: version.effective_date)
    return [
        state
        for state in members
        if not _breaches(
            start_date=start_date,
            end_date=end_date,
            periods=periods[state.pk],
            versions=timeline,
            places=places[state.pk],
            memberships=memberships[state.pk],
        )
    ]


def current_lines(day: date) -> list[QuotaLine]:
    """The quota lines in force on `day`, to start a new version from."""
    return list(QuotaLine.objects.on(day))


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


def quota_version_check(
    *,
    effective_date: date,
    places: dict[State, int],
    size: int,
    version: QuotaVersion | None = None,
) -> None:
    """Refuse a quota version that breaks rules 2 and 3 of the brief (call inside a transaction).

    One line per member state on the effective date and none for any other state, places
    adding up to `size` (the establishment size), and no state left with more serving
    officials than places on any day the version is in force. `version` is the version
    being changed, if any. `quota_version_publish` and the admin both run this.
    """
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    members = set(State.objects.members_on(effective_date))
    given = set(places)
    same_date = QuotaVersion.objects.filter(effective_date=effective_date)
    if version is not None and version.pk:
        same_date = same_date.exclude(pk=version.pk)
    if same_date.exists():
        refuse(
            "effective_date",
            _("A quota version with this effective date exists already."),
            "duplicate_date",
        )
    not_members = sorted(str(state) for state in given - members)
    if not_members:
        refuse(
            "places",
            _("Only member states on %(day)s hold quota; not members then: %(states)s.")
            % {"day": effective_date.isoformat(), "states": ", ".join(not_members)},
            "not_a_member",
        )
    missing = sorted(str(state) for state in members - given)
    if missing:
        refuse(
            "places",
            _("Every member state on that day needs a line (zero is allowed): missing %(states)s.")
            % {"states": ", ".join(missing)},
            "missing_member",
        )
    if any(value < 0 for value in places.values()):
        refuse("places", _("Places cannot be negative."), "negative")
    total = sum(places.values())
    if total != size:
        refuse(
            "places",
            _("The places add up to %(total)s; they must add up to the establishment size, %(size)s.")
            % {"total": total, "size": size},
            "wrong_total",
        )
    if errors:
        raise ValidationError(errors)

    # Lock every member state: no appointment may slip in while the quota changes.
    list(State.objects.select_for_update().filter(pk__in=[state.pk for state in members]))
    later = QuotaVersion.objects.filter(effective_date__gt=effective_date)
    if version is not None and version.pk:
        later = later.exclude(pk=version.pk)
    next_version = later.order_by("effective_date").first()
    until = next_version.effective_date - timedelta(days=1) if next_version else None
    over = []
    # Sorted, so the message names the same state and day on every run.
    for state in sorted(members, key=lambda member: member.code):
        periods = list(
            Appointment.objects.officials()
            .filter(nominated_by=state)
            .overlapping(effective_date, until)
            .values_list("start_date", "end_date")
        )
        # The count only rises when an appointment starts: checking those days checks them all.
        days = {effective_date} | {start for start, _end in periods if start > effective_date}
        for day in sorted(days):
            if until is not None and day > until:
                continue
            count = serving_on(periods, day)
            if count > places[state]:
                over.append(
                    _("%(state)s would have %(serving)s officials on %(day)s for %(quota)s places")
                    % {
                        "state": state,
                        "serving": count,
                        "day": day.isoformat(),
                        "quota": places[state],
                    }
                )
                break
    if over:
        message = _("This quota would put serving officials over it: end appointments first. ") + "; ".join(
            over
        )
        raise ValidationError({"places": [ValidationError(message, code="quota_below_serving")]})


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
    quota_version_check(effective_date=effective_date, places=places, size=size)
    version = QuotaVersion(
        effective_date=effective_date,
        establishment_size=size,
        basis=basis,
        is_illustrative=is_illustrative,
    )
    version.full_clean()
    version.save()
    for state, value in places.items():
        share = (budget_shares or {}).get(state)
        QuotaLine(version=version, state=state, places=value, budget_share=share).save()
    return version


def quota_places_from_shares(*, shares: dict[State, float], seats: int | None = None) -> dict[State, int]:
    """Illustrative quota: the establishment apportioned by budget shares (largest remainder)."""
    size = seats if seats is not None else Secretariat.objects.current().establishment_size
    return largest_remainder(shares, size)
