"""Helpers the feature tests share: users with a role, reading CSV and form errors, admin forms,
rows of a small world."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from html import escape
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.forms import CheckboxInput
from django.urls import reverse

from secretariat.models import (
    SecretaryGeneralTerm,
    Standing,
)
from staffing.models import Appointment
from tests import factories

TITLE = SecretaryGeneralTerm.Title


ES, SG = TITLE.EXECUTIVE_SECRETARY, TITLE.SECRETARY_GENERAL


HEADS = [
    ("Zhang Deguang", "张德广", "CN", ES, date(2004, 1, 15), date(2006, 12, 31)),
    ("Bolat Nurgaliyev", "Болат Нургалиев", "KZ", SG, date(2007, 1, 1), date(2009, 12, 31)),
    ("Muratbek Imanaliev", "Муратбек Иманалиев", "KG", SG, date(2010, 1, 1), date(2012, 12, 31)),
    ("Dmitry Mezentsev", "Дмитрий Мезенцев", "RU", SG, date(2013, 1, 1), date(2015, 12, 31)),
    ("Rashid Alimov", "Рашид Алимов", "TJ", SG, date(2016, 1, 1), date(2018, 12, 31)),
    ("Vladimir Norov", "Владимир Норов", "UZ", SG, date(2019, 1, 1), date(2021, 12, 31)),
    ("Zhang Ming", "张明", "CN", SG, date(2022, 1, 1), date(2024, 12, 31)),
    ("Nurlan Yermekbayev", "Нурлан Ермекбаев", "KZ", SG, date(2025, 1, 1), None),
]  # fmt: skip


LISTS = [
    "secretariat:state-list",
    "secretariat:department-list",
    "secretariat:person-list",
    "secretariat:term-list",
    "secretariat:deputy-list",
    "secretariat:representative-list",
]


def user_in(role: str, username: str):
    user = get_user_model().objects.create_user(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


def record_heads(founders) -> None:
    # Saved newest first, so the pages' order comes from the dates, not from the ids.
    for name, original, code, title, start, end in reversed(HEADS):
        person = factories.PersonFactory(
            name_latin=name, name_original=original, nationality=founders[code], is_fictional=False
        )
        factories.SecretaryGeneralTermFactory(
            person=person,
            nominating_state=founders[code],
            title=title,
            start_date=start,
            end_date=end,
        )


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def field_error(response, field: str, message: str) -> None:
    """The page was shown again with `message` next to `field`."""
    assert response.status_code == 200
    errors = response.context["form"].errors.get(field, [])
    assert any(message in error for error in errors), errors
    assert escape(message) in response.content.decode()


def make_states(count: int) -> None:
    statuses = list(Standing.Status)
    for index in range(count):
        state = factories.StateFactory()
        factories.StandingFactory(state=state, status=statuses[index % len(statuses)])


def make_departments(count: int) -> None:
    factories.DepartmentFactory.create_batch(count)


def make_people(count: int) -> None:
    factories.PersonFactory.create_batch(count)


def make_terms(count: int) -> None:
    # One-year terms before the earliest one recorded: head terms never overlap.
    earliest = SecretaryGeneralTerm.objects.order_by("start_date").first()
    last_year = (earliest.start_date.year if earliest else 2004) - 1
    for year in range(last_year - count + 1, last_year + 1):
        factories.SecretaryGeneralTermFactory(start_date=date(year, 1, 1), end_date=date(year, 12, 31))


def make_deputies(count: int) -> None:
    factories.DeputySecretaryGeneralTermFactory.create_batch(count)


def make_representatives(count: int) -> None:
    factories.PermanentRepresentativeFactory.create_batch(count)


MAKERS = {
    "secretariat:state-list": make_states,
    "secretariat:department-list": make_departments,
    "secretariat:person-list": make_people,
    "secretariat:term-list": make_terms,
    "secretariat:deputy-list": make_deputies,
    "secretariat:representative-list": make_representatives,
}


def user_with_role(role: str, username: str | None = None) -> User:
    user = User.objects.create_user(username or role.replace(" ", "-"), password="x" * 16)
    user.groups.add(Group.objects.get(name=role))
    return user


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def official(state, start: date, end: date | None = None, **kwargs) -> Appointment:
    """An unsaved official appointment of a national of `state` to a new post."""
    return Appointment(
        person=kwargs.pop("person", None) or factories.PersonFactory(nationality=state),
        post=kwargs.pop("post", None) or factories.PostFactory(),
        nominated_by=state,
        start_date=start,
        end_date=end,
        end_reason=Appointment.EndReason.CONTRACT_ENDED if end else "",
        **kwargs,
    )


def url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def service_refusal(save) -> ValidationError:
    """What the service says about the same input; it saves nothing."""
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        save()
    return caught.value


def form_errors(response) -> dict[str, list[str]]:
    assert response.status_code == 200, "the form was not re-displayed"
    return response.context["adminform"].form.errors


def inline_errors(response) -> list[str]:
    return [
        error
        for inline in response.context["inline_admin_formsets"]
        for error in inline.formset.non_form_errors()
    ]


def as_post_value(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return "" if value is None else value


def form_data(response) -> dict:
    """The POST data of an admin add or change page as shown: what a clerk sends unchanged."""
    data = {"_save": "Save"}

    def add(form) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = as_post_value(value)

    add(response.context["adminform"].form)
    # The history page of a record as it was shows the record alone, without inlines.
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.initial_forms:
            add(form)
    return data


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def codes(states) -> set[str]:
    return {state.code for state in states}
