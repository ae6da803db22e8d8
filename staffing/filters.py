import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import SearchFilter
from secretariat.filters import states_in_reader_order
from secretariat.models import Department, State

from .models import Appointment, Category, Post

SERVING_CHOICES = [("yes", _("Serving today")), ("no", _("Ended"))]
VACANCY_CHOICES = [("vacant", _("Vacant today")), ("held", _("Held today"))]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
ALL = _("All")


class PostFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["code", "title_en", "title_ru", "title_zh"], label=_("Search"))
    department = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=Department.objects.all(), label=_("Department")
    )
    category = django_filters.ChoiceFilter(empty_label=ALL, choices=Category.choices, label=_("Category"))
    grade = django_filters.ChoiceFilter(empty_label=ALL, choices=Post.Grade.choices, label=_("Grade"))
    vacancy = django_filters.ChoiceFilter(
        empty_label=ALL, choices=VACANCY_CHOICES, method="filter_vacancy", label=_("Holder")
    )

    class Meta:
        model = Post
        fields = ["q", "department", "category", "grade", "vacancy"]

    def filter_vacancy(self, queryset, name, value):
        today = timezone.localdate()
        held = Exists(Appointment.objects.on(today).filter(post=OuterRef("pk")))
        return queryset.filter(held) if value == "held" else queryset.on(today).exclude(held)


def nominating_states(request) -> QuerySet[State]:
    """The states that nominated someone, sorted by the name the reader sees."""
    # EXISTS, one index probe per state: a join with DISTINCT read every appointment.
    nominated = Exists(Appointment.objects.filter(nominated_by=OuterRef("pk")))
    return states_in_reader_order(request).filter(nominated)


class AppointmentFilter(django_filters.FilterSet):
    q = SearchFilter(fields=["person__name_latin", "person__name_original", "post__code"], label=_("Search"))
    nominated_by = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        queryset=nominating_states,
        label=_("Nominating state"),
    )
    department = django_filters.ModelChoiceFilter(
        empty_label=ALL,
        field_name="post__department",
        queryset=Department.objects.all(),
        label=_("Department"),
    )
    serving = django_filters.ChoiceFilter(
        empty_label=ALL, choices=SERVING_CHOICES, method="filter_serving", label=_("Serving")
    )
    started_from = django_filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Started from"), widget=DATE_WIDGET
    )
    started_until = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Started until"), widget=DATE_WIDGET
    )

    class Meta:
        model = Appointment
        fields = ["q", "nominated_by", "department", "serving", "started_from", "started_until"]

    def filter_serving(self, queryset, name, value):
        today = timezone.localdate()
        serving = queryset.on(today)
        return serving if value == "yes" else queryset.exclude(pk__in=serving.values("pk"))


class TechnicalStaffFilter(AppointmentFilter):
    class Meta(AppointmentFilter.Meta):
        fields = ["q", "department", "serving", "started_from", "started_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("nominated_by", None)
