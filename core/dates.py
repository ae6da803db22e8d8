"""Dates written out for pages that show hundreds of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dateformat import format as django_format
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The format characters of the numeric dates this project's languages use (English
# "Y-m-d", Russian "d.m.Y", Chinese "Y年n月j日"), each as Django's `date` filter writes it.
_NUMERIC = {
    "d": lambda day: f"{day.day:02d}",
    "j": lambda day: str(day.day),
    "m": lambda day: f"{day.month:02d}",
    "n": lambda day: str(day.month),
    "Y": lambda day: f"{day.year:04d}",
    "y": lambda day: f"{day.year % 100:02d}",
}


def format_date(day: date | None, format_name: str = "SHORT_DATE_FORMAT") -> str:
    """`day|date:format_name` as Django writes it, faster for numeric formats.

    Django's `date` filter looks the format up and parses it, character by character, for
    every date: on the staffing table's 840 dates, a seventh of the page. Here a format is
    parsed once per language; formats with names of months or days go to Django.
    """
    if day is None:
        return ""
    parts = _compiled(get_language(), format_name)
    if parts is None:
        return django_format(day, get_format(format_name))
    return "".join(part if isinstance(part, str) else part(day) for part in parts)


@lru_cache(maxsize=64)
def _compiled(language: str | None, format_name: str) -> tuple[str | Callable, ...] | None:
    parts = []
    for character in get_format(format_name):
        if character in _NUMERIC:
            parts.append(_NUMERIC[character])
        elif character.isalpha() or character == "\\":
            return None  # names, times, escapes: left to Django
        else:
            parts.append(character)
    return tuple(parts)


def kept_range() -> tuple[date, date]:
    """The first and the last day a record may bear (`settings.KEPT_DATE_RANGE`, inclusive)."""
    return settings.KEPT_DATE_RANGE


def out_of_kept_range(day: date) -> str | None:
    """Why `day` cannot be recorded, or None when it lies within the kept range."""
    first, last = kept_range()
    if day < first:
        return _("Dates before %(first)s are not kept.") % {"first": date_format(first)}
    if day > last:
        return _("Dates after %(last)s are not kept.") % {"last": date_format(last)}
    return None


def validate_kept_date(value: date) -> None:
    """Refuses a date outside the kept range (ValidationError, code "date_out_of_range"):
    a typo such as 2204 or 9999 must not reach the records, and pages that draw time never
    meet a date they cannot draw."""
    message = out_of_kept_range(value)
    if message:
        raise ValidationError(message, code="date_out_of_range")


class KeptDateFormField(forms.DateField):
    """A form's date, within the kept range."""

    default_validators = [validate_kept_date]


class KeptDateField(models.DateField):
    """A record's date, within the kept range; its forms (pages and admin) say so at the field."""

    default_validators = [validate_kept_date]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": KeptDateFormField, **kwargs})
