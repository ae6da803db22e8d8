"""Form pieces every app's forms use: the date picker, and a rule's refusal placed at its field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class RuleErrorsMixin:
    """Shows each refusal of a rule at the field it is about.

    A model constraint about several columns reports its message above the form; a rule in
    `clean()` may name a field this form does not have. Every error, whether from the form's
    own model validation or from a service (`form.add_error(None, error)`), passes here:
    `constraint_fields` names the field each constraint's message belongs to, `renamed_fields`
    maps model fields to the form's, and anything else goes above the form.
    """

    rule_models: tuple[type[models.Model], ...] = ()
    constraint_fields: dict[str, str] = {}
    renamed_fields: dict[str, str] = {}

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError):
            error = self._placed(error)
        super().add_error(field, error)

    def _placed(self, error: ValidationError) -> ValidationError:
        field_of_message = {
            str(constraint.get_violation_error_message()): self.constraint_fields[constraint.name]
            for model in self.rule_models
            for constraint in model._meta.constraints
            if constraint.name in self.constraint_fields
        }
        placed: dict[str, list[ValidationError]] = {}
        for field, errors in error.update_error_dict({}).items():
            for item in errors:
                target = self.renamed_fields.get(field, field)
                if target == NON_FIELD_ERRORS:
                    target = field_of_message.get(str(item.message), NON_FIELD_ERRORS)
                if target not in self.fields:
                    target = NON_FIELD_ERRORS
                placed.setdefault(target, []).append(item)
        return ValidationError(placed)


def add_service_error(form, error: ValidationError, field_map: dict | None = None) -> None:
    """Put a service's ValidationError on the form (a page's or the admin's), each message at
    its field when the form has it (`field_map` renames a model field to the form's, None
    sending it above the form), the rest above the form.

    A form with RuleErrorsMixin places the messages itself (constraints and renamed fields).
    """
    if isinstance(form, RuleErrorsMixin) or not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = (field_map or {}).get(field, field)
        form.add_error(target if target in form.fields else None, errors)
