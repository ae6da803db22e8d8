import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.lists import DateColumn, LinkedColumn, LocalizedColumn
from core.rendering import person_name

from .models import Appointment, Post


class PostTable(tables.Table):
    code = LinkedColumn(verbose_name=_("Code"), url=Post.get_absolute_url)
    title = LocalizedColumn("title", verbose_name=_("Title"))
    department = LocalizedColumn("department__name", verbose_name=_("Department"))
    grade = tables.Column(verbose_name=_("Grade"))
    category = tables.Column(verbose_name=_("Category"))
    holder_name = tables.Column(verbose_name=_("Holder today"), default="—", empty_values=(None, ""))
    start_date = DateColumn(verbose_name=_("Established"), format="Y-m-d", attrs={"td": {"class": "nowrap"}})
    end_date = DateColumn(
        verbose_name=_("Abolished"), format="Y-m-d", attrs={"td": {"class": "nowrap"}}, default=""
    )

    class Meta:
        model = Post
        fields = (
            "code",
            "title",
            "department",
            "grade",
            "category",
            "holder_name",
            "start_date",
            "end_date",
        )
        order_by = ("department", "code")
        empty_text = _("No post matches these filters.")

    def render_holder_name(self, record, value):
        return person_name(record.holder_url, value, record.holder_name_original)

    def value_holder_name(self, value):
        return value or ""


class AppointmentTable(tables.Table):
    person = tables.Column(verbose_name=_("Person"), order_by=("person__name_latin",))
    post = tables.Column(verbose_name=_("Post"), order_by=("post__code",))
    department = LocalizedColumn("post__department__name", verbose_name=_("Department"))
    nominated_by = LocalizedColumn("nominated_by__name", verbose_name=_("Nominating state"), default="—")
    start_date = DateColumn(verbose_name=_("Start"), format="Y-m-d", attrs={"td": {"class": "nowrap"}})
    planned_end_date = DateColumn(
        verbose_name=_("Contract end"), format="Y-m-d", attrs={"td": {"class": "nowrap"}}, default="—"
    )
    end_date = DateColumn(
        verbose_name=_("Ended"), format="Y-m-d", attrs={"td": {"class": "nowrap"}}, default="—"
    )
    end_reason = tables.Column(verbose_name=_("Reason"), default="")
    details = tables.Column(verbose_name="", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta:
        model = Appointment
        fields = (
            "person",
            "post",
            "department",
            "nominated_by",
            "start_date",
            "planned_end_date",
            "end_date",
            "end_reason",
        )
        order_by = ("-start_date",)
        empty_text = _("No appointment matches these filters.")

    def render_person(self, record):
        person = record.person
        return person_name(person.get_absolute_url(), person.name_latin, person.name_original)

    def value_person(self, record):
        return record.person.name_latin

    def render_post(self, record):
        post = record.post
        return format_html('<a href="{}">{} {}</a>', post.get_absolute_url(), post.code, post.title)

    def render_details(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), gettext("Open"))

    def value_post(self, record):
        return f"{record.post.code} {record.post.title}"


class TechnicalStaffTable(AppointmentTable):
    class Meta(AppointmentTable.Meta):
        exclude = ("nominated_by",)
        empty_text = _("No technical staff matches these filters.")
