"""Forms of the records officer for meetings, presidencies, materials and drafts.

The rules live in the models and services; these forms put each refusal at its field.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import KeptDateFormField
from core.forms import DateInput, RuleErrorsMixin
from core.localized import localized_field
from secretariat.models import Standing, State

from .models import Draft, Material, Meeting, Presidency, Step

# The end-after-start constraints belong at the last day.
ENDS = {
    "meetings_presidency_ends_after_start": "end_date",
    "meetings_meeting_ends_after_start": "end_date",
}


def states_by_name():
    return State.objects.order_by(localized_field("name"))


class PresidencyForm(RuleErrorsMixin, forms.ModelForm):
    """A state's presidency of one rotation for a period."""

    rule_models = (Presidency,)
    constraint_fields = ENDS

    class Meta:
        model = Presidency
        fields = ["rotation", "state", "start_date", "end_date", "source", "confidence", "note"]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "source": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"end_date": _("Last day, inclusive. Empty while it runs.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A presidency is held by a member state: offer the states that have ever been one.
        self.fields["state"].queryset = (
            State.objects.filter(standings__status=Standing.Status.MEMBER)
            .distinct()
            .order_by(localized_field("name"))
        )


class MeetingForm(RuleErrorsMixin, forms.ModelForm):
    """A meeting of an SCO body."""

    rule_models = (Meeting,)
    constraint_fields = {
        **ENDS,
        "meetings_meeting_unique_number_per_body": "number",
        "meetings_meeting_one_start_per_body": "start_date",
        "meetings_meeting_number_positive": "number",
    }

    class Meta:
        model = Meeting
        fields = [
            "body",
            "number",
            "status",
            "format",
            "start_date",
            "end_date",
            "date_precision",
            "city_en",
            "city_ru",
            "city_zh",
            "host_state",
            "chair",
            "source",
            "confidence",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "source": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_state"].queryset = states_by_name()


class MaterialForm(RuleErrorsMixin, forms.ModelForm):
    """A material of a meeting and the day it went to member states."""

    rule_models = (Material,)

    class Meta:
        model = Material
        fields = ["title_en", "title_ru", "title_zh", "circulated_on"]
        widgets = {"circulated_on": DateInput}
        help_texts = {
            "circulated_on": _("Empty while not circulated. Later than the deadline is recorded and flagged.")
        }


class ExceptionForm(forms.Form):
    """Why a late material is accepted."""

    exception_reason = forms.CharField(
        label=_("Reason for the exception"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the Council of National Coordinators agreed to a shorter deadline."),
    )


class DraftForm(RuleErrorsMixin, forms.ModelForm):
    """A draft received for expert review."""

    rule_models = (Draft,)
    constraint_fields = {}

    proposing_states = forms.ModelMultipleChoiceField(
        queryset=State.objects.none(),
        label=_("Proposing states"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Draft
        fields = [
            "reference",
            "title_en",
            "title_ru",
            "title_zh",
            "kind",
            "proposing_states",
            "has_financial_effects",
            "target_meeting",
            "received_on",
        ]
        widgets = {"received_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposing_states"].queryset = (
            State.objects.filter(standings__status=Standing.Status.MEMBER)
            .distinct()
            .order_by(localized_field("name"))
        )
        self.fields["target_meeting"].queryset = Meeting.objects.filter(
            status=Meeting.Status.PLANNED
        ).select_related("body")


class DraftMoveForm(forms.Form):
    """The next step of a draft: only the moves the review allows are offered."""

    step = forms.ChoiceField(label=_("Next step"))
    on = KeptDateFormField(label=_("Date"), widget=DateInput)
    conclusion = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the step found or decided; for a withdrawal, its reason."),
    )

    def __init__(self, *args, steps: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(step, Step(step).label) for step in steps]
