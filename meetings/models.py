"""Meetings of SCO bodies, the presidencies that chair them, their materials, and the drafts
under the Secretariat's expert review."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.dates import KeptDateField, format_date
from core.links import url_for
from core.localized import choice_label, localized
from core.periods import NoOverlapMixin, OverlapRule, Period, PeriodQuerySet, ends_after_start
from secretariat.models import Named, State


class Confidence(models.TextChoices):
    """How sure the sources make a fact (the reference notes' flags)."""

    VERIFIED = "V", _("verified")
    SINGLE_SOURCE = "S", _("single source")
    UNCERTAIN = "U", _("uncertain")


class Sourced(models.Model):
    """Abstract: where a fact comes from, how sure it is, and whether it is demo fiction."""

    source = models.TextField(_("sources"), blank=True, help_text=_("Addresses or titles, one a line."))
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.VERIFIED
    )
    note = models.TextField(_("note"), blank=True)
    is_fictional = models.BooleanField(
        _("fictional"), default=False, help_text=_("Demo data: illustrative, not a real record.")
    )

    class Meta:
        abstract = True

    def get_confidence_display(self) -> str:
        return choice_label(Confidence, self.confidence)

    @property
    def sources(self) -> list[str]:
        return [line.strip() for line in self.source.splitlines() if line.strip()]


class Rotation(models.TextChoices):
    """The two sequences of presidencies: they pass at different meetings."""

    SCO = "sco", _("SCO presidency")
    CHG = "chg", _("chair of the Heads of Government")


class DatePrecision(models.TextChoices):
    DAY = "day", _("exact day")
    MONTH = "month", _("month only")
    YEAR = "year", _("year only")


def last_day(day: date, precision: str) -> date:
    """The last day a date may stand for: the day itself, or the end of its month or year."""
    if precision == DatePrecision.YEAR:
        return date(day.year, 12, 31)
    if precision == DatePrecision.MONTH:
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def date_display(day: date | None, precision: str = DatePrecision.DAY, *, iso: bool = False) -> str:
    """A date as precise as it is known: "15 Jun 2001", "Sep 2001" or "2026" (ISO: 2001-06-15,
    2001-09, 2026)."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day:%Y-%m}" if iso else format_date(day, "YEAR_MONTH_FORMAT")
    return day.isoformat() if iso else format_date(day, "DATE_FORMAT")


class BodyManager(models.Manager):
    def get_by_natural_key(self, code: str) -> Body:
        return self.get(code=code)


class Body(Named):
    """An SCO body whose meetings the Secretariat supports (Council of Heads of State, …)."""

    code = models.SlugField(_("code"), max_length=12, unique=True, help_text=_("e.g. CHS, CHG, CNC"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    rotation = models.CharField(
        _("chaired by"),
        max_length=3,
        choices=Rotation.choices,
        blank=True,
        help_text=_("The presidency whose state chairs it; empty when the host chairs."),
    )
    frequency_en = models.CharField(_("how often it meets (English)"), max_length=200, blank=True)
    frequency_ru = models.CharField(_("how often it meets (Russian)"), max_length=200, blank=True)
    frequency_zh = models.CharField(_("how often it meets (Chinese)"), max_length=200, blank=True)
    source = models.TextField(_("sources"), blank=True)

    objects = BodyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def frequency(self) -> str:
        return localized(self, "frequency")


class PresidencyQuerySet(PeriodQuerySet):
    def holders_on(self, day: date) -> dict[str, Presidency]:
        """The presidency of each rotation on that day, in one query."""
        return {row.rotation: row for row in self.on(day).select_related("state")}


class Presidency(NoOverlapMixin, Period, Sourced):
    """A state's presidency in one rotation, for a period: periods of a rotation never overlap."""

    rotation = models.CharField(_("rotation"), max_length=3, choices=Rotation.choices)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="presidencies", verbose_name=_("state")
    )

    objects = PresidencyQuerySet.as_manager()
    history = HistoricalRecords()

    overlap_rules = (
        OverlapRule(
            "meetings_presidency_no_overlap",
            ("rotation",),
            "start_date",
            _("Another presidency of this rotation covers part of this period: %(other)s."),
        ),
    )

    class Meta:
        ordering = ["rotation", "start_date"]
        verbose_name = _("presidency")
        verbose_name_plural = _("presidencies")
        constraints = [ends_after_start("meetings_presidency")]

    def __str__(self) -> str:
        end = f"{self.end_date:%Y-%m-%d}" if self.end_date else ""
        return f"{self.state} ({self.get_rotation_display()}, {self.start_date:%Y-%m-%d}–{end})"

    def get_rotation_display(self) -> str:
        return choice_label(Rotation, self.rotation)


class MeetingQuerySet(models.QuerySet):
    def for_list(self) -> MeetingQuerySet:
        return self.select_related("body", "host_state")

    def upcoming(self, today: date, until: date | None = None) -> MeetingQuerySet:
        """Planned meetings, the next first (a date known only to its year or month counts
        from its first day, so a planned meeting of this year stays listed)."""
        this_year = date(today.year, 1, 1)
        rows = self.filter(status=Meeting.Status.PLANNED).filter(
            Q(start_date__gte=today) | Q(start_date__gte=this_year, date_precision__in=["month", "year"])
        )
        if until is not None:
            rows = rows.filter(start_date__lte=until)
        return rows.select_related("body", "host_state").order_by("start_date", "pk")


def deadlines_between(meetings: list[Meeting], first: date, last: date) -> list[Meeting]:
    """The meetings whose materials deadline falls from first to last, the soonest first.

    Each meeting records its own number of days, so the deadline is worked out here, on
    meetings already read (those starting within a year after `last` are enough)."""
    due = [m for m in meetings if m.materials_deadline is not None and first <= m.materials_deadline <= last]
    return sorted(due, key=lambda meeting: (meeting.materials_deadline, meeting.pk))


class MeetingManager(models.Manager.from_queryset(MeetingQuerySet)):
    def get_by_natural_key(self, body_code: str, start_date: str) -> Meeting:
        return self.get(body__code=body_code, start_date=start_date)


def default_materials_days() -> int:
    return settings.MATERIALS_DAYS_BEFORE


class Meeting(Sourced):
    """A meeting of an SCO body, or an event of the Secretariat itself (its opening)."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        VIDEO = "video", _("videoconference")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", pgettext_lazy("meeting", "held")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("As the body counts its meetings; empty if none.")
    )
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    start_date = KeptDateField(_("first day"))
    end_date = KeptDateField(_("last day"), null=True, blank=True, help_text=_("Empty: a one-day meeting."))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("When the sources give only a month or a year, the first day stands for it."),
    )
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    city_ru = models.CharField(_("city (Russian)"), max_length=100, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=100, blank=True)
    host_state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host state"),
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    chair = models.CharField(_("chair"), max_length=200, blank=True, help_text=_("Person and state."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    materials_days = models.PositiveSmallIntegerField(
        _("materials due (days before)"),
        default=default_materials_days,
        help_text=_("Materials go to member states at least this many days before the meeting, as a rule."),
    )

    objects = MeetingManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            ends_after_start("meetings_meeting"),
            models.UniqueConstraint(
                fields=["body", "number"],
                name="meetings_meeting_unique_number_per_body",
                violation_error_code="number_taken",
                violation_error_message=_("This body already has a meeting with this number."),
            ),
            models.UniqueConstraint(
                fields=["body", "start_date"],
                name="meetings_meeting_one_start_per_body",
                violation_error_code="same_day",
                violation_error_message=_("This body already has a meeting starting on this day."),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1),
                name="meetings_meeting_number_positive",
                violation_error_message=_("A meeting's number starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.dates_display})"

    def natural_key(self) -> tuple[str, str]:
        return (self.body.code, self.start_date.isoformat())

    natural_key.dependencies = ["meetings.body"]

    def get_absolute_url(self) -> str:
        return url_for("meetings:meeting-detail", self.pk)

    @property
    def name(self) -> str:
        """ "Council of Heads of State, 25th meeting", or the event's own title."""
        title = localized(self, "title")
        if title:
            return title
        if self.number:
            return _("%(body)s, meeting %(number)s") % {"body": self.body.name, "number": self.number}
        return self.body.name

    @property
    def city(self) -> str:
        return localized(self, "city")

    @property
    def last_day(self) -> date:
        return self.end_date or self.start_date

    @property
    def dates_display(self) -> str:
        return meeting_dates(self.start_date, self.end_date, self.date_precision)

    @property
    def dates_iso(self) -> str:
        return meeting_dates(self.start_date, self.end_date, self.date_precision, iso=True)

    @property
    def materials_deadline(self) -> date | None:
        """The last day to circulate materials; unknown while the meeting's day is not."""
        if self.date_precision != DatePrecision.DAY:
            return None
        return self.start_date - timedelta(days=self.materials_days)

    def get_format_display(self) -> str:
        return choice_label(self.Format, self.format)

    def get_status_display(self) -> str:
        return choice_label(self.Status, self.status)

    def clean(self) -> None:
        super().clean()
        if self.date_precision != DatePrecision.DAY and self.end_date:
            raise ValidationError(
                {
                    "end_date": ValidationError(
                        _("A last day needs a first day known to the day."), code="end_imprecise"
                    )
                }
            )
        self._check_number_follows_dates()

    def _check_number_follows_dates(self) -> None:
        """A body's numbers grow with its dates: the meeting numbered just below starts
        earlier, the one just above later. (The service locks the body first.)"""
        if not self.number or not self.body_id or not self.start_date:
            return
        siblings = Meeting.objects.filter(body_id=self.body_id, number__isnull=False).exclude(pk=self.pk)
        before = siblings.filter(number__lt=self.number).order_by("-number").first()
        after = siblings.filter(number__gt=self.number).order_by("number").first()
        if before is not None and before.start_date >= self.start_date:
            other = before
        elif after is not None and after.start_date <= self.start_date:
            other = after
        else:
            return
        raise ValidationError(
            {
                "number": ValidationError(
                    _(
                        "Numbers grow with dates: meeting %(other_number)s of this body was on "
                        "%(other_date)s, so number %(number)s cannot start on %(date)s."
                    )
                    % {
                        "other_number": other.number,
                        "other_date": other.start_date.isoformat(),
                        "number": self.number,
                        "date": self.start_date.isoformat(),
                    },
                    code="number_out_of_order",
                )
            }
        )


def meeting_dates(start: date, end: date | None, precision: str, *, iso: bool = False) -> str:
    first = date_display(start, precision, iso=iso)
    if not end or end == start:
        return first
    return f"{first} – {date_display(end, precision, iso=iso)}"


class Delegation(Sourced):
    """The head of one delegation at a meeting: of a state, or of an organisation."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("meeting")
    )
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("state")
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("When the delegation is not a state's.")
    )
    head_name = models.CharField(_("head of delegation"), max_length=200)
    head_name_original = models.CharField(_("name (original script)"), max_length=200, blank=True)
    head_title = models.CharField(_("title"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__isnull=False) | ~Q(organisation=""),
                name="meetings_delegation_state_or_organisation",
                violation_error_message=_("A delegation is a state's or an organisation's: name one."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.head_name} ({self.state or self.organisation})"


class AgendaItem(models.Model):
    """One item of a meeting's agenda."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("item"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="meetings_agendaitem_unique_position",
                violation_error_message=_("The agenda already has an item with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class AdoptedDocument(Sourced):
    """A document signed or adopted at a meeting (a title until the depository records it)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="documents", verbose_name=_("meeting")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("document adopted")
        verbose_name_plural = _("documents adopted")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class Step(models.TextChoices):
    """The steps of a draft's expert review, in order, then the two ways out."""

    RECEIVED = "received", _("received")
    LEGAL_REVIEW = "legal_review", _("legal review")
    FINANCIAL_REVIEW = "financial_review", _("financial review")
    CONSULTATIONS = "consultations", _("expert consultations")
    CNC_CONSENT = "cnc_consent", _("consent of the National Coordinators")
    CIRCULATED = "circulated", _("circulated")
    AGREED = "agreed", _("agreed")
    ADOPTED = "adopted", _("adopted")
    WITHDRAWN = "withdrawn", _("withdrawn")


CLOSED_STEPS = (Step.ADOPTED, Step.WITHDRAWN)


class DraftQuerySet(models.QuerySet):
    def open(self) -> DraftQuerySet:
        return self.exclude(step__in=CLOSED_STEPS)

    def for_queue(self) -> DraftQuerySet:
        """Drafts with their target meeting and the day of their last step: one query (the
        proposing states come with one more, prefetched)."""
        last_step = (
            ReviewStep.objects.filter(draft=models.OuterRef("pk")).order_by("-on", "-pk").values("on")[:1]
        )
        return (
            self.select_related("target_meeting__body")
            .prefetch_related(
                models.Prefetch("proposers", queryset=DraftProposer.objects.select_related("state"))
            )
            .annotate(step_since=models.Subquery(last_step))
        )


class DraftManager(models.Manager.from_queryset(DraftQuerySet)):
    def get_by_natural_key(self, reference: str) -> Draft:
        return self.get(reference=reference)


class Draft(Sourced):
    """A draft treaty or regulatory document under the Secretariat's preliminary expert review."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("agreement")
        PROTOCOL = "protocol", _("protocol")
        DECISION = "decision", _("decision")
        DECLARATION = "declaration", _("declaration")
        REGULATIONS = "regulations", _("regulations")
        BUDGET = "budget", _("budget document")
        OTHER = "other", _("other")

    reference = models.CharField(_("reference"), max_length=30, unique=True, help_text=_("e.g. D-2026-01"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    target_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name=_("target meeting"),
    )
    has_financial_effects = models.BooleanField(
        _("budget or staff effects"), default=False, help_text=_("Then it goes through financial review.")
    )
    received_on = KeptDateField(_("received on"))
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.RECEIVED)

    objects = DraftManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def natural_key(self) -> tuple[str]:
        return (self.reference,)

    def get_absolute_url(self) -> str:
        return url_for("meetings:draft-detail", self.pk)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_open(self) -> bool:
        return self.step not in CLOSED_STEPS

    def get_step_display(self) -> str:
        return choice_label(Step, self.step)

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def days_left(self, today: date | None = None) -> int | None:
        """Days from today to the target meeting's materials deadline (negative: passed)."""
        deadline = self.target_meeting.materials_deadline if self.target_meeting_id else None
        if deadline is None:
            return None
        return (deadline - (today or timezone.localdate())).days


class DraftProposer(models.Model):
    """A state proposing a draft."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="proposers", verbose_name=_("draft")
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+", verbose_name=_("state"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["draft", "state__name_ru"]
        verbose_name = _("proposing state")
        verbose_name_plural = _("proposing states")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "state"],
                name="meetings_draftproposer_once",
                violation_error_message=_("This state is already among the proposers."),
            )
        ]

    def __str__(self) -> str:
        return str(self.state)


class ReviewStep(models.Model):
    """One step a draft took: when, who recorded it, and its conclusion."""

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="steps", verbose_name=_("draft"))
    step = models.CharField(_("step"), max_length=20, choices=Step.choices)
    on = KeptDateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    conclusion = models.TextField(_("conclusion"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["draft", "on", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self) -> str:
        return f"{self.draft.reference}: {self.get_step_display()} ({self.on:%Y-%m-%d})"

    def get_step_display(self) -> str:
        return choice_label(Step, self.step)


class MaterialStatus(models.TextChoices):
    ON_TIME = "on_time", _("on time")
    LATE = "late", _("late")
    EXCEPTED = "excepted", _("late, exception recorded")
    DUE = "due", _("not circulated yet")
    OVERDUE = "overdue", _("not circulated, deadline passed")
    NO_DEADLINE = "no_deadline", _("no deadline until the meeting's day is known")


# Statuses that want an officer's attention.
FLAGGED = (MaterialStatus.LATE, MaterialStatus.OVERDUE)


class MaterialQuerySet(models.QuerySet):
    def flagged_for_planned_meetings(self) -> MaterialQuerySet:
        """Materials circulated late with no exception recorded, for meetings still to come."""
        return self.filter(
            is_late=True, exception_reason="", meeting__status=Meeting.Status.PLANNED
        ).select_related("meeting__body")


class Material(Sourced):
    """A document circulated to member states before a meeting (a draft, an agenda, a report).

    `is_late` is written by the service whenever the circulation day or the meeting's date
    changes, so that the flag, like the exception that clears it, is in the history.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="materials", verbose_name=_("meeting")
    )
    draft = models.ForeignKey(
        Draft,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("draft"),
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    circulated_on = KeptDateField(_("circulated on"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False, editable=False)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    exception_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exception recorded by"),
    )
    exception_recorded_on = KeptDateField(_("exception recorded on"), null=True, blank=True)

    objects = MaterialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "circulated_on", "pk"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.CheckConstraint(
                condition=Q(exception_recorded_on__isnull=True) | ~Q(exception_reason=""),
                name="meetings_material_exception_has_reason",
                violation_error_code="exception_without_reason",
                violation_error_message=_("An exception to the deadline needs its reason."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    def late_on(self, deadline: date | None) -> bool:
        return bool(deadline and self.circulated_on and self.circulated_on > deadline)

    def status(self, today: date | None = None) -> str:
        deadline = self.meeting.materials_deadline
        if self.circulated_on is None:
            if deadline is None:
                return MaterialStatus.NO_DEADLINE
            return (
                MaterialStatus.OVERDUE if (today or timezone.localdate()) > deadline else MaterialStatus.DUE
            )
        if not self.is_late:
            return MaterialStatus.ON_TIME
        return MaterialStatus.EXCEPTED if self.exception_reason else MaterialStatus.LATE

    def days_before(self) -> int | None:
        """Days between circulation and the meeting's first day."""
        if self.circulated_on is None or self.meeting.date_precision != DatePrecision.DAY:
            return None
        return (self.meeting.start_date - self.circulated_on).days


class CalendarToken(models.Model):
    """A user's personal secret for the calendar feed's address; revoked, it opens nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("user"),
    )
    key = models.CharField(_("secret"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    # The secret itself stays out of the history: a History page must not show it.
    history = HistoricalRecords(excluded_fields=["key"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="meetings_calendartoken_one_active_per_user",
                violation_error_message=_("This user already has an active calendar address."),
            )
        ]

    def __str__(self) -> str:
        state = _("revoked") if self.revoked_at else _("active")
        return f"{self.user} ({state})"
