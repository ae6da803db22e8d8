"""Pages that read several apps: the dashboard, and the pages of a state, a department and a
person, which show the Secretariat's records with the staffing of each."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.history import recent_changes
from core.views import as_of_date
from depository.models import CertifiedCopy, Participation
from meetings.models import Material, Meeting, deadlines_between
from relations import queries as relations_queries
from relations.models import membership_path
from secretariat.models import Department, PermanentRepresentative, Person, SecretaryGeneralTerm, State
from staffing import charts
from staffing.models import Appointment, Category, Post, QuotaLine, quota_use_on
from staffing.views import ILLUSTRATIVE, RECENT_APPOINTMENTS, quota_totals


@permission_required("staffing.view_appointment", raise_exception=True)
def dashboard(request):
    """What a records officer needs first thing in the morning."""
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.CONTRACT_WARNING_DAYS)
    quota_rows = list(quota_use_on(today))
    # Vacancies and contracts ending soon, both read off today's staffing table: one query,
    # for only the posts the page shows.
    posts = list(
        Post.objects.for_staffing_table(today).filter(
            Q(holder_appointment_id__isnull=True, category=Category.OFFICIAL)
            | Q(holder_contract_end__gte=today, holder_contract_end__lte=horizon)
        )
    )
    vacancies = [post for post in posts if post.holder_appointment_id is None]
    ending = sorted(
        (post for post in posts if post.holder_contract_end),
        key=lambda post: (post.holder_contract_end, post.code),
    )
    context = {
        "today": today,
        "horizon_days": settings.CONTRACT_WARNING_DAYS,
        "quota_rows": quota_rows,
        "quota_chart": charts.quota_bars(quota_rows),
        "totals": quota_totals(quota_rows),
        "vacancies": vacancies,
        "ending": [_holding(post) for post in ending[:12]],
        "head": SecretaryGeneralTerm.objects.head_on(today),
        "representatives": list(
            PermanentRepresentative.objects.on(today)
            .select_related("state", "person")
            .order_by("state__name_ru")
        ),
        "recent": recent_changes(10),
        "illustrative": ILLUSTRATIVE,
        **_meetings_ahead(today),
        # One query: the certified copies past their due day and not sent (the depository).
        "overdue_copies": list(CertifiedCopy.objects.overdue(today).for_tracker()[:10]),
    }
    return render(request, "overview/dashboard.html", context)


def _meetings_ahead(today) -> dict:
    """The next meetings, the materials deadlines of the coming weeks and the materials
    circulated late (flagged until an officer records an exception): two queries."""
    horizon = today + timedelta(days=settings.DEADLINE_WARNING_DAYS)
    # One read serves both lists: a deadline comes at most a year before its meeting.
    planned = list(Meeting.objects.upcoming(today, until=horizon + timedelta(days=366)))
    return {
        "deadline_days": settings.DEADLINE_WARNING_DAYS,
        "next_meetings": planned[:5],
        "deadlines": deadlines_between(planned, today, horizon),
        "late_materials": list(
            Material.objects.flagged_for_planned_meetings().order_by("meeting__start_date")[:10]
        ),
    }


def _holding(post: Post) -> Appointment:
    """The appointment of a post's holder, from the annotations of `with_holder_on` (no query)."""
    person = Person(
        pk=post.holder_person_id,
        name_latin=post.holder_name,
        name_original=post.holder_name_original,
        is_fictional=post.holder_is_fictional,
    )
    return Appointment(
        pk=post.holder_appointment_id, post=post, person=person, planned_end_date=post.holder_contract_end
    )


@permission_required("secretariat.view_state", raise_exception=True)
def state_detail(request, code: str):
    """A state: standing over time, quota over time, officials now and before, representatives."""
    today = timezone.localdate()
    serving = (
        Appointment.objects.officials()
        .on(today)
        .filter(nominated_by=OuterRef("pk"))
        .order_by()
        .values("nominated_by")
        .annotate(n=Count("pk"))
        .values("n")
    )
    state = get_object_or_404(
        State.objects.annotate(serving_count=Coalesce(Subquery(serving), 0)), code=code.upper()
    )
    appointments = list(
        state.nominated_appointments.select_related("person", "post", "post__department").order_by(
            "-start_date"
        )[: RECENT_APPOINTMENTS + 1]
    )
    representatives = list(
        state.representatives.select_related("person").order_by("-start_date")[: RECENT_APPOINTMENTS + 1]
    )
    context = {
        "state": state,
        "today": today,
        # Relations with the SCO: each standing with its decision and memorandum (one query),
        # and the path to membership where one is recorded (one query).
        "standings": relations_queries.standings_for_state_page(state),
        "membership_path": membership_path(list(relations_queries.membership_steps_of(state))),
        "quota_lines": QuotaLine.objects.filter(state=state)
        .select_related("version")
        .order_by("-version__effective_date"),
        "appointments": appointments[:RECENT_APPOINTMENTS],
        "more_appointments": len(appointments) > RECENT_APPOINTMENTS,
        "representatives": representatives[:RECENT_APPOINTMENTS],
        "more_representatives": len(representatives) > RECENT_APPOINTMENTS,
        "serving_count": state.serving_count,
        "illustrative": ILLUSTRATIVE,
        **_instruments_of(state, today),
    }
    return render(request, "overview/state_detail.html", context)


def _instruments_of(state: State, today) -> dict:
    """The state's instruments from the depository, in three lists: signed and not yet in
    force for it, in force for it, withdrawn (one query)."""
    buckets = {"pending": [], "in_force": [], "withdrawn": []}
    for participation in Participation.objects.for_state_page(state).order_by("instrument__signed_on", "pk"):
        buckets[participation.state_bucket(today)].append(participation)
    return {
        "instruments_pending": buckets["pending"],
        "instruments_in_force": buckets["in_force"],
        "instruments_withdrawn": buckets["withdrawn"],
    }


@permission_required("secretariat.view_department", raise_exception=True)
def department_detail(request, code: str):
    """A department: its posts and their holders on the chosen day."""
    department = get_object_or_404(Department, code=code)
    day = as_of_date(request)
    posts = Post.objects.for_staffing_table(day).filter(department=department)
    return render(
        request,
        "overview/department_detail.html",
        {"department": department, "posts": posts, "day": day},
    )


@permission_required("secretariat.view_person", raise_exception=True)
def person_detail(request, pk: int):
    """A person: appointments over time and any terms as head, deputy or representative."""
    person = get_object_or_404(Person.objects.select_related("nationality"), pk=pk)
    context = {
        "person": person,
        "appointments": person.appointments.select_related(
            "post", "post__department", "nominated_by"
        ).order_by("-start_date"),
        "head_terms": person.head_terms.select_related("nominating_state"),
        "deputy_terms": person.deputy_terms.select_related("nominating_state"),
        "representative_terms": person.representative_terms.select_related("state"),
        "today": timezone.localdate(),
    }
    return render(request, "overview/person_detail.html", context)
