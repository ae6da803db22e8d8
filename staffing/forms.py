from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from core.choices import SearchSelect
from core.dates import KeptDateFormField
from core.localized import localized_order
from secretariat.models import Person, Secretariat, State

from . import quota
from .models import Appointment, Category, Post, QuotaLine, quota_rows

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _posted_date(form: forms.BaseForm, field: str) -> date:
    """The date a form was posted with (or shown again with, after a search), today when
    absent: it decides what is offered."""
    raw = form.data.get(form.add_prefix(field)) if form.is_bound else form.initial.get(field)
    if isinstance(raw, date):
        return raw
    try:
        return parse_date(raw or "") or timezone.localdate()
    except (ValueError, TypeError):
        return timezone.localdate()


def states_with_room(*, start_date: date, end_date: date | None) -> list[State]:
    """Member states on the start date with a free place on every day from start to end,
    sorted by the name the reader sees.

    Four queries for all states together: the members, and the rows of the quota rule
    (`quota_rows`: quota lines, member standings, the officials' appointments in the period).
    """
    members = list(State.objects.members_on(start_date).order_by(localized_order("name")))
    rows = quota_rows(states=[state.pk for state in members], start=start_date, end=end_date)
    return [
        state
        for state in members
        if not quota.quota_excesses(rows, state=state.pk, start=start_date, end=end_date, extra=1)
    ]


class StateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, state: State) -> str:
        return state.name


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, post: Post) -> str:
        return f"{post.code} · {post.title} ({post.department.name})"


class FreePersonChoiceField(forms.ModelChoiceField):
    """A person among those the rule allows (free on the start date; for technical staff, a
    national of the host country). A recorded person left out is refused with the rule's words
    (`error_messages["not_allowed"]`), anything else as "Select a valid choice"."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as refusal:
            recorded = str(value).isdigit() and Person.objects.filter(pk=int(value)).exists()
            if refusal.code == "invalid_choice" and recorded:
                raise ValidationError(self.error_messages["not_allowed"], code="not_allowed") from refusal
            raise


class AppointmentForm(forms.ModelForm):
    """Appoint a person to a vacant post: an official under a state's quota, or technical staff."""

    category = Category.OFFICIAL

    class Meta:
        model = Appointment
        fields = ["post", "person", "nominated_by", "start_date", "planned_end_date"]
        field_classes = {
            "post": PostChoiceField,
            "person": FreePersonChoiceField,
            "nominated_by": StateChoiceField,
        }
        widgets = {
            "start_date": DATE_WIDGET,
            "planned_end_date": DATE_WIDGET,
            # Hundreds of posts and thousands of people: searched on the server (core.choices).
            "post": SearchSelect(
                ["code", "title_en", "title_ru", "title_zh"], prompt=_("Type part of the code or title")
            ),
            "person": SearchSelect(["name_latin", "name_original"]),
        }
        help_texts = {
            "nominated_by": _(
                "Only member states with a free place in their quota on the start date are offered."
            ),
            "person": _("The person must be a national of the nominating state."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start = _posted_date(self, "start_date")
        self.fields["post"].queryset = (
            Post.objects.vacant_on(start).filter(category=self.category).select_related("department")
        )
        self.fields["post"].help_text = _("Posts of this category with no holder on the start date.")
        # Only people free on the start date: a person holds one post at a time (rule 4).
        serving = Appointment.objects.on(start).filter(person=OuterRef("pk"))
        people = Person.objects.select_related("nationality").exclude(Exists(serving)).order_by("name_latin")
        if self.category == Category.OFFICIAL:
            self.fields["nominated_by"].required = True
            if self.is_bound:
                # Any member state validates: if its last place went while the form was open,
                # the quota service says so in plain words instead of "not a valid choice".
                self.fields["nominated_by"].queryset = State.objects.members_on(start).order_by(
                    localized_order("name")
                )
            else:
                rooms = states_with_room(start_date=start, end_date=None)
                field = self.fields["nominated_by"]
                field.queryset = State.objects.filter(pk__in=[s.pk for s in rooms])
                # The choices are the states just read: no second query for the same rows.
                field.choices = [
                    ("", field.empty_label),
                    *((s.pk, field.label_from_instance(s)) for s in rooms),
                ]
            self.fields["person"].queryset = people
        else:
            self.fields.pop("nominated_by", None)
            host = Secretariat.objects.current().host_state
            self.fields["person"].queryset = people.filter(nationality=host)
            self.fields["person"].help_text = _("Technical staff are nationals of the host country.")
        self.fields["person"].label_from_instance = lambda person: f"{person} · {person.nationality.name}"
        self.fields["person"].error_messages["not_allowed"] = (
            _("This person holds another post on the start date: a person holds one post at a time.")
            if self.category == Category.OFFICIAL
            else _(
                "This person holds another post on the start date, or is not a national of the host "
                "country: technical staff are nationals of the host country, one post at a time."
            )
        )


class TechnicalStaffForm(AppointmentForm):
    category = Category.TECHNICAL

    class Meta(AppointmentForm.Meta):
        fields = ["post", "person", "start_date", "planned_end_date"]


class ContractForm(forms.ModelForm):
    """Extend or shorten the contract of a serving appointment."""

    class Meta:
        model = Appointment
        fields = ["planned_end_date"]
        widgets = {"planned_end_date": DATE_WIDGET}


class AppointmentEndForm(forms.ModelForm):
    """End an appointment on a date, for a reason: the record stays in the history."""

    class Meta:
        model = Appointment
        fields = ["end_date", "end_reason"]
        widgets = {"end_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = True
        self.fields["end_date"].help_text = _("The last day of service, inclusive.")
        self.fields["end_reason"].required = True


class QuotaVersionForm(forms.Form):
    """A new quota version: one number per member state on the effective date."""

    effective_date = KeptDateFormField(label=_("Effective date"), widget=DATE_WIDGET)
    basis = forms.CharField(
        label=_("Basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("The decision or method behind the allocation."),
    )
    is_illustrative = forms.BooleanField(
        label=_("Illustrative"),
        required=False,
        initial=True,
        help_text=_("Tick when the allocation is not an official one."),
    )
    establishment_size = forms.IntegerField(
        label=_("Establishment size"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_(
            "The official posts the places share. A new size takes effect with this version, "
            "which must then be in force today. Empty: the present size."
        ),
    )

    def __init__(self, *args, day: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day
        self.fields["effective_date"].initial = day
        self.fields["establishment_size"].initial = Secretariat.objects.current().establishment_size
        self.members = list(State.objects.members_on(self.day))
        current = dict(QuotaLine.objects.on(self.day).values_list("state_id", "places"))
        for state in self.members:
            self.fields[f"places_{state.code}"] = forms.IntegerField(
                label=state.name, min_value=0, initial=current.get(state.pk, 0)
            )

    def place_fields(self):
        return [self[f"places_{state.code}"] for state in self.members]

    def places(self) -> dict[State, int]:
        return {state: self.cleaned_data[f"places_{state.code}"] for state in self.members}
