"""Rows, cells and widgets written in Python write what Django's and django-tables2's templates write."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.contrib.auth.models import User
from django.core.management import call_command
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils import translation

from core import rendering
from core.forms import DateInput
from core.rendering import WidgetRenderer
from tests.test_access import ACCESS

CHOICES = [("", "All"), ("kz", "Kazakhstan"), ("cn", 'China <"PRC"> & more')]


GROUPED = [
    ("Members", [("kz", "Kazakhstan"), ("ru", "Russia")]),
    ("Observers", [("mn", "Mongolia")]),
    ("x", "Other"),
]


WIDGETS = [
    (forms.TextInput(), "Zhang"),
    (
        forms.TextInput(attrs={"placeholder": 'name "in" <any> script', "required": True, "disabled": False}),
        "",
    ),
    (forms.TextInput(), None),
    (forms.NumberInput(attrs={"min": 0, "step": 1}), 36),
    (forms.HiddenInput(), 17),
    (forms.PasswordInput(), "secret"),
    (forms.EmailInput(), "a@b.org"),
    (DateInput(), date(2024, 2, 29)),
    (DateInput(attrs={"max": "2026-12-31"}), None),
    (forms.Select(choices=CHOICES), "cn"),
    (forms.Select(choices=CHOICES, attrs={"class": "wide", "autofocus": True}), ""),
    (forms.Select(choices=GROUPED), "ru"),
    (forms.SelectMultiple(choices=CHOICES), ["kz", "cn"]),
    (forms.NullBooleanSelect(), True),
]


LISTS = [name for name in ACCESS if name.endswith("-list")]


def compare_cells(client) -> int:
    compared = 0
    for name in LISTS:
        table = client.get(reverse(name)).context["table"]
        for column in [column for column in table.columns if column.orderable]:
            for sort in (column.name, f"-{column.name}"):
                table = client.get(reverse(name), {"sort": sort}).context["table"]
                rows = list(table.paginated_rows)
                readers = [rendering.ColumnCells(bound, rows[0].record) for bound in table.columns]
                for row in rows:
                    assert [reader.cell(row) for reader in readers] == [
                        row.get_cell(bound.name) for bound in table.columns
                    ], (name, sort)
                    compared += 1
    return compared


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda item: type(item).__name__)
def test_a_widget_is_written_as_djangos_templates_write_it(widget, value):
    ours = widget.render("field", value, attrs={"id": "id_field"}, renderer=WidgetRenderer())
    django = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert ours == django


def test_other_widgets_and_forms_still_use_the_templates():
    widget = forms.Textarea()
    assert widget.render("notes", "a < b", renderer=WidgetRenderer()) == widget.render(
        "notes", "a < b", renderer=DjangoTemplates()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_list_writes_the_cells_django_tables2_would(client, language):
    """The list pages read their cells with rendering.ColumnCells, not django-tables2's get_cell:
    on the demo, sorted by every column both ways, each cell is the one get_cell gives."""
    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.create_superuser("cells", password="x" * 12))
    client.cookies["django_language"] = language
    # The pages switch the thread's language (LocaleMiddleware): give it back afterwards.
    with translation.override(language):
        compared = compare_cells(client)
    assert compared > 1000
