"""Pages of the depository: the register, an instrument with its status table and log, the
officer's forms (acts, entry into force, corrections, originals, copies, notifications), the
certified-copies tracker and the depositary notifications with their printable pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView

from core.lists import RecordListView
from core.views import ServiceFormMixin
from meetings.models import DatePrecision, date_display
from secretariat.models import State
from secretariat.views import FormPageMixin

from . import services
from .filters import CertifiedCopyFilter, InstrumentFilter, NotificationFilter
from .forms import ActForm, CopySentForm, CorrectionForm, EntryIntoForceForm, NotificationForm, OriginalsForm
from .models import CertifiedCopy, DepositaryEvent, Instrument, Notification, Participation
from .tables import CertifiedCopyTable, InstrumentTable, NotificationTable

PRINT_LANGUAGES = ("ru", "zh", "en")
# Django's language codes for the printable languages.
LANGUAGE_CODES = {"ru": "ru", "zh": "zh-hans", "en": "en"}


class InstrumentListView(RecordListView):
    permission_required = "depository.view_instrument"
    table_class = InstrumentTable
    filterset_class = InstrumentFilter
    title = _("Depository: SCO instruments")
    export_name = "instruments"
    notice = _(
        "Dates as the sources give them: a date known only to its month or year is shown so. "
        "What no source gives is “not recorded”. Flags: [V] verified, [S] a single source, [U] uncertain."
    )

    def get_queryset(self):
        return Instrument.objects.for_register()


def status_rows(participations: list[Participation]) -> list[dict]:
    """The status table: one row per party, with the warnings of its dates."""
    return [
        {"participation": row, "warnings": services.consent_warnings(row), "party": row.party}
        for row in participations
    ]


class InstrumentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "depository.view_instrument"
    raise_exception = True
    template_name = "depository/instrument_detail.html"
    context_object_name = "instrument"

    def get_queryset(self):
        # The instrument and each of its lists in one query apiece, whatever their length.
        return Instrument.objects.select_related(
            "meeting__body", "depositary_state", "amends", "conditional_on"
        ).prefetch_related(
            Prefetch("participations", queryset=Participation.objects.for_status_table()),
            Prefetch("events", queryset=DepositaryEvent.objects.for_log()),
            Prefetch("certified_copies", queryset=CertifiedCopy.objects.select_related("state")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        instrument = self.object
        participations = list(instrument.participations.all())
        can_record = self.request.user.has_perm("depository.add_depositaryevent")
        context.update(
            rows=status_rows(participations),
            events=list(instrument.events.all()),
            copies=list(instrument.certified_copies.all()),
            proposals=services.proposals_for(instrument, participations) if can_record else [],
            can_record=can_record,
            today=timezone.localdate(),
        )
        return context


class InstrumentFormMixin(FormPageMixin, ServiceFormMixin):
    """A form page about one instrument, back to its page afterwards."""

    permission_required = "depository.add_depositaryevent"

    def dispatch(self, request, *args, **kwargs):
        self.instrument = get_object_or_404(
            Instrument.objects.select_related("conditional_on"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"{self.title}: {self.instrument.title}", cancel_url=self.instrument.get_absolute_url()
        )
        return context

    def get_success_url(self):
        return self.instrument.get_absolute_url()


class ActCreateView(InstrumentFormMixin, FormView):
    form_class = ActForm
    title = _("Record an act")
    intro = _("The status table and the depositary log both receive it.")
    submit_label = _("Record the act")
    success_message = _("%(act)s of %(party)s is recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instrument": self.instrument}

    def save(self, form):
        data = form.cleaned_data
        self.result = services.participation_record_act(
            instrument=self.instrument,
            party=form.party,
            kind=data["kind"],
            on=data["on"],
            precision=data["precision"],
            consent_kind=data["consent_kind"],
            domestic_act=data["domestic_act"],
            text=data["text"],
            changed_by=self.request.user,
        )
        return self.result.event

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(self, "result", None) is not None:
            for warning in self.result.warnings:
                messages.warning(self.request, warning)
            for proposal in self.result.proposals:
                messages.info(
                    self.request,
                    gettext("The rules give entry into force on %(day)s (%(reason)s): confirm it below.")
                    % {"day": date_display(proposal.on), "reason": proposal.reason},
                )
        return response

    def success_message_values(self, event):
        return {"act": event.get_kind_display(), "party": event.party}


class EntryIntoForceView(InstrumentFormMixin, FormView):
    form_class = EntryIntoForceForm
    title = _("Confirm an entry into force")
    submit_label = _("Confirm")
    success_message = _("Entry into force on %(day)s is recorded.")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instrument"] = self.instrument
        proposals = services.proposals_for(
            self.instrument, list(self.instrument.participations.select_related("state", "organisation"))
        )
        self.proposals = proposals
        if proposals and self.request.method != "POST":
            first = proposals[0]
            kwargs["initial"] = {"on": first.on, "participation": first.participation}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.proposals:
            context["intro"] = "; ".join(
                gettext("Proposed: %(day)s for %(party)s (%(reason)s)")
                % {
                    "day": date_display(proposal.on),
                    "party": proposal.participation.party
                    if proposal.participation
                    else self.instrument.title,
                    "reason": proposal.reason,
                }
                for proposal in self.proposals
            )
        else:
            context["intro"] = gettext("The rules propose no date yet: enter the date the sources give.")
        return context

    def save(self, form):
        data = form.cleaned_data
        if data["participation"] is None:
            return services.instrument_confirm_entry_into_force(
                instrument=self.instrument,
                on=data["on"],
                precision=data["precision"],
                text=data["text"],
                changed_by=self.request.user,
            )
        return services.participation_confirm_entry_into_force(
            participation=data["participation"],
            on=data["on"],
            precision=data["precision"],
            text=data["text"],
            changed_by=self.request.user,
        )

    def success_message_values(self, event):
        return {"day": event.on_display}


class CorrectionView(FormPageMixin, ServiceFormMixin, FormView):
    permission_required = "depository.add_depositaryevent"
    form_class = CorrectionForm
    title = _("Record a correction")
    intro = _(
        "A correction is a new event pointing to the one it corrects; the corrected event stays in the log."
    )
    submit_label = _("Record the correction")
    success_message = _("The correction is recorded.")

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(DepositaryEvent.objects.select_related("instrument"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"on": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=f"{self.title}: {self.event}", cancel_url=self.event.instrument.get_absolute_url()
        )
        return context

    def save(self, form):
        data = form.cleaned_data
        return services.event_correct(
            event=self.event,
            on=data["on"],
            text=data["text"],
            corrected_on=data.get("corrected_on"),
            corrected_precision=data.get("corrected_precision") or DatePrecision.DAY,
            changed_by=self.request.user,
        )

    def get_success_url(self):
        return self.event.instrument.get_absolute_url()


class OriginalsView(InstrumentFormMixin, FormView):
    permission_required = "depository.add_certifiedcopy"
    form_class = OriginalsForm
    title = _("Record the originals received")
    intro = _("One certified copy is then due to each member state's Permanent Representative.")
    submit_label = _("Record")
    success_message = _("%(count)s certified copies are due.")

    def save(self, form):
        received = form.cleaned_data["received_on"]
        return services.certified_copies_create(
            instrument=self.instrument,
            received_on=received,
            states=State.objects.members_on(received),
            for_rats=form.cleaned_data["for_rats"],
            changed_by=self.request.user,
        )

    def success_message_values(self, copies):
        return {"count": len(copies)}


class CertifiedCopyListView(RecordListView):
    permission_required = "depository.view_certifiedcopy"
    table_class = CertifiedCopyTable
    filterset_class = CertifiedCopyFilter
    title = _("Certified copies")
    export_name = "certified-copies"
    notice = _(
        "Certified copies go to the Permanent Representatives within 7 days of the Secretariat "
        "receiving the originals, or as the instrument says. Copies marked illustrative are demo data."
    )

    def get_queryset(self):
        return CertifiedCopy.objects.for_tracker()


class CopySentView(FormPageMixin, ServiceFormMixin, FormView):
    permission_required = "depository.change_certifiedcopy"
    form_class = CopySentForm
    title = _("Record a copy sent")
    submit_label = _("Record")
    success_url = reverse_lazy("depository:copy-list")
    cancel_url = reverse_lazy("depository:copy-list")
    success_message = _("The copy for %(recipient)s is recorded as sent.")

    def dispatch(self, request, *args, **kwargs):
        self.copy = get_object_or_404(
            CertifiedCopy.objects.select_related("instrument", "state"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"sent_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"{self.title}: {self.copy}"
        return context

    def save(self, form):
        return services.certified_copy_send(
            copy=self.copy, sent_on=form.cleaned_data["sent_on"], changed_by=self.request.user
        )

    def success_message_values(self, copy):
        return {"recipient": copy.recipient_display}


class NotificationListView(RecordListView):
    permission_required = "depository.view_notification"
    table_class = NotificationTable
    filterset_class = NotificationFilter
    title = _("Depositary notifications")
    export_name = "depositary-notifications"
    add_url_name = "depository:notification-create"
    add_permission = "depository.add_notification"
    add_label = _("Issue a depositary notification")

    def get_queryset(self):
        return Notification.objects.with_events()


class NotificationDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "depository.view_notification"
    raise_exception = True
    template_name = "depository/notification_detail.html"
    context_object_name = "notification"

    def get_queryset(self):
        return Notification.objects.with_events()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["print_languages"] = [
            (code, label) for code, label in (("ru", "Русский"), ("zh", "中文"), ("en", "English"))
        ]
        return context


class NotificationCreateView(FormPageMixin, ServiceFormMixin, FormView):
    permission_required = "depository.add_notification"
    form_class = NotificationForm
    title = _("Issue a depositary notification")
    intro = _("Numbered next in its year, addressed to the Permanent Representatives of the member states.")
    submit_label = _("Issue")
    cancel_url = reverse_lazy("depository:notification-list")
    success_message = _("Notification %(reference)s is issued.")

    def get_initial(self):
        return {"issued_on": timezone.localdate()}

    def save(self, form):
        return services.notification_issue(
            issued_on=form.cleaned_data["issued_on"],
            events=form.cleaned_data["events"],
            changed_by=self.request.user,
        )

    def success_message_values(self, notification):
        return {"reference": notification.reference}

    def get_success_url(self):
        return self.object.get_absolute_url()


def notification_print(request, pk: int, language: str):
    """The notification on one printed page, in Russian, Chinese or English, with the
    Secretariat's heading (static/css/notification.css sets the page)."""
    if not request.user.has_perm("depository.view_notification"):
        raise PermissionDenied
    if language not in PRINT_LANGUAGES:
        raise Http404
    notification = get_object_or_404(
        Notification.objects.with_events(),
        pk=pk,
    )
    with translation.override(LANGUAGE_CODES[language]):
        return render(
            request,
            "depository/notification_print.html",
            {
                "notification": notification,
                "events": list(notification.events.all()),
                "language": LANGUAGE_CODES[language],
                "back_url": reverse("depository:notification-detail", args=[notification.pk]),
            },
        )
