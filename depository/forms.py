"""Forms of the depositary officer: a party's act, an entry into force, a correction, the
originals received, a copy sent, a notification. The rules live in the models and services;
these forms put each refusal at its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import KeptDateFormField
from core.forms import DateInput, RuleErrorsMixin
from core.localized import localized_field
from meetings.models import DatePrecision
from secretariat.models import InternationalOrganisation, State

from .models import DepositaryEvent, EventKind, Participation
from .services import PARTY_ACTS, corrects_a_date

# The longest text of an event an officer writes: a page of a note verbale (characters).
TEXT_LENGTH = 4000


def states_by_name():
    return State.objects.order_by(localized_field("name"))


class ActForm(RuleErrorsMixin, forms.Form):
    """One act of a party under the instrument: its signature, instrument, reservation …"""

    rule_models = (Participation, DepositaryEvent)
    renamed_fields = {"consent_received_on": "on", "signed_on": "on", "in_force_on": "on"}

    kind = forms.ChoiceField(label=_("Act"), choices=[(kind.value, kind.label) for kind in PARTY_ACTS])
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("or international organisation"),
        queryset=InternationalOrganisation.objects.none(),
        required=False,
    )
    on = KeptDateFormField(label=_("Date"), widget=DateInput)
    precision = forms.ChoiceField(
        label=_("The date is known to"), choices=DatePrecision.choices, initial="day"
    )
    consent_kind = forms.ChoiceField(
        label=_("Consent"),
        choices=[("", "—"), *Participation.ConsentKind.choices],
        required=False,
        help_text=_("For an instrument or notification received."),
    )
    domestic_act = forms.CharField(
        label=_("Domestic act"),
        max_length=300,
        required=False,
        help_text=_("e.g. Law of 10 January 2011 No. 381-IV"),
    )
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = states_by_name()
        if instrument.admits_organisations:
            self.fields["organisation"].queryset = InternationalOrganisation.objects.order_by("name_en")
        else:
            # Concluded among states (Instrument.ORGANISATION_KINDS): no organisation to offer.
            del self.fields["organisation"]
            self.fields["state"].required = True

    def clean(self):
        cleaned = super().clean()
        if "organisation" in self.fields and bool(cleaned.get("state")) == bool(cleaned.get("organisation")):
            raise forms.ValidationError(
                _("A party is either a state or an international organisation: name one."), code="one_party"
            )
        return cleaned

    @property
    def party(self):
        return self.cleaned_data.get("state") or self.cleaned_data.get("organisation")


class EntryIntoForceForm(RuleErrorsMixin, forms.Form):
    """The entry into force an officer confirms: the instrument's own, or one party's."""

    rule_models = (Participation,)
    renamed_fields = {"entry_into_force": "on", "in_force_on": "on"}

    participation = forms.ModelChoiceField(
        label=_("For"),
        queryset=Participation.objects.none(),
        required=False,
        empty_label=_("the instrument (general entry into force)"),
    )
    on = KeptDateFormField(label=_("Date"), widget=DateInput)
    precision = forms.ChoiceField(
        label=_("The date is known to"), choices=DatePrecision.choices, initial="day"
    )
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participation"].queryset = instrument.participations.select_related(
            "state", "organisation"
        )
        self.fields["participation"].label_from_instance = lambda row: str(row.party)


class CorrectionForm(forms.Form):
    """A correction of an event: a new event; the corrected one stays. For an act whose date
    the status table keeps, the right date too (optional: a correction may be of the text)."""

    on = KeptDateFormField(label=_("Date of the correction"), widget=DateInput)
    text = forms.CharField(
        label=_("What is corrected"), max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    corrected_on = KeptDateFormField(
        label=_("Right date of the event"),
        widget=DateInput,
        required=False,
        help_text=_("When the date is what is wrong: the status table takes this date; the log keeps both."),
    )
    corrected_precision = forms.ChoiceField(
        label=_("The right date is known to"), choices=DatePrecision.choices, initial="day", required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        if not corrects_a_date(event):
            del self.fields["corrected_on"]
            del self.fields["corrected_precision"]


class OriginalsForm(forms.Form):
    received_on = KeptDateFormField(label=_("Originals received on"), widget=DateInput)
    for_rats = forms.BooleanField(label=_("A copy for RATS too"), required=False)


class CopySentForm(forms.Form):
    sent_on = KeptDateFormField(label=_("Sent on"), widget=DateInput)


class NotificationForm(forms.Form):
    issued_on = KeptDateFormField(label=_("Issued on"), widget=DateInput)
    events = forms.ModelMultipleChoiceField(
        label=_("Events reported"),
        queryset=DepositaryEvent.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Events not yet reported by any notification (and not themselves notifications).
        self.fields["events"].queryset = (
            DepositaryEvent.objects.filter(notifications__isnull=True)
            .exclude(kind=EventKind.NOTIFICATION_ISSUED)
            .select_related("instrument", "state", "organisation")
            .order_by("-on", "-pk")
        )
        self.fields["events"].label_from_instance = event_label


def event_label(event: DepositaryEvent) -> str:
    party = f" · {event.party}" if event.party else ""
    return f"{event.on_display} · {event.get_kind_display()}{party} · {event.instrument.title}"
