"""Relations: what made each standing (the decision, the memorandum), the path to membership, and
the international organisations with their cooperation instruments (depository instruments)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import KeptDateField
from core.localized import choice_label
from depository.models import Instrument, Participation, in_force_condition, precision_field
from meetings.models import Meeting, Sourced, date_display
from secretariat.models import InternationalOrganisation, Standing, State

# The statuses a state holds towards the SCO short of membership (the "partners").
PARTNER_STATUSES = (
    Standing.Status.OBSERVER,
    Standing.Status.DIALOGUE_PARTNER,
    Standing.Status.PARTNER,
)
COOPERATION_KINDS = (Instrument.Kind.MEMORANDUM_OF_UNDERSTANDING, Instrument.Kind.JOINT_DECLARATION)


class StandingBasisQuerySet(models.QuerySet):
    def with_sources(self) -> StandingBasisQuerySet:
        return self.select_related("meeting__body", "instrument")


class StandingBasis(Sourced):
    """What made one standing: the decision that granted it and the instrument that took effect."""

    class Effect(models.TextChoices):
        DECISION = "decision", _("from the decision")
        INSTRUMENT = "instrument", _("from the memorandum's signature")

    standing = models.OneToOneField(
        Standing, on_delete=models.PROTECT, related_name="basis", verbose_name=_("standing")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standing_decisions",
        verbose_name=_("meeting that decided"),
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = KeptDateField(_("decided on"), null=True, blank=True)
    decided_precision = precision_field(_("precision of the decision date"))
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standing_bases",
        verbose_name=_("instrument that took effect"),
        help_text=_(
            "A dialogue partner's memorandum (in effect on signature) "
            "or a member's memorandum of obligations."
        ),
    )
    effect = models.CharField(
        _("the standing runs"),
        max_length=10,
        choices=Effect.choices,
        default=Effect.DECISION,
        help_text=_("From the memorandum's signature: the standing does not start before it."),
    )

    objects = StandingBasisQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["standing__state", "standing__start_date"]
        verbose_name = _("basis of a standing")
        verbose_name_plural = _("bases of standings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(effect="instrument") | Q(instrument__isnull=False),
                name="relations_standingbasis_effect_needs_instrument",
                violation_error_code="effect_without_instrument",
                violation_error_message=_("A standing that runs from a memorandum needs the memorandum."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.standing)

    @property
    def decided_display(self) -> str:
        return date_display(self.decided_on, self.decided_precision)

    def get_effect_display(self) -> str:
        return choice_label(self.Effect, self.effect)

    def clean(self) -> None:
        super().clean()
        problem = self.starts_before_instrument()
        if problem:
            raise ValidationError({"instrument": problem})

    def starts_before_instrument(self) -> ValidationError | None:
        """A standing that a memorandum created does not start before its signature. The
        standing and the memorandum are rows of two other apps' tables: no constraint of one
        table can hold this; `services.standing_basis_save` (under a lock) and `audit` do."""
        if self.effect != self.Effect.INSTRUMENT or not self.instrument_id or not self.standing_id:
            return None
        signed = self.instrument.signed_on
        if signed is None:
            return ValidationError(
                _("The memorandum has no date of signature: the standing cannot run from it."),
                code="instrument_not_signed",
            )
        if self.standing.start_date < signed:
            return ValidationError(
                _("The standing starts on %(start)s, before the memorandum was signed (%(signed)s).")
                % {"start": date_display(self.standing.start_date), "signed": self.instrument.signed_display},
                code="standing_before_instrument",
            )
        return None


def standing_not_before_its_memorandum(standing: Standing) -> None:
    """Refuses new dates of a standing that a memorandum created when they start before its
    signature (registered in `secretariat.services.STANDING_CHECKS`)."""
    if standing.pk is None:
        return
    basis = (
        StandingBasis.objects.filter(standing_id=standing.pk, effect=StandingBasis.Effect.INSTRUMENT)
        .select_related("instrument")
        .first()
    )
    if basis is None:
        return
    basis.standing = standing  # the dates being saved, not those in the database
    problem = basis.starts_before_instrument()
    if problem:
        raise ValidationError({"start_date": problem})


class MembershipStep(Sourced):
    """One step of a state's path to membership (the procedure of 2010 and 2014)."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("application")
        PROCEDURE_STARTED = "procedure", _("decision to start the procedure")
        OBLIGATIONS_SIGNED = "signed", _("memorandum of obligations signed")
        OBLIGATIONS_RATIFIED = "ratified", _("memorandum of obligations ratified")
        ACCESSION = "accession", _("accession to the listed treaties")
        MEMBERSHIP_GRANTED = "granted", _("decision granting membership")

    ORDER = list(Kind.values)

    state = models.ForeignKey(
        State, on_delete=models.PROTECT, related_name="membership_steps", verbose_name=_("state")
    )
    kind = models.CharField(_("step"), max_length=12, choices=Kind.choices)
    on = KeptDateField(_("date"), null=True, blank=True, help_text=_("Empty: not recorded."))
    precision = precision_field(_("precision of the date"))
    deadline = KeptDateField(_("deadline"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_steps",
        verbose_name=_("meeting"),
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="membership_steps",
        verbose_name=_("instrument"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "on", "kind"]
        verbose_name = _("step to membership")
        verbose_name_plural = _("steps to membership")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "kind"],
                name="relations_membershipstep_once_per_state",
                violation_error_code="step_taken",
                violation_error_message=_("This step of this state is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(on__isnull=True) | Q(deadline__gte=models.F("on")),
                name="relations_membershipstep_deadline_after_step",
                violation_error_code="deadline_before_step",
                violation_error_message=_("The deadline is before the step itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state}: {self.get_kind_display()}"

    def get_kind_display(self) -> str:
        return choice_label(self.Kind, self.kind)

    @property
    def on_display(self) -> str:
        return date_display(self.on, self.precision)

    @property
    def position(self) -> int:
        return self.ORDER.index(self.kind)


def membership_path(steps: list[MembershipStep]) -> list[dict]:
    """Every step of the procedure in order, each with the recorded step or None ("not recorded");
    empty for a state with no step recorded (it has not been on the path)."""
    if not steps:
        return []
    recorded = {step.kind: step for step in steps}
    return [{"kind": kind, "step": recorded.get(kind.value)} for kind in MembershipStep.Kind]


class OrganisationQuerySet(models.QuerySet):
    def with_instruments(self) -> OrganisationQuerySet:
        """Each organisation with its cooperation instruments (signature order): two queries."""
        return self.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.filter(organisation__isnull=False)
                .select_related("instrument__meeting__body", "instrument__renews")
                .order_by("instrument__signed_on", "instrument__code"),
                to_attr="cooperation",
            )
        )

    def annotate_in_force(self, day: date) -> OrganisationQuerySet:
        """`has_in_force`: whether one of its instruments is in force that day."""
        return self.annotate(
            has_in_force=Exists(
                Participation.objects.filter(organisation=OuterRef("pk")).filter(
                    in_force_condition(day, "instrument__")
                )
            )
        )


def organisations() -> OrganisationQuerySet:
    return OrganisationQuerySet(InternationalOrganisation)


def cooperation_line(instrument: Instrument, day: date) -> str:
    """An instrument in one line of an export: kind, signature, term, and its status that day."""
    status = STATUS_LABELS[instrument.term_status(day)]
    term = f"–{instrument.valid_until_display}" if instrument.valid_until else ""
    signed = instrument.signed_display or str(_("not recorded"))
    return f"{instrument.title} ({signed}{term}): {status}"


STATUS_LABELS = {
    "in_force": _("in force"),
    "expired": _("expired"),
    "not_in_force": _("not in force"),
}
