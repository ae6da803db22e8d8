"""The establishment: posts, quota versions and appointments."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import KeptDateField
from core.links import page_url_of, url_for
from core.localized import choice_label, localized
from core.periods import NoOverlapMixin, OverlapRule, Period, PeriodQuerySet, ends_after_start
from secretariat.models import Department, Person, Secretariat, Standing, State

from .quota import QuotaRows


class Category(models.TextChoices):
    OFFICIAL = "official", _("official (quota)")
    TECHNICAL = "technical", _("technical staff")


class PostQuerySet(PeriodQuerySet):
    def vacant_on(self, day: date) -> PostQuerySet:
        """Posts that exist on that day and have no holder."""
        return self.on(day).exclude(Exists(Appointment.objects.on(day).filter(post=OuterRef("pk"))))

    def with_holder_on(self, day: date) -> PostQuerySet:
        """Each post with that day's holder (name, state, contract), in the same query.

        One join to the appointment serving that day, not a subquery per column: a post has
        at most one holder on a day (rule 4, an exclusion constraint on PostgreSQL), so the
        join adds no row, and an index on the end date finds today's holders directly.
        """
        serving = Q(appointments__start_date__lte=day) & (
            Q(appointments__end_date__isnull=True) | Q(appointments__end_date__gte=day)
        )
        return self.annotate(holder=FilteredRelation("appointments", condition=serving)).annotate(
            holder_appointment_id=F("holder__id"),
            holder_person_id=F("holder__person_id"),
            holder_name=F("holder__person__name_latin"),
            holder_name_original=F("holder__person__name_original"),
            holder_is_fictional=F("holder__person__is_fictional"),
            holder_state_code=F("holder__nominated_by__code"),
            holder_state_name_en=F("holder__nominated_by__name_en"),
            holder_state_name_ru=F("holder__nominated_by__name_ru"),
            holder_state_name_zh=F("holder__nominated_by__name_zh"),
            holder_start=F("holder__start_date"),
            holder_contract_end=F("holder__planned_end_date"),
        )

    def for_staffing_table(self, day: date) -> PostQuerySet:
        """Posts existing that day, with department and that day's holder, in one query."""
        return (
            self.on(day)
            .select_related("department")
            .with_holder_on(day)
            .order_by("department__position", "position", "code")
        )


class PostManager(models.Manager.from_queryset(PostQuerySet)):
    def get_by_natural_key(self, code: str) -> Post:
        return self.get(code=code)


class Post(Period):
    """A post of the establishment; it exists from its start date until abolished (end date)."""

    class Grade(models.TextChoices):
        DEPUTY_SECRETARY_GENERAL = "dsg", _("Deputy Secretary-General")
        HEAD_OF_DEPARTMENT = "head", _("Head of department")
        COUNSELLOR = "counsellor", _("Counsellor")
        FIRST_SECRETARY = "first", _("First secretary")
        SECOND_SECRETARY = "second", _("Second secretary")
        THIRD_SECRETARY = "third", _("Third secretary")
        TECHNICAL = "technical", _("Technical staff")

    code = models.CharField(_("code"), max_length=20, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="posts", verbose_name=_("department")
    )
    grade = models.CharField(_("grade"), max_length=20, choices=Grade.choices)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OFFICIAL
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = PostManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["department__position", "position", "code"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            ends_after_start("staffing_post"),
            models.CheckConstraint(
                condition=Q(category=Category.TECHNICAL, grade="technical")
                | (~Q(category=Category.TECHNICAL) & ~Q(grade="technical")),
                name="staffing_post_technical_grade_matches_category",
                violation_error_message=_("Technical posts, and only they, have the technical staff grade."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def get_absolute_url(self) -> str:
        return url_for("staffing:post-detail", self.code)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_official(self) -> bool:
        return self.category == Category.OFFICIAL

    # Shown for each of the staffing table's hundreds of posts (see choice_label).

    def get_category_display(self) -> str:
        return choice_label(Category, self.category)

    def get_grade_display(self) -> str:
        return choice_label(self.Grade, self.grade)

    # The holder of a day, on posts read with `with_holder_on(day)`.

    @property
    def holder_url(self) -> str:
        return page_url_of(Person, self.holder_person_id) if self.holder_person_id else ""

    @property
    def holder_state_name(self) -> str:
        """The nominating state of the holder in the reader's language ("" for technical staff)."""
        return localized(self, "holder_state_name") if self.holder_state_code else ""


class QuotaVersionQuerySet(models.QuerySet):
    def effective_on(self, day: date) -> QuotaVersion | None:
        return self.filter(effective_date__lte=day).order_by("-effective_date").first()


class QuotaVersionManager(models.Manager.from_queryset(QuotaVersionQuerySet)):
    def get_by_natural_key(self, effective_date: str) -> QuotaVersion:
        return self.get(effective_date=effective_date)


class QuotaVersion(models.Model):
    """The quota of every member state from an effective date until the next version."""

    effective_date = KeptDateField(_("effective date"), unique=True)
    establishment_size = models.PositiveSmallIntegerField(_("establishment size"), default=36)
    basis = models.TextField(_("basis"), blank=True, help_text=_("How the allocation was reached."))
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=True,
        help_text=_("Derived for the demo from budget shares; the real allocation is not public."),
    )

    objects = QuotaVersionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_date"]
        get_latest_by = "effective_date"
        verbose_name = _("quota version")
        verbose_name_plural = _("quota versions")

    def __str__(self) -> str:
        return _("Quota from %(date)s") % {"date": self.effective_date.isoformat()}

    def natural_key(self) -> tuple[str]:
        return (self.effective_date.isoformat(),)

    def get_absolute_url(self) -> str:
        return url_for("staffing:quota-version-detail", self.pk)


def version_effective_on(day):
    """Subquery: the pk of the quota version in force on `day` (a date or an expression)."""
    day_expr = day if hasattr(day, "resolve_expression") else Value(day)
    return Subquery(
        QuotaVersion.objects.filter(effective_date__lte=day_expr).order_by("-effective_date").values("pk")[:1]
    )


class QuotaLineQuerySet(models.QuerySet):
    def on(self, day: date) -> QuotaLineQuerySet:
        """The quota in force on that day, one line per member state, in one query.

        A line of a state that is not a member that day holds no quota.
        """
        return self.filter(version=version_effective_on(day), state__in=State.objects.members_on(day))


class QuotaLine(models.Model):
    """One member state's places in one quota version."""

    version = models.ForeignKey(
        QuotaVersion,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("quota version"),
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="quota_lines", verbose_name=_("state")
    )
    places = models.PositiveSmallIntegerField(_("places"))
    budget_share = models.DecimalField(
        _("budget share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The share of the budget the places were derived from, if any."),
    )

    objects = QuotaLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "state"]
        verbose_name = _("quota line")
        verbose_name_plural = _("quota lines")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "state"],
                name="staffing_quotaline_one_line_per_state",
                violation_error_message=_("This state already has a line in this quota version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.places}"


class QuotaStatus(models.TextChoices):
    UNREPRESENTED = "unrepresented", _("unrepresented")
    BELOW = "below", _("below quota")
    AT = "at", _("at quota")
    OVER = "over", _("over quota")

    @classmethod
    def of(cls, quota: int, serving: int) -> QuotaStatus:
        if serving > quota:
            return cls.OVER
        if serving == 0:
            return cls.UNREPRESENTED
        return cls.AT if serving == quota else cls.BELOW


class QuotaUseIterable(ModelIterable):
    """States of `quota_use_on`, each given its free places and status from its quota and
    serving officials: arithmetic done here rather than in SQL, where each expression would
    repeat the quota's subquery and the count (a third of the dashboard's time to compile)."""

    def __iter__(self):
        for state in super().__iter__():
            state.free = state.quota - state.serving
            state.status = QuotaStatus.of(state.quota, state.serving)
            yield state


def quota_use_on(day: date):
    """Member states on that day with quota, serving officials, free places and status.

    One SQL query whatever the number of states and appointments: the quota is a correlated
    subquery, the serving officials a count over one join to the appointments running that
    day. (A subquery for the count would be repeated for each annotation using it, and
    scan a state's whole history for a day long past.)
    """
    places = QuotaLine.objects.filter(version=version_effective_on(day), state=OuterRef("pk")).values(
        "places"
    )[:1]
    running = Q(nominated_appointments__start_date__lte=day) & (
        Q(nominated_appointments__end_date__isnull=True) | Q(nominated_appointments__end_date__gte=day)
    )
    states = (
        State.objects.members_on(day)
        .annotate(running=FilteredRelation("nominated_appointments", condition=running))
        .annotate(
            quota=Coalesce(Subquery(places), 0),
            serving=Count("running", filter=Q(running__post__category=Category.OFFICIAL)),
        )
    )
    states._iterable_class = QuotaUseIterable
    # In SCO protocol order (Russian names). Meta.ordering is not applied to a query with
    # GROUP BY: without this the order would be the database's.
    return states.order_by("name_ru", "name_en")


def quota_rows(
    *,
    states: list[int] | None = None,
    start: date | None = None,
    end: date | None = None,
    exclude: int | None = None,
) -> QuotaRows:
    """The rows the quota rule reads (`staffing.quota`), in three queries.

    Every quota line with its version's effective date (a version without lines too), the
    member standings, and the officials' appointments sharing a day with [start, end]
    (None: unbounded), of `states` only when given, without the appointment `exclude`.
    """
    standings = Standing.objects.filter(status=Standing.Status.MEMBER)
    appointments = Appointment.objects.officials().exclude(nominated_by=None).order_by()
    if states is not None:
        standings = standings.filter(state__in=states)
        appointments = appointments.filter(nominated_by__in=states)
    if start is not None:
        appointments = appointments.overlapping(start, end)
    elif end is not None:
        appointments = appointments.filter(start_date__lte=end)
    if exclude is not None:
        appointments = appointments.exclude(pk=exclude)
    return QuotaRows.build(
        lines=QuotaVersion.objects.order_by().values_list(
            "effective_date", "lines__state_id", "lines__places"
        ),
        memberships=standings.order_by().values_list("state_id", "start_date", "end_date"),
        appointments=appointments.values_list("nominated_by_id", "start_date", "end_date"),
    )


class AppointmentQuerySet(PeriodQuerySet):
    def officials(self) -> AppointmentQuerySet:
        return self.filter(post__category=Category.OFFICIAL)

    def technical(self) -> AppointmentQuerySet:
        return self.filter(post__category=Category.TECHNICAL)

    def serving(self, day: date) -> AppointmentQuerySet:
        """Officials (quota posts) serving on that day."""
        return self.on(day).officials()

    def ending_between(self, start: date, end: date) -> AppointmentQuerySet:
        """Serving appointments whose contract ends in [start, end]."""
        return self.on(start).filter(planned_end_date__gte=start, planned_end_date__lte=end)

    def with_related(self) -> AppointmentQuerySet:
        return self.select_related("person", "post", "post__department", "nominated_by")


class Appointment(NoOverlapMixin, Period):
    """One person holding one post for a period."""

    class EndReason(models.TextChoices):
        CONTRACT_ENDED = "contract_ended", _("contract ended")
        RESIGNED = "resigned", _("resigned")
        RECALLED = "recalled", _("recalled by the nominating state")
        TRANSFERRED = "transferred", _("moved to another post")
        DISMISSED = "dismissed", _("dismissed")
        DECEASED = "deceased", _("deceased")
        OTHER = "other", _("other")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("post")
    )
    nominated_by = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        related_name="nominated_appointments",
        null=True,
        blank=True,
        verbose_name=_("nominating state"),
        help_text=_("Officials only: the member state whose quota the post counts against."),
    )
    planned_end_date = KeptDateField(_("contract end"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=EndReason.choices, blank=True
    )

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords()

    overlap_rules = (
        OverlapRule(
            "staffing_appointment_post_no_overlap",
            ("post",),
            "post",
            _("This post already has a holder in this period: %(other)s."),
        ),
        OverlapRule(
            "staffing_appointment_person_no_overlap",
            ("person",),
            "person",
            _("This person already holds a post in this period: %(other)s."),
        ),
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["nominated_by", "start_date"], name="staffing_appt_state_start"),
            models.Index(fields=["post", "start_date"], name="staffing_appt_post_start"),
            models.Index(fields=["planned_end_date"], name="staffing_appt_contract_end"),
            # Lists show the latest appointments first: the first page is read off this index.
            models.Index(fields=["start_date"], name="staffing_appt_start"),
            # Who serves today: `end_date IS NULL OR end_date >= today` is a few hundred rows
            # out of the whole history, found here (holders, quota use, contracts ending).
            models.Index(fields=["end_date"], name="staffing_appt_end"),
        ]
        constraints = [
            ends_after_start("staffing_appointment"),
            models.CheckConstraint(
                condition=Q(planned_end_date__isnull=True) | Q(planned_end_date__gte=F("start_date")),
                name="staffing_appointment_contract_ends_after_start",
                violation_error_message=_("The contract end is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""),
                name="staffing_appointment_end_has_reason",
                violation_error_message=_("Give the reason the appointment ended."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name_latin} — {self.post.code}"

    def get_absolute_url(self) -> str:
        return url_for("staffing:appointment-detail", self.pk)

    def get_end_reason_display(self) -> str:  # in every row of the appointment lists (choice_label)
        return choice_label(self.EndReason, self.end_reason)

    def clean(self) -> None:
        super().clean()
        if not (self.post_id and self.person_id):
            return
        errors = {}
        if self.post.is_official:
            if self.nominated_by_id is None:
                errors["nominated_by"] = _("An official is nominated by a member state: choose it.")
            elif self.person.nationality_id != self.nominated_by_id:
                errors["nominated_by"] = _(
                    "An official is a national of the nominating state: "
                    "%(person)s is a national of %(nationality)s, not %(state)s."
                ) % {
                    "person": self.person.name_latin,
                    "nationality": self.person.nationality,
                    "state": self.nominated_by,
                }
        else:
            # The rule audit checks thousands of rows against one host: it sets `known_host_state`.
            host = getattr(self, "known_host_state", None) or Secretariat.objects.current().host_state
            if self.nominated_by_id is not None:
                errors["nominated_by"] = _(
                    "Technical staff are not nominated by a state and count against no quota."
                )
            if self.person.nationality_id != host.pk:
                errors["person"] = _("Technical staff are nationals of the host country (%(host)s).") % {
                    "host": host
                }
        if (
            self.start_date
            and self.post.start_date
            and (
                self.start_date < self.post.start_date
                or (self.post.end_date and (self.end_date is None or self.end_date > self.post.end_date))
            )
        ):
            errors["start_date"] = _("The post exists only from %(start)s to %(end)s.") % {
                "start": self.post.start_date.isoformat(),
                "end": self.post.end_date.isoformat() if self.post.end_date else "…",
            }
        if errors:
            raise ValidationError(errors)
