"""Writes that carry rules across rows: appointments under the quota, posts, quota versions.

Every write path (pages, admin, commands, import) goes through these functions. They are
keyword-only and named `<entity>_<action>`; each runs in one transaction and locks before
it counts, so two officers saving at the same moment cannot both take the last free place
of a state's quota. The quota itself is computed in `staffing.quota`, from rows read by
`staffing.models.quota_rows`.

A form that validates before it saves (the admin's) calls `<entity>_check`: the same locks
and checks, inside the transaction the save then runs in.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.periods import save_refusing_constraints
from secretariat.models import Person, Secretariat, State

from . import quota
from .models import Appointment, Post, QuotaLine, QuotaVersion, quota_rows


def _check_room(appointment: Appointment) -> None:
    """Refuse an official's appointment that would put its state over its quota on any day."""
    if not appointment.post.is_official or appointment.nominated_by_id is None:
        return
    state = appointment.nominated_by
    rows = quota_rows(
        states=[state.pk],
        start=appointment.start_date,
        end=appointment.end_date,
        exclude=appointment.pk,
    )
    over = quota.quota_excesses(
        rows, state=state.pk, start=appointment.start_date, end=appointment.end_date, extra=1
    )
    if over:
        first = over[0]
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


def appointment_check(*, appointment: Appointment) -> None:
    """The locks and checks of the appointment services (call inside a transaction).

    The admin's form calls this while validating, so a refusal (the quota, a holder) is a
    form error and the locks still hold when `appointment_save` saves.
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
    _check_room(appointment)


@transaction.atomic
def appointment_save(*, appointment: Appointment, changed_by=None) -> Appointment:
    """Validate and save an appointment as a form built it, new or changed: the one door to
    the appointments table (the other appointment services go through it).

    `changed_by` names the user in the change history when no request does (commands, imports).
    """
    appointment_check(appointment=appointment)
    if changed_by is not None:
        appointment._history_user = changed_by
    # The PostgreSQL exclusion constraints catch what slipped past the checks.
    return save_refusing_constraints(appointment)


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
    return appointment_save(appointment=appointment, changed_by=changed_by)


def appointment_contract_change(
    *, appointment: Appointment, planned_end_date: date | None, changed_by=None
) -> Appointment:
    """Change the contract end of an appointment (renewed, shortened)."""
    appointment.planned_end_date = planned_end_date
    return appointment_save(appointment=appointment, changed_by=changed_by)


def appointment_end(*, appointment: Appointment, end_date: date, reason: str, changed_by=None) -> Appointment:
    """End an appointment: history is ended, never erased."""
    appointment.end_date = end_date
    appointment.end_reason = reason
    return appointment_save(appointment=appointment, changed_by=changed_by)


def post_check(*, post: Post) -> None:
    """The locks and checks of `post_create`/`post_update` (call inside a transaction).

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
def post_create(*, post: Post) -> Post:
    """Create a post of the establishment."""
    post_check(post=post)
    post.save()
    return post


@transaction.atomic
def post_update(*, post: Post) -> Post:
    """Change a post without breaking the appointments to it."""
    post_check(post=post)
    post.save()
    return post


def person_check(*, person: Person) -> None:
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
    same_date = QuotaVersion.objects.filter(effective_date=effective_date)
    if version is not None and version.pk:
        same_date = same_date.exclude(pk=version.pk)
    if same_date.exists():
        refuse(
            "effective_date",
            _("A quota version with this effective date exists already."),
            "duplicate_date",
        )
    faults = quota.line_faults(places=places, members=members, size=size)
    if faults.not_members:
        refuse(
            "places",
            _("Only member states on %(day)s hold quota; not members then: %(states)s.")
            % {
                "day": effective_date.isoformat(),
                "states": ", ".join(sorted(str(state) for state in faults.not_members)),
            },
            "not_a_member",
        )
    if faults.missing:
        refuse(
            "places",
            _("Every member state on that day needs a line (zero is allowed): missing %(states)s.")
            % {"states": ", ".join(sorted(str(state) for state in faults.missing))},
            "missing_member",
        )
    if faults.negative:
        refuse("places", _("Places cannot be negative."), "negative")
    if faults.total != size:
        refuse(
            "places",
            _("The places add up to %(total)s; they must add up to the establishment size, %(size)s.")
            % {"total": faults.total, "size": size},
            "wrong_total",
        )
    if errors:
        raise ValidationError(errors)

    # Lock every member state: no appointment may slip in while the quota changes.
    list(State.objects.select_for_update().filter(pk__in=[state.pk for state in members]))
    # The rows as they would be with this version saved (it replaces the version of its day).
    rows = quota_rows(states=[state.pk for state in members], start=effective_date).with_version(
        effective_date, {state.pk: value for state, value in places.items()}
    )
    later = [day for day in rows.version_days if day > effective_date]
    until = later[0] - timedelta(days=1) if later else None
    over = []
    # Sorted, so the message names the same state and day on every run.
    for state in sorted(members, key=lambda member: member.code):
        excess = quota.quota_excesses(rows, state=state.pk, start=effective_date, end=until)
        if excess:
            first = excess[0]
            over.append(
                _("%(state)s would have %(serving)s officials on %(day)s for %(quota)s places")
                % {
                    "state": state,
                    "serving": first.serving,
                    "day": first.day.isoformat(),
                    "quota": first.quota,
                }
            )
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
    establishment_size: int | None = None,
) -> QuotaVersion:
    """Publish a quota version: one line per member state that day, summing to the establishment.

    `establishment_size` (official posts) is the Secretariat's unless given: a new size is
    changed only with the version that shares it out (rule 2 of the brief: every quota
    version sums to the establishment size), and only by the version in force from today
    or earlier on, so that the Secretariat's size is always that of the version in force.
    Refused (ValidationError) when a state would be over its new quota on any day the
    version is in force, or for a new size on a version that would not be in force today.
    """
    secretariat = Secretariat.objects.select_for_update().get(pk=Secretariat.objects.current().pk)
    size = establishment_size or secretariat.establishment_size
    if size != secretariat.establishment_size:
        later = QuotaVersion.objects.filter(effective_date__gt=effective_date).exists()
        if effective_date > timezone.localdate() or later:
            raise ValidationError(
                {
                    "establishment_size": ValidationError(
                        _(
                            "A new establishment size takes effect with the quota version in force: "
                            "give it an effective date not later than today and after every other "
                            "version, or publish it with the present size (%(size)s)."
                        )
                        % {"size": secretariat.establishment_size},
                        code="size_with_version_in_force",
                    )
                }
            )
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
    if size != secretariat.establishment_size:
        secretariat.establishment_size = size
        secretariat.full_clean()
        secretariat.save()
    return version
