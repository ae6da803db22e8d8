"""The Secretariat's reference data: states over time, departments, people, terms, representatives."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import KeptDateField
from core.links import page_url, url_for
from core.localized import Named, choice_label, localized
from core.periods import NoOverlapMixin, OverlapRule, Period, PeriodQuerySet, ends_after_start

ONE_DAY = timedelta(days=1)


class StateQuerySet(models.QuerySet):
    def with_status_on(self, day: date, status: str) -> StateQuerySet:
        return self.filter(Exists(Standing.objects.on(day).filter(state=OuterRef("pk"), status=status)))

    def members_on(self, day: date) -> StateQuerySet:
        """Member states on that day, in one query."""
        return self.with_status_on(day, Standing.Status.MEMBER)

    def annotate_status_on(self, day: date) -> StateQuerySet:
        """Each state with its standing on that day (empty when it had none)."""
        standing = Standing.objects.on(day).filter(state=OuterRef("pk")).values("status")[:1]
        return self.annotate(status_on=models.Subquery(standing))


class StateManager(models.Manager.from_queryset(StateQuerySet)):
    def get_by_natural_key(self, code: str) -> State:
        return self.get(code=code)


class State(Named):
    """A state the SCO knows: member, observer, dialogue partner or partner at some time."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True, help_text=_("ISO 3166-1 alpha-2"))
    iso3 = models.CharField(_("ISO alpha-3 code"), max_length=3, unique=True)
    official_name_en = models.CharField(_("official name (English)"), max_length=200, blank=True)
    official_name_ru = models.CharField(_("official name (Russian)"), max_length=200, blank=True)
    official_name_zh = models.CharField(_("official name (Chinese)"), max_length=200, blank=True)

    objects = StateManager()
    history = HistoricalRecords()

    class Meta:
        # SCO documents list states in Russian alphabetical order (protocol order).
        ordering = ["name_ru", "name_en"]
        verbose_name = _("state")
        verbose_name_plural = _("states")

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def get_absolute_url(self) -> str:
        return page_url(self)  # registered by the app that shows it (core.links)

    @property
    def official_name(self) -> str:
        return localized(self, "official_name")

    def standing_on(self, day: date) -> Standing | None:
        return self.standings.on(day).first()

    def is_member_on(self, day: date) -> bool:
        return self.standings.on(day).filter(status=Standing.Status.MEMBER).exists()

    def is_member_throughout(self, start: date, end: date | None) -> bool:
        """True when its membership covers every day from start to end (None: ongoing),
        back-to-back membership rows counting as one period."""
        return self.standings.filter(status=Standing.Status.MEMBER).covers(start, end)


class Standing(NoOverlapMixin, Period):
    """A state's standing towards the SCO for a period: member, observer or partner."""

    class Status(models.TextChoices):
        MEMBER = "member", _("member state")
        OBSERVER = "observer", _("observer state")
        DIALOGUE_PARTNER = "dialogue_partner", _("dialogue partner")
        PARTNER = "partner", _("SCO partner")

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="standings", verbose_name=_("state")
    )
    status = models.CharField(_("standing"), max_length=20, choices=Status.choices)
    decision = models.CharField(
        _("decision"), max_length=300, blank=True, help_text=_("The decision that granted it.")
    )

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    overlap_rules = (
        OverlapRule(
            "secretariat_standing_no_overlap",
            ("state",),
            "start_date",
            _("The state already has a standing in this period: %(other)s."),
        ),
    )

    class Meta:
        ordering = ["state", "start_date"]
        verbose_name = _("standing")
        verbose_name_plural = _("standings")
        constraints = [ends_after_start("secretariat_standing")]

    def __str__(self) -> str:
        return f"{self.state}: {self.get_status_display()} ({self.start_date:%Y-%m-%d}–{self.end_date or ''})"

    def get_status_display(self) -> str:  # on every state's row and page (choice_label)
        return choice_label(self.Status, self.status)

    def clean(self) -> None:
        super().clean()
        if not self.state_id or not self.start_date or (self.end_date and self.end_date < self.start_date):
            return
        gap = self.gap_with_neighbours()
        if gap:
            raise ValidationError({"start_date" if gap[0] == "before" else "end_date": gap[1]})

    def gap_with_neighbours(self) -> tuple[str, ValidationError] | None:
        """A state's standings are continuous: one that follows another starts the day after the
        other ends (Tianjin: observer to 31 Aug 2025, SCO partner from 1 Sep 2025). Every
        recorded change of standing in the sources is such a hand-over; a gap would be a day
        on which the state's standing is unknown. Returns where the gap is, or None.

        A rule across rows: this check (run under the state's lock by
        `services.standing_save`) and `secretariat.audit` hold it; no single-row constraint can.
        """
        siblings = Standing.objects.filter(state_id=self.state_id).exclude(pk=self.pk)
        before = siblings.filter(start_date__lt=self.start_date).order_by("-start_date").first()
        if before is not None and before.end_date is not None and before.end_date + ONE_DAY < self.start_date:
            return "before", ValidationError(
                _("The previous standing (%(other)s) ends on %(end)s: this one must start the next day.")
                % {"other": before.get_status_display(), "end": before.end_date.isoformat()},
                code="standing_gap",
            )
        after = siblings.filter(start_date__gt=self.start_date).order_by("start_date").first()
        if after is not None and self.end_date is not None and self.end_date + ONE_DAY < after.start_date:
            return "after", ValidationError(
                _("The next standing (%(other)s) starts on %(start)s: this one must end the day before.")
                % {"other": after.get_status_display(), "start": after.start_date.isoformat()},
                code="standing_gap",
            )
        return None


class SecretariatQuerySet(models.QuerySet):
    def current(self) -> Secretariat:
        return self.select_related("host_state").get()


class Secretariat(models.Model):
    """The Secretariat itself: settings that change rarely (one row)."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    seat_en = models.CharField(_("seat (English)"), max_length=200)
    seat_ru = models.CharField(_("seat (Russian)"), max_length=200, blank=True)
    seat_zh = models.CharField(_("seat (Chinese)"), max_length=200, blank=True)
    host_state = models.ForeignKey(State, on_delete=models.PROTECT, verbose_name=_("host state"))
    establishment_size = models.PositiveSmallIntegerField(
        _("establishment size"),
        default=36,
        help_text=_("Number of official posts filled by quota."),
    )
    opened_on = KeptDateField(_("opened on"))

    objects = SecretariatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Secretariat")
        verbose_name_plural = _("Secretariat")
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1),
                name="secretariat_secretariat_single_row",
                violation_error_message=_("There is only one Secretariat."),
            ),
            models.CheckConstraint(
                condition=Q(establishment_size__gte=1),
                name="secretariat_secretariat_establishment_positive",
                violation_error_message=_("The establishment needs at least one post."),
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @property
    def seat(self) -> str:
        return localized(self, "seat")


class DepartmentManager(models.Manager):
    def get_by_natural_key(self, code: str) -> Department:
        return self.get(code=code)


class Department(Named):
    """One of the Secretariat's departments, or its leadership."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order on the staffing table.")
    )
    mandate_en = models.TextField(_("mandate (English)"), blank=True)
    mandate_ru = models.TextField(_("mandate (Russian)"), blank=True)
    mandate_zh = models.TextField(_("mandate (Chinese)"), blank=True)

    objects = DepartmentManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def get_absolute_url(self) -> str:
        return page_url(self)

    @property
    def mandate(self) -> str:
        return localized(self, "mandate")


class PersonManager(models.Manager):
    def get_by_natural_key(self, name_latin: str, nationality_code: str) -> Person:
        return self.get(name_latin=name_latin, nationality__code=nationality_code)


class Person(models.Model):
    """Someone the Secretariat knows: an official, a technical staff member, a head or a representative.

    Only what a staffing table needs: names and nationality, no personal data.
    """

    name_latin = models.CharField(_("name (Latin script)"), max_length=200, db_index=True)
    name_original = models.CharField(
        _("name (original script)"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("As written in the person's own script, e.g. Cyrillic or Chinese characters."),
    )
    nationality = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="nationals", verbose_name=_("nationality")
    )
    is_fictional = models.BooleanField(
        _("fictional"), default=False, help_text=_("Demo data: not a real person.")
    )

    objects = PersonManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_latin"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["name_latin", "nationality"],
                name="secretariat_person_unique_name_per_nationality",
                violation_error_message=_("A person with this name and nationality is already recorded."),
            )
        ]

    def __str__(self) -> str:
        if self.name_original and self.name_original != self.name_latin:
            return f"{self.name_latin} ({self.name_original})"
        return self.name_latin

    def natural_key(self) -> tuple[str, str]:
        return (self.name_latin, self.nationality.code)

    natural_key.dependencies = ["secretariat.state"]

    def get_absolute_url(self) -> str:
        return page_url(self)


class SecretaryGeneralTermQuerySet(PeriodQuerySet):
    def head_on(self, day: date) -> SecretaryGeneralTerm | None:
        """The term of the head in office that day, in one query."""
        return self.on(day).select_related("person", "nominating_state").first()


class SecretaryGeneralTerm(NoOverlapMixin, Period):
    """A term of the head of the Secretariat (Executive Secretary, later Secretary-General)."""

    class Title(models.TextChoices):
        EXECUTIVE_SECRETARY = "executive_secretary", _("Executive Secretary")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-General")

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="head_terms", verbose_name=_("person")
    )
    nominating_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominating state")
    )
    title = models.CharField(
        _("title held"), max_length=30, choices=Title.choices, default=Title.SECRETARY_GENERAL
    )
    decision = models.CharField(
        _("approving decision"),
        max_length=300,
        blank=True,
        help_text=_("The Council of Heads of State decision approving the appointment."),
    )

    objects = SecretaryGeneralTermQuerySet.as_manager()
    history = HistoricalRecords()

    overlap_rules = (
        OverlapRule(
            "secretariat_secretarygeneralterm_no_overlap",
            (),
            "start_date",
            _("This term overlaps the term of %(other)s."),
        ),
    )

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("Secretary-General term")
        verbose_name_plural = _("Secretary-General terms")
        constraints = [
            ends_after_start("secretariat_secretarygeneralterm"),
            models.UniqueConstraint(
                fields=["person"],
                name="secretariat_secretarygeneralterm_head_only_once",
                violation_error_message=_(
                    "This person has already been head of the Secretariat: a term is not renewable."
                ),
            ),
            # Every open-ended row has the same value of "end_date IS NULL", so a
            # partial unique index over that expression admits only one of them.
            models.UniqueConstraint(
                Case(When(end_date__isnull=True, then=Value(1)), default=Value(0)),
                condition=Q(end_date__isnull=True),
                name="secretariat_secretarygeneralterm_one_open_term",
                violation_error_message=_("Another term is still open: end it before recording a new one."),
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.end_date:%Y}" if self.end_date else ""
        return f"{self.person.name_latin} ({self.start_date:%Y}–{end})"

    def get_absolute_url(self) -> str:
        return url_for("secretariat:term-detail", self.pk)

    def get_title_display(self) -> str:  # in every row and bar of the heads' page (choice_label)
        return choice_label(self.Title, self.title)

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.nominating_state_id:
            deputy = (
                DeputySecretaryGeneralTerm.objects.overlapping(self.start_date, self.end_date)
                .filter(nominating_state_id=self.nominating_state_id)
                .select_related("person")
                .first()
            )
            if deputy is not None:
                # The code goes on the field's error: a dict-shaped ValidationError drops its own.
                raise ValidationError(
                    {
                        "nominating_state": ValidationError(
                            _(
                                "%(deputy)s, a deputy from the same state, serves in this period: "
                                "a deputy is never from the head's state."
                            )
                            % {"deputy": deputy.person.name_latin},
                            code="deputy_from_heads_state",
                        )
                    }
                )


class DeputySecretaryGeneralTerm(NoOverlapMixin, Period):
    """A term of a Deputy Secretary-General, who is never from the head's state."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="deputy_terms", verbose_name=_("person")
    )
    nominating_state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominating state")
    )
    decision = models.CharField(_("approving decision"), max_length=300, blank=True)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    overlap_rules = (
        OverlapRule(
            "secretariat_deputysecretarygeneralterm_no_overlap",
            ("person",),
            "person",
            _("This person is already Deputy Secretary-General in this period."),
        ),
    )

    class Meta:
        ordering = ["start_date", "nominating_state"]
        verbose_name = _("Deputy Secretary-General term")
        verbose_name_plural = _("Deputy Secretary-General terms")
        constraints = [ends_after_start("secretariat_deputysecretarygeneralterm")]

    def __str__(self) -> str:
        return f"{self.person.name_latin} ({self.nominating_state})"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.nominating_state_id:
            head = (
                SecretaryGeneralTerm.objects.overlapping(self.start_date, self.end_date)
                .filter(nominating_state_id=self.nominating_state_id)
                .select_related("person")
                .first()
            )
            if head is not None:
                raise ValidationError(
                    {
                        "nominating_state": ValidationError(
                            _(
                                "A deputy cannot be from the head's state: %(head)s, nominated by "
                                "the same state, is head in this period."
                            )
                            % {"head": head.person.name_latin},
                            code="deputy_from_heads_state",
                        )
                    }
                )


class PermanentRepresentativeQuerySet(PeriodQuerySet):
    def of_state_on(self, state: State, day: date) -> PermanentRepresentative | None:
        return self.on(day).filter(state=state).select_related("person").first()


class PermanentRepresentative(NoOverlapMixin, Period):
    """A member state's permanent representative to the Secretariat.

    The start date is the day the Secretary-General received written notice of the appointment.
    """

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="representatives", verbose_name=_("state")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="representative_terms",
        verbose_name=_("person"),
    )

    objects = PermanentRepresentativeQuerySet.as_manager()
    history = HistoricalRecords()

    overlap_rules = (
        OverlapRule(
            "secretariat_permanentrepresentative_no_overlap",
            ("state",),
            "start_date",
            _("The state already has a permanent representative in this period: %(other)s."),
        ),
    )

    class Meta:
        ordering = ["state", "-start_date"]
        verbose_name = _("permanent representative")
        verbose_name_plural = _("permanent representatives")
        constraints = [ends_after_start("secretariat_permanentrepresentative")]

    def __str__(self) -> str:
        return f"{self.person.name_latin} ({self.state})"

    def clean(self) -> None:
        super().clean()
        if not self.start_date or not self.state_id or (self.end_date and self.end_date < self.start_date):
            return
        if not self.state.is_member_throughout(self.start_date, self.end_date):
            raise ValidationError(
                {
                    "state": ValidationError(
                        _(
                            "%(state)s is not a member state for the whole of this period; "
                            "only member states have a permanent representative."
                        )
                        % {"state": self.state},
                        code="not_a_member",
                    )
                }
            )


class InternationalOrganisationManager(models.Manager):
    def get_by_natural_key(self, code: str) -> InternationalOrganisation:
        return self.get(code=code)


class InternationalOrganisation(Named):
    """An international organisation the SCO deals with (a party to some instruments)."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("e.g. un, asean, cis"))
    acronym_en = models.CharField(_("acronym (English)"), max_length=30, blank=True)
    acronym_ru = models.CharField(_("acronym (Russian)"), max_length=30, blank=True)
    acronym_zh = models.CharField(_("acronym (Chinese)"), max_length=30, blank=True)

    objects = InternationalOrganisationManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("international organisation")
        verbose_name_plural = _("international organisations")

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def get_absolute_url(self) -> str:
        return page_url(self)  # registered by the app that shows it (relations)

    @property
    def acronym(self) -> str:
        return localized(self, "acronym")
