"""Assertions shared by the rule tests: a service refuses, the database refuses."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def refusal(save, *args, **kwargs) -> ValidationError:
    """The ValidationError a service raises; the test fails if it saves instead."""
    with pytest.raises(ValidationError) as caught:
        save(*args, **kwargs)
    return caught.value


def codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


def database_refuses(make) -> IntegrityError:
    """The IntegrityError of a write that bypasses the services, in a savepoint of its own."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    return caught.value
