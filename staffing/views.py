"""Pages of the staffing records: reports as of a date, lists, details and forms."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView

from core.choices import ChoicesMixin
from core.exports import export_response, requested_format
from core.forms import add_service_error
from core.history import OpenRecordRequiredMixin, VersionCheckMixin
from core.lists import RecordListView
from core.views import ServiceFormMixin, as_of_date, requested_date

from . import charts, services
from .filters import AppointmentFilter, PostFilter, TechnicalStaffFilter
from .forms import AppointmentEndForm, AppointmentForm, ContractForm, QuotaVersionForm, TechnicalStaffForm
from .models import Appointment, Post, QuotaStatus, QuotaVersion, quota_use_on
from .tables import AppointmentTable, PostTable, TechnicalStaffTable

ILLUSTRATIVE = gettext_lazy(
    "The quota shown is illustrative: the real allocation is not public. It is derived from "
    "the member states' published budget shares by largest-remainder apportionment of the 36 posts."
)


def quota_totals(rows) -> dict:
    """The quota, serving officials and free places of the quota rows, added up."""
    return {
        "quota": sum(row.quota for row in rows),
        "serving": sum(row.serving for row in rows),
        "free": sum(row.free for row in rows),
    }


@permission_required("staffing.view_post", raise_exception=True)
def staffing_table(request):
    """Every post by department with its holder on the chosen day."""
    day = as_of_date(request)
    posts = list(Post.objects.for_staffing_table(day))
    if export_format := requested_format(request):
        header = [
            _("Department"),
            _("Code"),
            _("Title"),
            _("Category"),
            _("Holder"),
            _("Name (original script)"),
            _("Nominating state"),
            _("Since"),
            _("Contract end"),
        ]
        rows = (
            [
                post.department.name,
                post.code,
                post.title,
                post.get_category_display(),
                post.holder_name or "",
                post.holder_name_original or "",
                post.holder_state_name,
                post.holder_start or "",
                post.holder_contract_end or "",
            ]
            for post in posts
        )
        return export_response(
            name=f"staffing-table-{day:%Y-%m-%d}", export_format=export_format, header=header, rows=rows
        )
    context = {
        "day": day,
        "export_query": urlencode({"as_of": day.isoformat()}),
        "posts": posts,
        "held": sum(1 for post in posts if post.holder_appointment_id),
        "vacant": sum(1 for post in posts if not post.holder_appointment_id),
    }
    return render(request, "staffing/staffing_table.html", context)


@permission_required("staffing.view_quotaversion", raise_exception=True)
def quota_report(request):
    """Quota use per member state on a day, compared with an earlier day."""
    day = as_of_date(request)
    compare = requested_date(request, "compare")
    if compare is None:
        compare = (
            day.replace(year=day.year - 1)
            if not (day.month == 2 and day.day == 29)
            else day - timedelta(days=365)
        )
    rows = list(quota_use_on(day))
    earlier = {row.pk: row for row in quota_use_on(compare)}
    for row in rows:
        before = earlier.get(row.pk)
        row.quota_before = before.quota if before else None
        row.serving_before = before.serving if before else None
    version = QuotaVersion.objects.effective_on(day)
    totals = quota_totals(rows)
    if export_format := requested_format(request):
        header = [
            _("State"),
            _("Quota"),
            _("Serving officials"),
            _("Free places"),
            _("Status"),
            _("Quota on %(day)s") % {"day": compare.isoformat()},
            _("Serving on %(day)s") % {"day": compare.isoformat()},
        ]
        lines = [
            [
                row.name,
                row.quota,
                row.serving,
                row.free,
                QuotaStatus(row.status).label,
                "" if row.quota_before is None else row.quota_before,
                "" if row.serving_before is None else row.serving_before,
            ]
            for row in rows
        ]
        lines.append([_("Total"), totals["quota"], totals["serving"], totals["free"], "", "", ""])
        return export_response(
            name=f"quota-{day:%Y-%m-%d}", export_format=export_format, header=header, rows=lines
        )
    context = {
        "day": day,
        "export_query": urlencode({"as_of": day.isoformat(), "compare": compare.isoformat()}),
        "compare": compare,
        "rows": rows,
        "totals": totals,
        "version": version,
        "chart": charts.quota_bars(rows),
        "illustrative": ILLUSTRATIVE,
    }
    return render(request, "staffing/quota_report.html", context)


class QuotaVersionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "staffing.view_quotaversion"
    raise_exception = True
    model = QuotaVersion
    template_name = "staffing/quota_version_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lines"] = self.object.lines.select_related("state").order_by("state__name_ru")
        context["versions"] = QuotaVersion.objects.order_by("-effective_date")
        context["illustrative"] = ILLUSTRATIVE
        return context


@permission_required("staffing.add_quotaversion", raise_exception=True)
def quota_version_create(request):
    """Publish a quota version; refused with the reason when it breaks a rule."""
    raw_day = (
        request.POST.get("effective_date") if request.method == "POST" else request.GET.get("effective_date")
    )
    try:
        day = parse_date(raw_day or "") or timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    form = QuotaVersionForm(request.POST or None, day=day)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.quota_version_publish(
                effective_date=form.cleaned_data["effective_date"],
                places=form.places(),
                basis=form.cleaned_data["basis"],
                is_illustrative=form.cleaned_data["is_illustrative"],
                establishment_size=form.cleaned_data["establishment_size"],
            )
        except ValidationError as error:
            add_service_error(form, error, {"places": None})
        else:
            messages.success(
                request,
                _("Quota version from %(day)s published.") % {"day": version.effective_date},
            )
            return redirect(version)
    return render(request, "staffing/quota_version_form.html", {"form": form, "illustrative": ILLUSTRATIVE})


class PostListView(RecordListView):
    permission_required = "staffing.view_post"
    model = Post
    table_class = PostTable
    filterset_class = PostFilter
    export_name = "posts"
    title = gettext_lazy("Posts")

    def get_queryset(self):
        return Post.objects.select_related("department").with_holder_on(timezone.localdate())


# Appointments (or representatives) a state's or a post's page lists, the latest first. Their
# whole history runs to thousands of rows; the lists, filtered, page through all of them.
RECENT_APPOINTMENTS = 25


class PostDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "staffing.view_post"
    raise_exception = True
    model = Post
    slug_field = slug_url_kwarg = "code"
    template_name = "staffing/post_detail.html"

    def get_queryset(self):
        return Post.objects.select_related("department")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The latest holders only, as on a state's page: the appointments list has them all.
        appointments = list(
            self.object.appointments.select_related("person", "nominated_by").order_by("-start_date")[
                : RECENT_APPOINTMENTS + 1
            ]
        )
        context["appointments"] = appointments[:RECENT_APPOINTMENTS]
        context["more_appointments"] = len(appointments) > RECENT_APPOINTMENTS
        context["today"] = timezone.localdate()
        return context


class AppointmentListView(RecordListView):
    permission_required = "staffing.view_appointment"
    table_class = AppointmentTable
    filterset_class = AppointmentFilter
    export_name = "appointments"
    title = gettext_lazy("Appointments of officials")
    add_url_name = "staffing:appointment-create"
    add_permission = "staffing.add_appointment"
    add_label = gettext_lazy("Appoint an official")

    def get_queryset(self):
        return Appointment.objects.officials().with_related()


class TechnicalStaffListView(RecordListView):
    permission_required = "staffing.view_appointment"
    table_class = TechnicalStaffTable
    filterset_class = TechnicalStaffFilter
    export_name = "technical-staff"
    title = gettext_lazy("Technical staff")
    notice = gettext_lazy(
        "Technical staff are hired from nationals of the host country and count against no quota."
    )
    add_url_name = "staffing:technical-create"
    add_permission = "staffing.add_appointment"
    add_label = gettext_lazy("Take on technical staff")

    def get_queryset(self):
        return Appointment.objects.technical().with_related()


class AppointmentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "staffing.view_appointment"
    raise_exception = True
    template_name = "staffing/appointment_detail.html"

    def get_queryset(self):
        return Appointment.objects.with_related()


class AppointmentCreateView(PermissionRequiredMixin, ChoicesMixin, ServiceFormMixin, CreateView):
    permission_required = "staffing.add_appointment"
    raise_exception = True
    form_class = AppointmentForm
    choices_url_name = "staffing:appointment-create-choices"
    template_name = "staffing/appointment_form.html"
    title = gettext_lazy("Appoint an official")
    success_message = gettext_lazy("Appointment recorded: %(record)s.")

    def save(self, form):
        data = form.cleaned_data
        return services.appointment_create(
            person=data["person"],
            post=data["post"],
            nominated_by=data.get("nominated_by"),
            start_date=data["start_date"],
            planned_end_date=data["planned_end_date"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, illustrative=ILLUSTRATIVE, **kwargs)


class TechnicalStaffCreateView(AppointmentCreateView):
    form_class = TechnicalStaffForm
    choices_url_name = "staffing:technical-create-choices"
    title = gettext_lazy("Take on technical staff")


class ServingAppointmentEditView(
    PermissionRequiredMixin, OpenRecordRequiredMixin, VersionCheckMixin, ServiceFormMixin, UpdateView
):
    """An edit of a serving appointment, saved through the service, guarded against lost updates;
    once the appointment is ended, it goes to the appointment's page and says by whom."""

    permission_required = "staffing.change_appointment"
    raise_exception = True
    template_name = "staffing/appointment_end.html"

    def get_queryset(self):
        return Appointment.objects.with_related()


class AppointmentEndView(ServingAppointmentEditView):
    form_class = AppointmentEndForm
    success_message = gettext_lazy("Appointment ended: %(record)s.")

    def save(self, form):
        return services.appointment_end(
            appointment=form.instance,
            end_date=form.cleaned_data["end_date"],
            reason=form.cleaned_data["end_reason"],
        )


class ContractEditView(ServingAppointmentEditView):
    form_class = ContractForm
    success_message = gettext_lazy("Contract changed: %(record)s.")

    def save(self, form):
        return services.appointment_contract_change(
            appointment=form.instance, planned_end_date=form.cleaned_data["planned_end_date"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Change the contract end"), **kwargs)
