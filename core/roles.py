"""The three roles of the brief as Django groups, kept in step with the code.

Core names no app's models: each app declares its own in its AppConfig.ready() with
`register()` (every role views them, the administrator adds and changes them, the records
officer adds and changes those listed in `officer_edits`). `ensure_roles()` is idempotent
and runs after every migrate, so a fresh database, the test database and a production
upgrade all get the same groups.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

VIEWER = "viewer"
RECORDS_OFFICER = "records officer"
ADMINISTRATOR = "administrator"
# The roles' names as readers see them (the groups keep the English names above).
ROLE_LABELS = {VIEWER: _("viewer"), RECORDS_OFFICER: _("records officer"), ADMINISTRATOR: _("administrator")}

# Model names by app label, as the apps registered them.
DOMAIN_MODELS: dict[str, list[str]] = {}
OFFICER_EDITS: dict[str, list[str]] = {}


def register(*domain_models: type[models.Model], officer_edits: tuple[type[models.Model], ...] = ()) -> None:
    """Put an app's models in the roles (called from the app's AppConfig.ready())."""
    for model in domain_models:
        _add(DOMAIN_MODELS, model)
    for model in officer_edits:
        _add(OFFICER_EDITS, model)


def _add(models_by_app: dict[str, list[str]], model: type[models.Model]) -> None:
    names = models_by_app.setdefault(model._meta.app_label, [])
    if model._meta.model_name not in names:
        names.append(model._meta.model_name)


def _codenames(actions: list[str], models_by_app: dict[str, list[str]]) -> Q:
    query = Q(pk__in=[])
    for app, names in models_by_app.items():
        query |= Q(
            content_type__app_label=app,
            codename__in=[f"{action}_{model}" for action in actions for model in names],
        )
    return query


def role_permissions() -> dict[str, Q]:
    # What each role may add and change, beyond viewing everything. History is ended,
    # never erased, so no role receives a delete permission on a historical record.
    view = _codenames(["view"], DOMAIN_MODELS)
    return {
        VIEWER: view,
        RECORDS_OFFICER: view | _codenames(["add", "change"], OFFICER_EDITS),
        ADMINISTRATOR: view
        | _codenames(["add", "change"], {**DOMAIN_MODELS, "auth": ["user"]})
        | _codenames(["view"], {"auth": ["user", "group"]}),
    }


def ensure_roles(**_kwargs) -> None:
    for name, query in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(query))


def role_label(name: str | None) -> str:
    """A role's name in the reader's language; a group that is no role keeps its own name."""
    return str(ROLE_LABELS.get(name, name or ""))
