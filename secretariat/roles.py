"""The three roles of the brief as Django groups, kept in step with the code.

`ensure_roles()` is idempotent and runs after every migrate, so a fresh database,
the test database and a production upgrade all get the same groups.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

VIEWER = "viewer"
RECORDS_OFFICER = "records officer"
ADMINISTRATOR = "administrator"

DOMAIN_MODELS = {
    "secretariat": [
        "state",
        "standing",
        "secretariat",
        "department",
        "person",
        "secretarygeneralterm",
        "deputysecretarygeneralterm",
        "permanentrepresentative",
    ],
    "staffing": ["post", "quotaversion", "quotaline", "appointment"],
}

# What each role may add and change, beyond viewing everything. History is ended,
# never erased, so no role receives a delete permission on a historical record.
OFFICER_EDITS = {"secretariat": ["person", "permanentrepresentative"], "staffing": ["appointment"]}
ADMINISTRATOR_EDITS = {
    "secretariat": DOMAIN_MODELS["secretariat"],
    "staffing": DOMAIN_MODELS["staffing"],
    "auth": ["user"],
}


def _codenames(actions: list[str], models_by_app: dict[str, list[str]]) -> Q:
    query = Q(pk__in=[])
    for app, models in models_by_app.items():
        query |= Q(
            content_type__app_label=app,
            codename__in=[f"{action}_{model}" for action in actions for model in models],
        )
    return query


def role_permissions() -> dict[str, Q]:
    view = _codenames(["view"], DOMAIN_MODELS)
    return {
        VIEWER: view,
        RECORDS_OFFICER: view | _codenames(["add", "change"], OFFICER_EDITS),
        ADMINISTRATOR: view
        | _codenames(["add", "change"], ADMINISTRATOR_EDITS)
        | _codenames(["view"], {"auth": ["user", "group"]}),
    }


def ensure_roles(**_kwargs) -> None:
    for name, query in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(query))
