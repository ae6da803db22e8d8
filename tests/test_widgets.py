"""The project's form renderer writes inputs and selects exactly as Django's templates do."""

from datetime import date

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.forms import DateInput
from core.rendering import WidgetRenderer

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
