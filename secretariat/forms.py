"""Forms of the records officer: terms of the head, permanent representatives, people.

The rules live in the models and services; these forms only put each refusal next to
the field it is about, in plain words.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import SearchSelect
from core.dates import KeptDateFormField
from core.forms import DateInput, RuleErrorsMixin
from core.localized import localized_order

from .models import PermanentRepresentative, Person, SecretaryGeneralTerm, Standing, State


class PersonChoiceField(forms.ModelChoiceField):
    """A person among thousands, found by typing part of the name in either script: the
    select holds only the chosen person, the page searches the rest (core.choices)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", SearchSelect(["name_latin", "name_original"]))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person: Person) -> str:
        return f"{person} · {person.nationality.name}"


def ends_after_start_constraints(*models_: type[models.Model]) -> dict[str, str]:
    """Each model's end-after-start constraint belongs at the end date."""
    return {
        constraint.name: "end_date"
        for model in models_
        for constraint in model._meta.constraints
        if constraint.name.endswith("_ends_after_start")
    }


class SecretaryGeneralTermForm(RuleErrorsMixin, forms.ModelForm):
    """A new term of the head of the Secretariat."""

    rule_models = (SecretaryGeneralTerm,)
    constraint_fields = {
        **ends_after_start_constraints(SecretaryGeneralTerm),
        "secretariat_secretarygeneralterm_head_only_once": "person",
        "secretariat_secretarygeneralterm_one_open_term": "end_date",
    }

    person = PersonChoiceField(
        queryset=Person.objects.select_related("nationality"),
        label=_("Person"),
        help_text=_("Not in the list? Add the person first."),
    )

    class Meta:
        model = SecretaryGeneralTerm
        fields = ["person", "nominating_state", "title", "start_date", "end_date", "decision"]
        labels = {
            "nominating_state": _("Nominating state"),
            "title": _("Title held"),
            "start_date": _("First day in office"),
            "end_date": _("Last day in office"),
            "decision": _("Approving decision"),
        }
        help_texts = {
            "end_date": _("Leave empty while the term runs. A term lasts three years."),
            "decision": _("The Council of Heads of State decision, e.g. its date and place."),
        }
        widgets = {"start_date": DateInput, "end_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A head is nominated by a member state: offer the states that have ever been one.
        self.fields["nominating_state"].queryset = (
            State.objects.filter(standings__status=Standing.Status.MEMBER)
            .distinct()
            .order_by(localized_order("name"))
        )


class PermanentRepresentativeForm(RuleErrorsMixin, forms.Form):
    """A new permanent representative: an existing person of the state's nationality, or a new one.

    The person is chosen in a list grouped by nationality, or typed in when the Secretariat
    does not know them yet; the new person is then saved with the representative, in the
    same transaction, so nothing is saved when the representative is refused.
    """

    rule_models = (PermanentRepresentative, Person)
    constraint_fields = {
        **ends_after_start_constraints(PermanentRepresentative),
        "secretariat_person_unique_name_per_nationality": "new_name_latin",
    }
    renamed_fields = {
        "name_latin": "new_name_latin",
        "name_original": "new_name_original",
        "nationality": "state",
    }

    state = forms.ModelChoiceField(
        queryset=State.objects.none(),
        label=_("Member state"),
        help_text=_("Only states that are members today have a permanent representative."),
        error_messages={
            "invalid_choice": _(
                "Only member states have a permanent representative: choose a state that is a member today."
            )
        },
    )
    person = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Person already recorded"),
        help_text=_("A national of the member state. Leave empty to add a new person below."),
    )
    new_name_latin = forms.CharField(
        max_length=200, required=False, label=_("Or a new person: name in Latin script")
    )
    new_name_original = forms.CharField(
        max_length=200,
        required=False,
        label=_("New person: name in the original script"),
        help_text=_("As the person writes it, e.g. in Cyrillic or Chinese characters."),
    )
    start_date = KeptDateFormField(
        label=_("Notice received on"),
        widget=DateInput,
        help_text=_("The day the Secretary-General received written notice of the appointment."),
    )
    end_date = KeptDateFormField(
        label=_("Last day"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty while the representative serves."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = State.objects.members_on(timezone.localdate()).order_by(localized_order("name"))
        self.fields["state"].queryset = members
        self.fields["person"].queryset = Person.objects.filter(nationality__in=members).select_related(
            "nationality"
        )

    def clean(self):
        cleaned = super().clean()
        state = cleaned.get("state")
        person = cleaned.get("person")
        new_name = cleaned.get("new_name_latin", "").strip()
        if person and new_name:
            self.add_error(
                "new_name_latin",
                _("Choose a person in the list or type a new name, not both."),
            )
        elif not person and not new_name and "person" not in self.errors:
            self.add_error("person", _("Choose a person, or type the name of a new person."))
        if person and state and person.nationality_id != state.pk:
            self.add_error(
                "person",
                _("%(person)s is a national of %(nationality)s, not of %(state)s.")
                % {"person": person, "nationality": person.nationality, "state": state},
            )
        return cleaned

    def new_person(self) -> Person | None:
        """The person typed in, not yet saved; None when one was chosen in the list."""
        if self.cleaned_data["person"]:
            return None
        return Person(
            name_latin=self.cleaned_data["new_name_latin"].strip(),
            name_original=self.cleaned_data["new_name_original"].strip(),
            nationality=self.cleaned_data["state"],
        )


class RepresentativeEndForm(RuleErrorsMixin, forms.ModelForm):
    """The last day of a permanent representative's term."""

    rule_models = (PermanentRepresentative,)
    constraint_fields = ends_after_start_constraints(PermanentRepresentative)

    class Meta:
        model = PermanentRepresentative
        fields = ["end_date"]
        labels = {"end_date": _("Last day")}
        help_texts = {"end_date": _("The last day on which the representative served.")}
        widgets = {"end_date": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = True


class PersonForm(RuleErrorsMixin, forms.ModelForm):
    """Someone the Secretariat needs to know: names in both scripts and nationality."""

    rule_models = (Person,)
    constraint_fields = {"secretariat_person_unique_name_per_nationality": "name_latin"}

    class Meta:
        model = Person
        fields = ["name_latin", "name_original", "nationality"]
        labels = {
            "name_latin": _("Name in Latin script"),
            "name_original": _("Name in the original script"),
            "nationality": _("Nationality"),
        }
        help_texts = {
            "name_latin": _("As in the Secretariat's documents, e.g. Zhang Ming."),
            "name_original": _("As the person writes it, e.g. 张明 or Нурлан Ермекбаев."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationality"].queryset = State.objects.order_by(localized_order("name"))
