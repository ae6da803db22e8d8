"""Helpers of pages in every app: the day a report is asked for, forms saved through a service."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .dates import out_of_kept_range
from .forms import add_service_error


def requested_date(request, param: str) -> date | None:
    """The day given by `?<param>=YYYY-MM-DD`; None when absent, or when unreadable or outside
    the kept range, which the page is then told (a warning naming the value and why)."""
    raw = request.GET.get(param, "").strip()
    if not raw:
        return None
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None:
        messages.warning(request, _("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": raw})
        return None
    refusal = out_of_kept_range(day)
    if refusal:
        messages.warning(request, refusal)
        return None
    return day


def as_of_date(request, param: str = "as_of") -> date:
    """The day a report is asked for (`?as_of=YYYY-MM-DD`), today when absent or refused
    (see `requested_date`)."""
    return requested_date(request, param) or timezone.localdate()


class ServiceFormMixin:
    """A form page whose save goes through a service (the rules across rows live there).

    `save(form)` calls the service and returns the record; a refusal (ValidationError)
    shows the form again with the service's messages, a success says so
    (`success_message % success_message_values(record)`) and redirects to
    `get_success_url()`: the record's page unless `success_url` is set.
    """

    success_message = ""

    def save(self, form):
        raise NotImplementedError

    def success_message_values(self, record) -> dict:
        return {"record": record}

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % self.success_message_values(self.object))
        return redirect(self.get_success_url())
