"""Pages of meetings and drafts: the meetings list, a meeting, the presidencies' timeline, the
drafts queue and a draft, the officer's forms, and the calendar feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import CreateView, DetailView, FormView, TemplateView
from icalendar import Calendar, Event

from core.lists import RecordListView
from core.views import ServiceFormMixin, as_of_date
from secretariat.views import FormPageMixin

from . import services
from .filters import DraftFilter, MeetingFilter
from .forms import DraftForm, DraftMoveForm, ExceptionForm, MaterialForm, MeetingForm, PresidencyForm
from .models import (
    CalendarToken,
    Delegation,
    Draft,
    DraftProposer,
    Material,
    MaterialStatus,
    Meeting,
    Presidency,
    ReviewStep,
    Rotation,
)
from .tables import DraftTable, MeetingTable
from .timeline import presidency_timeline

CONFIDENCE_NOTE = _(
    "Each fact carries the flag of its sources: [V] verified, [S] a single source, [U] uncertain "
    "(the sources disagree or the fact is inferred)."
)


class MeetingListView(RecordListView):
    permission_required = "meetings.view_meeting"
    table_class = MeetingTable
    filterset_class = MeetingFilter
    title = _("Meetings of SCO bodies")
    export_name = "meetings"
    add_url_name = "meetings:meeting-create"
    add_permission = "meetings.add_meeting"
    add_label = _("Record a meeting")
    notice = CONFIDENCE_NOTE

    def get_queryset(self):
        return Meeting.objects.for_list()


class MeetingDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "meetings.view_meeting"
    raise_exception = True
    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        # The meeting and each of its lists in one query apiece, whatever their length.
        return Meeting.objects.select_related("body", "host_state").prefetch_related(
            Prefetch("delegations", queryset=Delegation.objects.select_related("state")),
            "agenda_items",
            "documents",
            Prefetch("materials", queryset=Material.objects.select_related("exception_recorded_by", "draft")),
            "drafts",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        materials = [(material, material.status(today)) for material in self.object.materials.all()]
        context.update(
            materials=materials,
            flagged={MaterialStatus.LATE, MaterialStatus.OVERDUE},
            can_edit=self.request.user.has_perm("meetings.change_material"),
            can_add_material=self.request.user.has_perm("meetings.add_material"),
        )
        return context


class PresidencyTimelineView(PermissionRequiredMixin, TemplateView):
    permission_required = "meetings.view_presidency"
    raise_exception = True
    template_name = "meetings/presidency_timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        as_of = as_of_date(self.request)
        presidencies = list(Presidency.objects.select_related("state").order_by("rotation", "start_date"))
        holders = {p.rotation: p for p in presidencies if p.is_on(as_of)}
        context.update(
            as_of=as_of,
            holders=[(rotation, holders.get(rotation)) for rotation in Rotation],
            timeline=presidency_timeline(presidencies, today, as_of),
            rotations=[
                (rotation, [p for p in presidencies if p.rotation == rotation]) for rotation in Rotation
            ],
            can_add=self.request.user.has_perm("meetings.add_presidency"),
            confidence_note=CONFIDENCE_NOTE,
        )
        return context


class PresidencyCreateView(FormPageMixin, ServiceFormMixin, CreateView):
    permission_required = "meetings.add_presidency"
    form_class = PresidencyForm
    title = _("Record a presidency")
    intro = _("Presidencies of one rotation never overlap: end the running one first.")
    submit_label = _("Record the presidency")
    cancel_url = reverse_lazy("meetings:presidency-timeline")
    success_url = reverse_lazy("meetings:presidency-timeline")
    success_message = _("The presidency of %(state)s is recorded.")

    def save(self, form):
        return services.presidency_create(presidency=form.instance)

    def success_message_values(self, presidency):
        return {"state": presidency.state}


class MeetingCreateView(FormPageMixin, ServiceFormMixin, CreateView):
    permission_required = "meetings.add_meeting"
    form_class = MeetingForm
    title = _("Record a meeting")
    intro = _("A body's meetings are numbered in the order of their dates.")
    submit_label = _("Record the meeting")
    cancel_url = reverse_lazy("meetings:meeting-list")
    success_message = _("%(meeting)s is recorded.")

    def save(self, form):
        return services.meeting_create(meeting=form.instance)

    def success_message_values(self, meeting):
        return {"meeting": meeting}


class MaterialCreateView(FormPageMixin, ServiceFormMixin, CreateView):
    permission_required = "meetings.add_material"
    form_class = MaterialForm
    title = _("Record a material")
    submit_label = _("Record the material")

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        deadline = self.meeting.materials_deadline
        context.update(
            title=f"{self.title}: {self.meeting}",
            intro=(
                gettext("Materials are due by %(day)s (%(days)s days before the meeting), as a rule.")
                % {"day": deadline.isoformat(), "days": self.meeting.materials_days}
                if deadline
                else gettext("The meeting's day is not known yet: no deadline can be set.")
            ),
            cancel_url=self.meeting.get_absolute_url(),
        )
        return context

    def save(self, form):
        form.instance.meeting = self.meeting
        return services.material_create(material=form.instance)

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.object and self.object.pk and self.object.is_late:
            messages.warning(
                self.request,
                gettext(
                    "Circulated after the deadline: the material is flagged as late until an "
                    "exception is recorded."
                ),
            )
        return response

    def get_success_url(self):
        return self.meeting.get_absolute_url()

    def success_message_values(self, material):
        return {"material": material}

    success_message = _("The material “%(material)s” is recorded.")


class MaterialExceptionView(FormPageMixin, ServiceFormMixin, FormView):
    permission_required = "meetings.change_material"
    form_class = ExceptionForm
    template_name = "meetings/material_exception.html"
    title = _("Record an exception to the deadline")
    submit_label = _("Record the exception")
    success_message = _("The exception is recorded: “%(material)s” is no longer flagged.")

    def dispatch(self, request, *args, **kwargs):
        self.material = get_object_or_404(Material.objects.select_related("meeting__body"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(material=self.material, cancel_url=self.material.meeting.get_absolute_url())
        return context

    def save(self, form):
        return services.material_record_exception(
            material=self.material,
            reason=form.cleaned_data["exception_reason"],
            changed_by=self.request.user,
        )

    def get_success_url(self):
        return self.material.meeting.get_absolute_url()

    def success_message_values(self, material):
        return {"material": material}


class DraftQueueView(RecordListView):
    permission_required = "meetings.view_draft"
    table_class = DraftTable
    filterset_class = DraftFilter
    title = _("Drafts under expert review")
    export_name = "drafts"
    add_url_name = "meetings:draft-create"
    add_permission = "meetings.add_draft"
    add_label = _("Register a draft")
    notice = _(
        "The Secretariat's preliminary legal and financial review, expert consultations, the "
        "National Coordinators' consent, then circulation: materials are due a number of days "
        "before the target meeting (20 as a rule)."
    )

    def get_queryset(self):
        return Draft.objects.for_queue()


class DraftDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "meetings.view_draft"
    raise_exception = True
    template_name = "meetings/draft_detail.html"
    context_object_name = "draft"

    def get_queryset(self):
        return Draft.objects.select_related("target_meeting__body").prefetch_related(
            Prefetch("proposers", queryset=DraftProposer.objects.select_related("state")),
            Prefetch("steps", queryset=ReviewStep.objects.select_related("recorded_by")),
            "materials",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        draft = self.object
        steps = services.next_steps(draft)
        can_move = self.request.user.has_perm("meetings.change_draft") and bool(steps)
        days_left = draft.days_left()
        context.update(
            move_form=DraftMoveForm(steps=steps, initial={"on": timezone.localdate()}) if can_move else None,
            days_left=days_left,
            days_past=-days_left if days_left is not None and days_left < 0 else 0,
        )
        return context


class DraftCreateView(FormPageMixin, ServiceFormMixin, CreateView):
    permission_required = "meetings.add_draft"
    form_class = DraftForm
    title = _("Register a draft")
    intro = _("A draft received from member states starts at the step “received”.")
    submit_label = _("Register the draft")
    cancel_url = reverse_lazy("meetings:draft-queue")
    success_message = _("The draft %(reference)s is registered.")

    def save(self, form):
        return services.draft_create(
            draft=form.instance,
            proposing_states=form.cleaned_data["proposing_states"],
            changed_by=self.request.user,
        )

    def success_message_values(self, draft):
        return {"reference": draft.reference}


class DraftMoveView(FormPageMixin, ServiceFormMixin, FormView):
    """The next step of a draft (its page shows the same form)."""

    permission_required = "meetings.change_draft"
    form_class = DraftMoveForm
    title = _("Next step of the review")
    submit_label = _("Record the step")
    success_message = _("%(reference)s: %(step)s, recorded.")

    def dispatch(self, request, *args, **kwargs):
        self.draft = get_object_or_404(Draft, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["steps"] = services.next_steps(self.draft)
        kwargs.setdefault("initial", {})["on"] = timezone.localdate()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"{self.title}: {self.draft.reference}",
            intro=gettext("Now at the step “%(step)s”.") % {"step": self.draft.get_step_display()},
            cancel_url=self.draft.get_absolute_url(),
        )
        return context

    def save(self, form):
        data = form.cleaned_data
        return services.draft_move(
            draft=self.draft,
            to=data["step"],
            on=data["on"],
            conclusion=data["conclusion"],
            changed_by=self.request.user,
        )

    def get_success_url(self):
        return self.draft.get_absolute_url()

    def success_message_values(self, step):
        return {"reference": self.draft.reference, "step": step.get_step_display()}


# The calendar feed -----------------------------------------------------------------------


@permission_required("meetings.view_meeting", raise_exception=True)
def calendar_address(request):
    """The user's own calendar address: shown, issued anew (the old one stops) or revoked."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, gettext("Your calendar address is revoked: it opens nothing any more."))
        else:
            services.calendar_token_issue(user=request.user)
            messages.success(
                request, gettext("Your new calendar address is ready; any earlier one stops working.")
            )
        return redirect("meetings:calendar-address")
    token = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    feed_url = (
        request.build_absolute_uri(f"{reverse('meetings:calendar-feed')}?token={token.key}") if token else ""
    )
    return render(request, "meetings/calendar_address.html", {"token": token, "feed_url": feed_url})


@login_not_required
@require_safe
def calendar_feed(request):
    """Upcoming meetings and materials deadlines as iCalendar (RFC 5545), for a calendar
    program. Reached only with a personal token that is active, of an active user who may
    read meetings: anything else is 404, so the address says nothing about what exists."""
    key = request.GET.get("token", "")
    token = (
        CalendarToken.objects.select_related("user").filter(key=key, revoked_at__isnull=True).first()
        if key
        else None
    )
    if token is None or not token.user.is_active or not token.user.has_perm("meetings.view_meeting"):
        raise Http404
    today = timezone.localdate()
    meetings = Meeting.objects.upcoming(today).filter(date_precision="day")
    calendar = Calendar()
    calendar.add("prodid", "-//SCO Secretariat//Records//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", gettext("SCO meetings and materials deadlines"))
    stamp = datetime.now(UTC)
    host = request.get_host()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("summary", str(meeting.name))
        event.add("dtstart", meeting.start_date)
        event.add("dtend", meeting.last_day + timedelta(days=1))  # all-day: DTEND is exclusive
        event.add("dtstamp", stamp)
        if meeting.city:
            event.add("location", meeting.city)
        event.add("url", request.build_absolute_uri(meeting.get_absolute_url()))
        calendar.add_component(event)
        deadline = meeting.materials_deadline
        if deadline and deadline >= today:
            due = Event()
            due.add("uid", f"materials-{meeting.pk}@{host}")
            due.add("summary", gettext("Materials due: %(meeting)s") % {"meeting": meeting.name})
            due.add("dtstart", deadline)
            due.add("dtend", deadline + timedelta(days=1))
            due.add("dtstamp", stamp)
            calendar.add_component(due)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sco-meetings.ics"'
    return response
