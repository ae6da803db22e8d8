"""Pages of the Secretariat's reference data: lists, the heads' timeline, the officer's forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from core.choices import ChoicesMixin
from core.history import OpenRecordRequiredMixin, VersionCheckMixin
from core.lists import RecordListView
from core.views import ServiceFormMixin

from . import services
from .filters import (
    DepartmentFilter,
    DeputyFilter,
    PersonFilter,
    RepresentativeFilter,
    StateFilter,
    TermFilter,
)
from .forms import (
    PermanentRepresentativeForm,
    PersonForm,
    RepresentativeEndForm,
    SecretaryGeneralTermForm,
)
from .models import (
    Department,
    DeputySecretaryGeneralTerm,
    PermanentRepresentative,
    Person,
    SecretaryGeneralTerm,
    State,
)
from .tables import (
    DepartmentTable,
    DeputyTable,
    PersonTable,
    RepresentativeTable,
    StateTable,
    TermTable,
)

FORM_TEMPLATE = "secretariat/form.html"


class StateListView(RecordListView):
    permission_required = "secretariat.view_state"
    table_class = StateTable
    filterset_class = StateFilter
    title = _("States")
    export_name = "states"

    def get_queryset(self):
        return State.objects.annotate_status_on(timezone.localdate())


class DepartmentListView(RecordListView):
    permission_required = "secretariat.view_department"
    table_class = DepartmentTable
    filterset_class = DepartmentFilter
    title = _("Departments")
    export_name = "departments"

    def get_queryset(self):
        return Department.objects.all()


class PersonListView(RecordListView):
    permission_required = "secretariat.view_person"
    table_class = PersonTable
    filterset_class = PersonFilter
    title = _("People")
    export_name = "people"
    add_url_name = "secretariat:person-create"
    add_permission = "secretariat.add_person"
    add_label = _("Add a person")
    notice = _("Only names and nationality are kept here: no other personal data.")

    def get_queryset(self):
        return Person.objects.select_related("nationality")


@dataclass(frozen=True)
class TimelineBar:
    """One term on the timeline; coordinates are strings so no locale puts a comma in them."""

    term: SecretaryGeneralTerm
    x: str
    width: str
    end_x: str
    y: str
    label_y: str
    label_at_end: bool
    is_open: bool


@dataclass(frozen=True)
class TimelineYear:
    year: int
    x: str
    label_x: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    bars: list[TimelineBar]
    years: list[TimelineYear]
    last_x: str
    axis_y: str
    label_y: str
    today_x: str


TIMELINE_FIRST_YEAR = 2004  # the Secretariat opened on 15 January 2004
TIMELINE_WIDTH = 1000
TIMELINE_MARGIN = 8
TIMELINE_ROW = 36


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def term_timeline(terms: list[SecretaryGeneralTerm], today: date) -> Timeline:
    """Bars of the heads' terms on a year axis from 2004 to the end of this year.

    An open term is drawn to today. Each term has its own row, so the label (name, years,
    title) sits above its bar and never collides with a neighbour's.
    """
    last_year = max([today.year, *(term.end_date.year for term in terms if term.end_date)])
    first, after_last = date(TIMELINE_FIRST_YEAR, 1, 1), date(last_year + 1, 1, 1)
    span = (after_last - first).days
    usable = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN

    def x(day: date) -> float:
        day = min(max(day, first), after_last)
        return TIMELINE_MARGIN + (day - first).days / span * usable

    bars = []
    for row, term in enumerate(terms):
        start_x = x(term.start_date)
        end_x = max(x(term.end_date or today), start_x + 2)
        top = TIMELINE_MARGIN + row * TIMELINE_ROW
        bars.append(
            TimelineBar(
                term=term,
                x=_coordinate(start_x),
                width=_coordinate(end_x - start_x),
                end_x=_coordinate(end_x),
                y=_coordinate(top + 18),
                label_y=_coordinate(top + 13),
                # Late terms put their label to the left of the bar's end, so it stays inside.
                label_at_end=start_x > TIMELINE_WIDTH * 0.55,
                is_open=term.end_date is None,
            )
        )
    axis_y = TIMELINE_MARGIN + len(terms) * TIMELINE_ROW
    years = [
        TimelineYear(
            year=year,
            x=_coordinate(x(date(year, 1, 1))),
            label_x=_coordinate((x(date(year, 1, 1)) + x(date(year + 1, 1, 1))) / 2),
        )
        for year in range(TIMELINE_FIRST_YEAR, last_year + 1)
    ]
    return Timeline(
        width=TIMELINE_WIDTH,
        height=axis_y + 26,
        bars=bars,
        years=years,
        last_x=_coordinate(x(after_last)),
        axis_y=_coordinate(axis_y),
        label_y=_coordinate(axis_y + 17),
        today_x=_coordinate(x(today)),
    )


class TermListView(RecordListView):
    permission_required = "secretariat.view_secretarygeneralterm"
    template_name = "secretariat/term_list.html"
    table_class = TermTable
    filterset_class = TermFilter
    title = _("Secretaries-General")
    export_name = "secretaries-general"
    add_url_name = "secretariat:term-create"
    add_permission = "secretariat.add_secretarygeneralterm"
    add_label = _("Record a term")

    def get_queryset(self):
        return SecretaryGeneralTerm.objects.select_related("person", "nominating_state")

    @cached_property
    def every_term(self) -> list[SecretaryGeneralTerm]:
        """Every term in order: the timeline shows them all, whatever the table's filters (it
        is the history), and the filter offers their states. A dozen rows, one query."""
        return list(
            SecretaryGeneralTerm.objects.select_related("person", "nominating_state").order_by("start_date")
        )

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        field = filterset.form.fields["nominating_state"]
        states = sorted({term.nominating_state for term in self.every_term}, key=lambda state: state.name)
        field.widget.choices = [
            ("", field.empty_label),
            *((s.pk, field.label_from_instance(s)) for s in states),
        ]
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = term_timeline(self.every_term, timezone.localdate())
        return context


class TermDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "secretariat.view_secretarygeneralterm"
    raise_exception = True
    template_name = "secretariat/term_detail.html"
    context_object_name = "term"

    def get_queryset(self):
        return SecretaryGeneralTerm.objects.select_related("person__nationality", "nominating_state")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        term = self.object
        terms = SecretaryGeneralTerm.objects.select_related("person")
        context.update(
            previous=terms.filter(start_date__lt=term.start_date).order_by("-start_date").first(),
            next=terms.filter(start_date__gt=term.start_date).order_by("start_date").first(),
        )
        return context


class DeputyListView(RecordListView):
    permission_required = "secretariat.view_deputysecretarygeneralterm"
    table_class = DeputyTable
    filterset_class = DeputyFilter
    title = _("Deputy Secretaries-General")
    export_name = "deputy-secretaries-general"
    notice = _("A deputy is never from the state of the Secretary-General serving at the time.")

    def get_queryset(self):
        return DeputySecretaryGeneralTerm.objects.select_related("person", "nominating_state")


class RepresentativeListView(RecordListView):
    permission_required = "secretariat.view_permanentrepresentative"
    table_class = RepresentativeTable
    filterset_class = RepresentativeFilter
    title = _("Permanent representatives")
    export_name = "permanent-representatives"
    add_url_name = "secretariat:representative-create"
    add_permission = "secretariat.add_permanentrepresentative"
    add_label = _("Record a representative")
    notice = _(
        "A term starts on the day the Secretary-General received written notice of the "
        "appointment. A member state has one permanent representative at a time."
    )

    def get_queryset(self):
        return PermanentRepresentative.objects.select_related("state", "person")

    def get_table_kwargs(self):
        if self.request.user.has_perm("secretariat.change_permanentrepresentative"):
            return {}
        return {"exclude": ("actions",)}


class FormPageMixin(PermissionRequiredMixin):
    """A form page of the records officer: 403 without the permission, plain words."""

    raise_exception = True
    template_name = FORM_TEMPLATE
    title = ""
    intro = ""
    submit_label = _("Save")
    cancel_url = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.cancel_url,
        )
        return context


class TermCreateView(FormPageMixin, ChoicesMixin, ServiceFormMixin, CreateView):
    permission_required = "secretariat.add_secretarygeneralterm"
    form_class = SecretaryGeneralTermForm
    choices_url_name = "secretariat:term-create-choices"
    title = _("Record a Secretary-General term")
    intro = _(
        "Terms never overlap, only one term may be open, a person is head only once, and no "
        "deputy serving at the time may be from the nominating state."
    )
    submit_label = _("Record the term")
    cancel_url = reverse_lazy("secretariat:term-list")
    success_message = _("The term of %(person)s is recorded.")

    def save(self, form):
        return services.term_create(term=form.instance)

    def success_message_values(self, term):
        return {"person": term.person.name_latin}


class PersonCreateView(FormPageMixin, CreateView):
    permission_required = "secretariat.add_person"
    form_class = PersonForm
    title = _("Add a person")
    intro = _("Names in both scripts and the nationality; nothing else about the person is kept.")
    submit_label = _("Add the person")
    cancel_url = reverse_lazy("secretariat:person-list")

    def form_valid(self, form):
        # No rule across rows: the form's own validation (unique name per nationality) suffices.
        person = form.save()
        messages.success(self.request, gettext("%(person)s is recorded.") % {"person": person.name_latin})
        return redirect("secretariat:person-list")


class RepresentativeCreateView(FormPageMixin, ChoicesMixin, ServiceFormMixin, FormView):
    permission_required = "secretariat.add_permanentrepresentative"
    form_class = PermanentRepresentativeForm
    choices_url_name = "secretariat:representative-create-choices"
    title = _("Record a permanent representative")
    intro = _(
        "If the state's current representative is leaving, end their term first: a state "
        "has one permanent representative at a time."
    )
    submit_label = _("Record the representative")
    cancel_url = reverse_lazy("secretariat:representative-list")
    success_url = reverse_lazy("secretariat:representative-list")
    success_message = _("%(person)s is recorded as permanent representative of %(state)s.")

    @transaction.atomic  # a new person is not kept when the representative is refused
    def save(self, form):
        data = form.cleaned_data
        person = form.new_person()
        if person is None:
            person = data["person"]
        else:
            person.full_clean()
            person.save()
        return services.representative_create(
            representative=PermanentRepresentative(
                state=data["state"],
                person=person,
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        )

    def success_message_values(self, representative):
        return {"person": representative.person.name_latin, "state": representative.state}


class RepresentativeEndView(
    FormPageMixin, OpenRecordRequiredMixin, VersionCheckMixin, ServiceFormMixin, UpdateView
):
    permission_required = "secretariat.change_permanentrepresentative"
    form_class = RepresentativeEndForm
    template_name = "secretariat/representative_end.html"
    context_object_name = "representative"
    title = _("End a representative's term")
    submit_label = _("End the term")
    cancel_url = reverse_lazy("secretariat:representative-list")
    success_url = reverse_lazy("secretariat:representative-list")
    success_message = _("The term of %(person)s as representative of %(state)s ends on %(day)s.")

    def get_queryset(self):
        return PermanentRepresentative.objects.select_related("state", "person")

    def get_ended_url(self, record):
        return self.success_url

    def save(self, form):
        return services.representative_end(
            representative=form.instance, end_date=form.cleaned_data["end_date"]
        )

    def success_message_values(self, representative):
        return {
            "person": representative.person.name_latin,
            "state": representative.state,
            "day": representative.end_date.isoformat(),
        }
