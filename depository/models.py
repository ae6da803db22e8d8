"""The depository: SCO instruments, each party's acts, the append-only depositary log, certified
copies of the originals and the depositary notifications that report the acts."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from core.dates import KeptDateField
from core.links import url_for
from core.localized import choice_label, localized, localized_field
from meetings.models import DatePrecision, Meeting, Sourced, date_display, last_day
from secretariat.models import InternationalOrganisation, State


def precision_field(label: str) -> models.CharField:
    """How precisely the sources give the date next to it: a day, a month or only a year."""
    return models.CharField(label, max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)


class InstrumentQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> InstrumentQuerySet:
        """In force that day: entered into force by then, and its term (if it has one) not ended.
        An expired memorandum is not in force: every page asks this method."""
        return self.filter(in_force_condition(day))

    def in_force(self, on: date) -> InstrumentQuerySet:
        return self.in_force_on(on)

    def not_in_force(self, on: date) -> InstrumentQuerySet:
        return self.exclude(in_force_condition(on))

    def for_register(self) -> InstrumentQuerySet:
        """The register's rows: each instrument with its meeting and depositary state, one query."""
        return self.select_related("meeting__body", "depositary_state")


def in_force_condition(day: date, prefix: str = "") -> Q:
    """The condition "in force on `day`" on an instrument (through `prefix`, e.g. "instrument__")."""
    return Q(**{f"{prefix}entry_into_force__isnull": False, f"{prefix}entry_into_force__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


class InstrumentManager(models.Manager.from_queryset(InstrumentQuerySet)):
    def get_by_natural_key(self, code: str) -> Instrument:
        return self.get(code=code)


class Instrument(Sourced):
    """A treaty, agreement, protocol, memorandum or decision adopted within the SCO."""

    class Kind(models.TextChoices):
        TREATY = "treaty", _("treaty")
        AGREEMENT = "agreement", _("agreement")
        CONVENTION = "convention", _("convention")
        PROTOCOL = "protocol", _("protocol")
        MEMORANDUM_OF_OBLIGATIONS = "obligations", _("memorandum of obligations")
        MEMORANDUM_OF_UNDERSTANDING = "mou", _("memorandum of understanding")
        DECISION = "decision", _("decision")
        JOINT_DECLARATION = "declaration", _("joint declaration")
        DIALOGUE_MEMORANDUM = "dp_memorandum", _("memorandum on dialogue partner status")

    # The kinds an international organisation may be a party to: the Secretariat's cooperation
    # instruments with organisations are memoranda of understanding and one joint declaration
    # (UN, 2010) (reference/sco-duties.md §4.3); the other kinds are concluded among states.
    ORGANISATION_KINDS = frozenset({Kind.MEMORANDUM_OF_UNDERSTANDING, Kind.JOINT_DECLARATION})

    class Depositary(models.TextChoices):
        SECRETARIAT = "secretariat", _("SCO Secretariat")
        STATE = "state", _("a state")
        NONE = "none", _("none")
        NOT_RECORDED = "unknown", _("not recorded")

    class Consent(models.TextChoices):
        RATIFICATION = "ratification", _("ratification")
        NOTIFICATION = "notification", _("notification that domestic procedures are complete")
        SIGNATURE = "signature", _("signature")

    class Rule(models.TextChoices):
        ALL_PARTIES = "all_parties", _("after the last party's instrument")
        NTH = "nth", _("after the n-th instrument")
        ON_SIGNATURE = "on_signature", _("on signature")
        FIXED_DATE = "fixed_date", _("on a fixed date")
        PROVISIONAL = "provisional", _("provisional application")
        NOT_RECORDED = "unknown", _("not recorded")

    code = models.SlugField(_("code"), max_length=60, unique=True, help_text=_("e.g. charter-2002"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title_en = models.CharField(_("title (English)"), max_length=400)
    title_ru = models.CharField(_("title (Russian)"), max_length=400, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=400, blank=True)
    place_en = models.CharField(_("place of signature (English)"), max_length=100, blank=True)
    place_ru = models.CharField(_("place of signature (Russian)"), max_length=100, blank=True)
    place_zh = models.CharField(_("place of signature (Chinese)"), max_length=100, blank=True)
    signed_on = KeptDateField(_("signed on"), null=True, blank=True)
    signed_precision = precision_field(_("precision of the signature date"))
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("meeting where it was signed"),
    )
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    authentic_languages = models.CharField(
        _("authentic languages"), max_length=100, blank=True, help_text=_("e.g. Russian, Chinese")
    )
    depositary = models.CharField(
        _("depositary"), max_length=12, choices=Depositary.choices, default=Depositary.SECRETARIAT
    )
    depositary_state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deposited_instruments",
        verbose_name=_("depositary state"),
    )
    consent_by = models.CharField(
        _("consent expressed by"), max_length=12, choices=Consent.choices, default=Consent.NOTIFICATION
    )
    eif_rule = models.CharField(
        _("entry-into-force rule"), max_length=12, choices=Rule.choices, default=Rule.NOT_RECORDED
    )
    eif_count = models.PositiveSmallIntegerField(
        _("n-th instrument"), null=True, blank=True, help_text=_("For the n-th instrument rule.")
    )
    eif_days = models.PositiveSmallIntegerField(
        _("days after receipt"),
        null=True,
        blank=True,
        help_text=_("Entry into force on this day after the qualifying instrument (30: the 30th day)."),
    )
    eif_fixed_on = KeptDateField(_("fixed date of entry into force"), null=True, blank=True)
    conditional_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conditions_of",
        verbose_name=_("conditional on"),
        help_text=_("An instrument that must be in force first."),
    )
    provisional_from = KeptDateField(_("applied provisionally from"), null=True, blank=True)
    accession_rules = models.TextField(_("accession"), blank=True)
    withdrawal_notice_days = models.PositiveSmallIntegerField(
        _("withdrawal notice (days)"), null=True, blank=True
    )
    withdrawal_notice_months = models.PositiveSmallIntegerField(
        _("withdrawal notice (months)"), null=True, blank=True
    )
    copy_days = models.PositiveSmallIntegerField(
        _("certified copies due (days)"),
        default=7,
        help_text=_("Days after the Secretariat receives the originals."),
    )
    entry_into_force = KeptDateField(_("entry into force"), null=True, blank=True)
    entry_into_force_precision = precision_field(_("precision of the entry-into-force date"))
    # A term (memoranda of understanding with organisations run for a set period): the last day
    # it is in force, and the instrument it renews. After that day it has expired.
    valid_until = KeptDateField(
        _("in force until"), null=True, blank=True, help_text=_("Last day of its term. Empty: no term.")
    )
    valid_until_precision = precision_field(_("precision of the end of term"))
    renews = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renews"),
        help_text=_("The earlier instrument this one renews or replaces."),
    )

    objects = InstrumentManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["signed_on", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(depositary="state") & Q(depositary_state__isnull=False))
                | (~Q(depositary="state") & Q(depositary_state__isnull=True)),
                name="depository_instrument_depositary_state",
                violation_error_code="depositary_state",
                violation_error_message=_(
                    "Name the depositary state when, and only when, a state is depositary."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(eif_rule="nth") | Q(eif_count__gte=1),
                name="depository_instrument_nth_has_count",
                violation_error_code="nth_without_count",
                violation_error_message=_("The n-th instrument rule needs its n."),
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(amends=models.F("pk")),
                name="depository_instrument_not_amending_itself",
                violation_error_message=_("An instrument cannot amend itself."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(entry_into_force__isnull=True)
                | Q(valid_until__gte=models.F("entry_into_force")),
                name="depository_instrument_term_ends_after_entry_into_force",
                violation_error_code="term_before_entry_into_force",
                violation_error_message=_("A term cannot end before the instrument enters into force."),
            ),
            models.CheckConstraint(
                condition=Q(renews__isnull=True) | ~Q(renews=models.F("pk")),
                name="depository_instrument_not_renewing_itself",
                violation_error_message=_("An instrument cannot renew itself."),
            ),
            models.CheckConstraint(
                condition=Q(conditional_on__isnull=True) | ~Q(conditional_on=models.F("pk")),
                name="depository_instrument_not_conditional_on_itself",
                violation_error_message=_("An instrument cannot wait for itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    def get_absolute_url(self) -> str:
        return url_for("depository:instrument-detail", self.pk)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def place(self) -> str:
        return localized(self, "place")

    @property
    def has_own_title(self) -> bool:
        """Whether the title is kept in the reader's language (else the English one is shown)."""
        return bool(getattr(self, localized_field("title")))

    @property
    def signed_display(self) -> str:
        return date_display(self.signed_on, self.signed_precision)

    @property
    def entry_into_force_display(self) -> str:
        return date_display(self.entry_into_force, self.entry_into_force_precision)

    def is_in_force(self, on: date | None = None) -> bool:
        """As `InstrumentQuerySet.in_force_on`, for one instrument already read."""
        day = on or timezone.localdate()
        if self.entry_into_force is None or self.entry_into_force > day:
            return False
        return self.valid_until is None or self.valid_until >= day

    def term_status(self, on: date) -> str:
        """ "in_force", "expired" (its term ended) or "not_in_force" on that day."""
        if self.is_in_force(on):
            return "in_force"
        if self.valid_until is not None and self.valid_until < on:
            return "expired"
        return "not_in_force"

    @property
    def valid_until_display(self) -> str:
        return date_display(self.valid_until, self.valid_until_precision)

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    def get_consent_by_display(self) -> str:
        return choice_label(self.Consent, self.consent_by)

    def get_eif_rule_display(self) -> str:
        return choice_label(self.Rule, self.eif_rule)

    @property
    def depositary_display(self) -> str:
        if self.depositary == self.Depositary.STATE and self.depositary_state_id:
            return str(self.depositary_state)
        return choice_label(self.Depositary, self.depositary)

    @property
    def rule_display(self) -> str:
        """The entry-into-force rule in words: "on the 30th day after the last party's instrument"."""
        rule = self.get_eif_rule_display()
        if self.eif_rule == self.Rule.NTH and self.eif_count:
            rule = _("after instrument no. %(n)s") % {"n": self.eif_count}
        if self.eif_rule == self.Rule.FIXED_DATE and self.eif_fixed_on:
            rule = f"{rule}: {date_display(self.eif_fixed_on)}"
        if self.eif_days and self.eif_rule in (self.Rule.ALL_PARTIES, self.Rule.NTH):
            rule = _("%(rule)s, on day %(days)s") % {"rule": rule, "days": self.eif_days}
        return rule

    def clean(self) -> None:
        super().clean()
        if self.eif_rule == self.Rule.FIXED_DATE and not self.eif_fixed_on:
            raise ValidationError(
                {
                    "eif_fixed_on": ValidationError(
                        _("The fixed date rule needs its date."), code="fixed_without_date"
                    )
                }
            )
        self._check_condition()
        self._check_organisation_parties()
        self._check_order()

    def _check_order(self) -> None:
        """Everything under the instrument comes on or after its signature (each date read with
        its precision): its entry into force, its parties' acts, its log's other events; and its
        term ends after its entry into force. Raised at `signed_on` (or `valid_until`)."""
        signed, in_force = self.signed_on, self.entry_into_force
        if signed and self.valid_until and self.valid_until < signed:
            raise ValidationError(
                {
                    "valid_until": ValidationError(
                        _("The term ends before the instrument was signed (%(day)s).")
                        % {"day": self.signed_display},
                        code="term_before_signature",
                    )
                }
            )
        if in_force and self.valid_until and self.valid_until < in_force:
            raise ValidationError(
                {
                    "valid_until": ValidationError(
                        _("The term ends before the instrument entered into force (%(day)s).")
                        % {"day": self.entry_into_force_display},
                        code="term_before_entry_into_force",
                    )
                }
            )
        if self.pk is not None:
            self._check_recorded_acts()
        if signed is None:
            return
        first = []
        if in_force and last_day(in_force, self.entry_into_force_precision) < signed:
            first.append(self.entry_into_force_display)
        if self.pk is not None:
            for row in Participation.objects.filter(instrument=self.pk):
                first += [
                    date_display(day, precision)
                    for day, precision in row.dated_acts
                    if last_day(day, precision) < signed
                ]
            # The log's other events (a party's dated acts are read off the table above: the
            # log keeps a corrected act at its first date).
            logged = (
                DepositaryEvent.objects.filter(instrument=self.pk, on__lt=signed)
                .exclude(kind__in=[*DATED_ACTS, EventKind.CORRECTION])
                .order_by("on")
                .first()
            )
            if logged is not None and last_day(logged.on, logged.on_precision) < signed:
                first.append(logged.on_display)
        if first:
            raise ValidationError(
                {
                    "signed_on": ValidationError(
                        _("Something under the instrument is dated %(day)s, before this signature.")
                        % {"day": first[0]},
                        code="before_signature",
                    )
                }
            )

    @property
    def admits_organisations(self) -> bool:
        """Whether an international organisation may be a party (`ORGANISATION_KINDS`)."""
        return self.kind in self.ORGANISATION_KINDS

    def _check_organisation_parties(self) -> None:
        """A kind concluded among states is not given to an instrument with an organisation party."""
        if self.pk is None or self.admits_organisations:
            return
        if Participation.objects.filter(instrument=self.pk, organisation__isnull=False).exists():
            raise ValidationError(
                {
                    "kind": ValidationError(
                        _(
                            "An international organisation is a party to this instrument: it is a "
                            "memorandum of understanding or a joint declaration, not an instrument "
                            "among states."
                        ),
                        code="organisation_party_of_state_instrument",
                    )
                }
            )

    def _check_recorded_acts(self) -> None:
        """What the log has recorded stays: the signature it logs is not erased, and a
        withdrawal's effective day, counted under the notice rule, is not left behind by a new
        rule (correct the withdrawal instead)."""
        if self.signed_on is None:
            logged = (
                DepositaryEvent.objects.filter(
                    instrument=self.pk,
                    kind=EventKind.SIGNATURE,
                    state__isnull=True,
                    organisation__isnull=True,
                )
                .order_by("pk")
                .first()
            )
            if logged is not None:
                raise ValidationError(
                    {
                        "signed_on": ValidationError(
                            _("The log records the signature (%(day)s): correct that event instead.")
                            % {"day": logged.on_display},
                            code="signature_in_the_log",
                        )
                    }
                )
        stored = (
            Instrument.objects.filter(pk=self.pk)
            .values_list("withdrawal_notice_months", "withdrawal_notice_days")
            .first()
        )
        rule_changed = stored is not None and stored != (
            self.withdrawal_notice_months,
            self.withdrawal_notice_days,
        )
        if rule_changed:
            withdrawn = (
                Participation.objects.filter(instrument=self.pk, withdrawal_notice_on__isnull=False)
                .select_related("state", "organisation")
                .first()
            )
            if withdrawn is not None:
                raise ValidationError(
                    {
                        "withdrawal_notice_months": ValidationError(
                            _(
                                "%(party)s's withdrawal (notice of %(day)s) takes effect under the "
                                "present rule: the rule no longer changes."
                            )
                            % {"party": withdrawn.party, "day": date_display(withdrawn.withdrawal_notice_on)},
                            code="withdrawal_under_the_rule",
                        )
                    }
                )

    def _check_condition(self) -> None:
        """A conditional instrument is not in force before the instrument it waits for, and
        never waits for itself through others (a cycle: neither could enter into force)."""
        if self.conditional_on_id is not None and self.pk is not None:
            seen, step = {self.pk}, self.conditional_on_id
            while step is not None and step not in seen:
                seen.add(step)
                step = Instrument.objects.filter(pk=step).values_list("conditional_on", flat=True).first()
            if step == self.pk:
                raise ValidationError(
                    {
                        "conditional_on": ValidationError(
                            _("That instrument waits for this one: neither could enter into force."),
                            code="condition_cycle",
                        )
                    }
                )
        if self.entry_into_force is None or self.conditional_on_id is None:
            return
        condition = Instrument.objects.filter(pk=self.conditional_on_id).first()
        if condition is None:
            return
        if condition.entry_into_force is None or condition.entry_into_force > self.entry_into_force:
            raise ValidationError(
                {
                    "entry_into_force": ValidationError(
                        _("It waits for “%(condition)s”, which is not in force on that day.")
                        % {"condition": condition.title},
                        code="condition_not_in_force",
                    )
                }
            )


class Party(models.TextChoices):
    STATE = "state", _("state")
    ORGANISATION = "organisation", _("international organisation")


def one_party_constraint(model: str) -> models.CheckConstraint:
    """Exactly one of state and organisation."""
    return models.CheckConstraint(
        condition=(Q(state__isnull=False) & Q(organisation__isnull=True))
        | (Q(state__isnull=True) & Q(organisation__isnull=False)),
        name=f"depository_{model}_one_party",
        violation_error_code="one_party",
        violation_error_message=_("A party is either a state or an international organisation: name one."),
    )


class ParticipationQuerySet(models.QuerySet):
    def for_status_table(self) -> ParticipationQuerySet:
        return self.select_related("state", "organisation")

    def for_state_page(self, state: State) -> ParticipationQuerySet:
        return self.filter(state=state).select_related("instrument")


class Participation(Sourced):
    """One party's acts under one instrument: signature, consent, entry into force, withdrawal."""

    class ConsentKind(models.TextChoices):
        RATIFICATION = "ratification", _("ratification")
        ACCEPTANCE = "acceptance", _("acceptance")
        APPROVAL = "approval", _("approval")
        ACCESSION = "accession", _("accession")
        NOTIFICATION = "notification", _("notification of domestic procedures")
        SUCCESSION = "succession", _("succession")
        SIGNATURE = "signature", _("definitive signature")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="participations", verbose_name=_("instrument")
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("state"),
    )
    organisation = models.ForeignKey(
        InternationalOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("international organisation"),
    )
    signed_on = KeptDateField(_("signed on"), null=True, blank=True)
    signed_precision = precision_field(_("precision of the signature date"))
    consent_kind = models.CharField(_("consent"), max_length=12, choices=ConsentKind.choices, blank=True)
    domestic_act = models.CharField(
        _("domestic act"), max_length=300, blank=True, help_text=_("e.g. Law of 10 January 2011 No. 381-IV")
    )
    consent_received_on = KeptDateField(_("received by the depositary"), null=True, blank=True)
    consent_received_precision = precision_field(_("precision of the receipt date"))
    in_force_on = KeptDateField(_("in force for the party"), null=True, blank=True)
    in_force_precision = precision_field(_("precision of the entry-into-force date"))
    provisional_from = KeptDateField(_("applied provisionally from"), null=True, blank=True)
    withdrawal_notice_on = KeptDateField(_("withdrawal notified on"), null=True, blank=True)
    withdrawal_effective_on = KeptDateField(_("withdrawal effective on"), null=True, blank=True)
    reservations = models.TextField(_("reservations and declarations"), blank=True)

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "state__name_ru", "organisation__name_en"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            one_party_constraint("participation"),
            models.UniqueConstraint(
                fields=["instrument", "state"],
                condition=Q(state__isnull=False),
                name="depository_participation_once_per_state",
                violation_error_code="party_taken",
                violation_error_message=_("This state already has a row under this instrument."),
            ),
            models.UniqueConstraint(
                fields=["instrument", "organisation"],
                condition=Q(organisation__isnull=False),
                name="depository_participation_once_per_organisation",
                violation_error_code="party_taken",
                violation_error_message=_("This organisation already has a row under this instrument."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawal_effective_on__isnull=True)
                | Q(withdrawal_notice_on__isnull=True)
                | Q(withdrawal_effective_on__gte=models.F("withdrawal_notice_on")),
                name="depository_participation_withdrawal_after_notice",
                violation_error_message=_("A withdrawal takes effect after its notice."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} – {self.instrument}"

    @property
    def party(self) -> State | InternationalOrganisation:
        return self.state if self.state_id else self.organisation

    def get_consent_kind_display(self) -> str:
        return choice_label(self.ConsentKind, self.consent_kind) if self.consent_kind else ""

    @property
    def signed_display(self) -> str:
        return date_display(self.signed_on, self.signed_precision)

    @property
    def received_display(self) -> str:
        return date_display(self.consent_received_on, self.consent_received_precision)

    @property
    def in_force_display(self) -> str:
        return date_display(self.in_force_on, self.in_force_precision)

    @property
    def dated_acts(self) -> list[tuple[date, str]]:
        """The party's recorded acts as (day, precision): signature, consent, entry into force,
        withdrawal notice (kept to the day)."""
        acts = [
            (self.signed_on, self.signed_precision),
            (self.consent_received_on, self.consent_received_precision),
            (self.in_force_on, self.in_force_precision),
            (self.withdrawal_notice_on, DatePrecision.DAY),
        ]
        return [(day, precision) for day, precision in acts if day is not None]

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.instrument_id and not self.instrument.admits_organisations:
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _(
                            "An international organisation is not a party to a %(kind)s: it is "
                            "concluded among states. Organisations are parties to memoranda of "
                            "understanding and joint declarations."
                        )
                        % {"kind": self.instrument.get_kind_display()},
                        code="organisation_party_of_state_instrument",
                    )
                }
            )
        general = self.instrument.entry_into_force if self.instrument_id else None
        if self.in_force_on is not None and general is not None and self.in_force_on < general:
            raise ValidationError(
                {
                    "in_force_on": ValidationError(
                        _("A party's entry into force is never before the instrument's own (%(day)s).")
                        % {"day": date_display(general)},
                        code="before_general_entry_into_force",
                    )
                }
            )

    def state_bucket(self, today: date) -> str:
        """Where the state page lists it: withdrawn, in force, or signed and not yet in force."""
        if self.withdrawal_effective_on and self.withdrawal_effective_on <= today:
            return "withdrawn"
        if self.in_force_on and self.in_force_on <= today:
            return "in_force"
        return "pending"


class EventKind(models.TextChoices):
    SIGNATURE = "signature", _("signature")
    INSTRUMENT_RECEIVED = "instrument", _("instrument received")
    NOTIFICATION_RECEIVED = "notification", _("notification received")
    ENTRY_INTO_FORCE = "eif", _("entry into force")
    RESERVATION = "reservation", _("reservation or declaration")
    WITHDRAWAL = "withdrawal", _("withdrawal")
    ACCESSION_CONSENT = "accession_consent", _("consent to accession")
    COMPETENT_AUTHORITY = "authority", _("competent authority designated")
    ORIGINALS_RECEIVED = "originals", _("originals received")
    COPY_SENT = "copy_sent", _("certified copy sent")
    NOTIFICATION_ISSUED = "issued", _("depositary notification issued")
    CORRECTION = "correction", _("correction")


# The events whose date the status table keeps, and where: a correction of their date sets it right.
DATED_ACTS = {
    EventKind.SIGNATURE: ("signed_on", "signed_precision"),
    EventKind.INSTRUMENT_RECEIVED: ("consent_received_on", "consent_received_precision"),
    EventKind.NOTIFICATION_RECEIVED: ("consent_received_on", "consent_received_precision"),
    EventKind.WITHDRAWAL: ("withdrawal_notice_on", None),
    EventKind.ENTRY_INTO_FORCE: ("in_force_on", "in_force_precision"),
}


class DepositaryEventQuerySet(AppendOnlyQuerySet):
    def for_log(self) -> DepositaryEventQuerySet:
        return self.select_related("state", "organisation", "corrects", "recorded_by").order_by("on", "pk")


class DepositaryEvent(AppendOnlyModel, Sourced):
    """One act in the depositary log. Written once: a correction is a new event pointing to it."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="events", verbose_name=_("instrument")
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    on = KeptDateField(_("date"))
    on_precision = precision_field(_("precision of the date"))
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("state")
    )
    organisation = models.ForeignKey(
        InternationalOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("international organisation"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    text = models.TextField(_("text"), blank=True)
    # A correction of a date: the date the corrected event should have borne. The status
    # table (the party's row, or the instrument's entry into force) takes it; the corrected
    # event keeps its own date in the log.
    corrected_on = KeptDateField(_("right date"), null=True, blank=True)
    corrected_precision = precision_field(_("precision of the right date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = DepositaryEventQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "on", "pk"]
        verbose_name = _("depositary event")
        verbose_name_plural = _("depositary events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state__isnull=False, organisation__isnull=False),
                name="depository_depositaryevent_at_most_one_party",
                violation_error_message=_("An event concerns at most one party."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="correction") & Q(corrects__isnull=False))
                | (~Q(kind="correction") & Q(corrects__isnull=True)),
                name="depository_depositaryevent_correction_points_back",
                violation_error_code="correction_target",
                violation_error_message=_(
                    "A correction points to the event it corrects, and only a correction does."
                ),
            ),
            models.CheckConstraint(
                condition=Q(corrected_on__isnull=True) | Q(kind="correction"),
                name="depository_depositaryevent_right_date_on_a_correction",
                violation_error_code="right_date_outside_correction",
                violation_error_message=_("Only a correction gives the right date of another event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on_display} {self.get_kind_display()}"

    def get_kind_display(self) -> str:
        return choice_label(EventKind, self.kind)

    @property
    def party(self) -> State | InternationalOrganisation | None:
        return self.state if self.state_id else self.organisation

    @property
    def on_display(self) -> str:
        return date_display(self.on, self.on_precision)

    @property
    def corrected_display(self) -> str:
        return date_display(self.corrected_on, self.corrected_precision)


class Recipient(models.TextChoices):
    REPRESENTATIVE = "representative", _("Permanent Representative")
    RATS = "rats", _("RATS Executive Committee")


class CertifiedCopyQuerySet(models.QuerySet):
    def overdue(self, today: date) -> CertifiedCopyQuerySet:
        """Copies not sent whose due day has passed."""
        return self.filter(sent_on__isnull=True, due_on__lt=today)

    def for_tracker(self) -> CertifiedCopyQuerySet:
        return self.select_related("instrument", "state").order_by("due_on", "instrument_id", "pk")


class CertifiedCopy(Sourced):
    """A certified copy of an instrument's originals for one recipient, due some days after receipt."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="certified_copies", verbose_name=_("instrument")
    )
    recipient = models.CharField(
        _("recipient"), max_length=14, choices=Recipient.choices, default=Recipient.REPRESENTATIVE
    )
    state = models.ForeignKey(
        State,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certified_copies",
        verbose_name=_("state of the Permanent Representative"),
    )
    originals_received_on = KeptDateField(_("originals received on"))
    due_on = KeptDateField(_("due on"))
    sent_on = KeptDateField(_("sent on"), null=True, blank=True)

    objects = CertifiedCopyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("certified copy")
        verbose_name_plural = _("certified copies")
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient="representative") & Q(state__isnull=False))
                | (Q(recipient="rats") & Q(state__isnull=True)),
                name="depository_certifiedcopy_recipient",
                violation_error_code="recipient",
                violation_error_message=_(
                    "A copy for a Permanent Representative names the state; one for RATS none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("originals_received_on")),
                name="depository_certifiedcopy_due_after_receipt",
                violation_error_message=_("A copy is due after the originals arrive."),
            ),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(sent_on__gte=models.F("originals_received_on")),
                name="depository_certifiedcopy_sent_after_receipt",
                violation_error_message=_("A copy is sent after the originals arrive."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} → {self.recipient_display}"

    @property
    def recipient_display(self) -> str:
        if self.recipient == Recipient.RATS:
            return choice_label(Recipient, Recipient.RATS)
        return _("Permanent Representative of %(state)s") % {"state": self.state}

    def is_overdue(self, today: date) -> bool:
        return self.sent_on is None and self.due_on < today

    @staticmethod
    def due_for(received: date, days: int) -> date:
        return received + timedelta(days=days)


class NotificationQuerySet(models.QuerySet):
    def with_events(self) -> NotificationQuerySet:
        """Each notification with the events it reports, their party and instrument, in the
        log's order (one query for the events)."""
        return self.prefetch_related(
            models.Prefetch("events", queryset=DepositaryEvent.objects.for_log().select_related("instrument"))
        )


class Notification(Sourced):
    """A depositary notification to the Permanent Representatives, numbered within its year."""

    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveSmallIntegerField(_("number"))
    issued_on = KeptDateField(_("issued on"))
    events = models.ManyToManyField(
        DepositaryEvent, related_name="notifications", verbose_name=_("events reported"), blank=True
    )
    addressed_to = models.CharField(
        _("addressed to"),
        max_length=200,
        default="Permanent Representatives of the SCO member states",
    )

    objects = NotificationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("depositary notification")
        verbose_name_plural = _("depositary notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="depository_notification_number_per_year",
                violation_error_code="number_taken",
                violation_error_message=_("This year already has a notification with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="depository_notification_number_positive",
                violation_error_message=_("Notification numbers start at 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SCO/DN/{self.year}/{self.number}"

    def get_absolute_url(self) -> str:
        return url_for("depository:notification-detail", self.pk)

    def save(self, *args, **kwargs):
        self.year = self.issued_on.year
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        if self.issued_on and not isinstance(self.issued_on, str):
            self.year = self.issued_on.year
        super().clean_fields(exclude=exclude)
