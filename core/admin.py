"""The project's admin site: every model admin registered on it answers tampered input with a
message, never a server error.

Django's admin trusts some values it sent to the browser and reads them back unchecked:
the ids an autocomplete field re-renders, the ids a changelist action acts on, the id in a
history address. A value that is not an id of that model ("abc", or an integer beyond the
database's) reached a query and raised. `RecordsAdminSite.register` gives every admin,
the project's and the libraries' (users, groups, sign-in lockouts), `TamperProofAdminMixin`,
so a new admin is covered without doing anything; and the admins of records with history
refuse a stale change form as the pages do.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.http import Http404
from django.utils.translation import gettext as _

from .history import VersionCheckedAdminMixin, is_tracked


def is_key(field: models.Field, value, using: str = "default") -> bool:
    """Whether `value` can be a value of `field` (an id) in the database: of the right type
    and, for an integer, within the database column's range."""
    try:
        python = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    if isinstance(python, int):
        while field.is_relation:  # a key that is itself a link (one-to-one): the column it holds
            field = field.target_field
        low, high = connections[using].ops.integer_field_range(field.get_internal_type())
        return (low is None or python >= low) and (high is None or python <= high)
    return python is not None


class KeysOnlyAutocompleteMixin:
    """An autocomplete widget that re-renders only the chosen values that can be ids: a
    tampered one ("abc") is left out, and the form field says "Select a valid choice"."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        value = [choice for choice in value if is_key(target, choice, self.db or "default")]
        return super().optgroups(name, value, attr)


class KeysOnlyAutocompleteSelect(KeysOnlyAutocompleteMixin, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(KeysOnlyAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class KeysOnlyChoicesMixin:
    """Model and inline admins: autocomplete fields drawn by the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TamperProofAdminMixin(KeysOnlyChoicesMixin):
    """What `RecordsAdminSite` adds to every model admin (see the module's docstring)."""

    def get_object(self, request, object_id, from_field=None):
        # `?_to_field=` sent empty: Django checks a non-empty value against the fields it allows,
        # then looks an empty one up as a field name. Empty means the primary key.
        return super().get_object(request, object_id, from_field or None)

    def get_inlines(self, request, obj):
        return [keys_only(inline) for inline in super().get_inlines(request, obj)]

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_key(self.model._meta.pk, value) for value in selected):
            self.message_user(
                request,
                _("The selection holds an item that does not exist: nothing was changed."),
                messages.WARNING,
            )
            return None  # the changelist is shown again with the message
        return super().response_action(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        self._require_key(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history's view of one past version (only its admins have the address).
        self._require_key(object_id)
        if not is_key(self.model.history.model._meta.pk, version_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _require_key(self, object_id: str) -> None:
        if not is_key(self.model._meta.pk, unquote(object_id)):
            raise Http404


def keys_only(inline: type) -> type:
    """The inline class with KeysOnlyChoicesMixin (itself when it has it)."""
    if issubclass(inline, KeysOnlyChoicesMixin):
        return inline
    return type(inline.__name__, (KeysOnlyChoicesMixin, inline), {"__module__": inline.__module__})


class RecordsAdminSite(admin.AdminSite):
    """Django's admin site, every admin registered on it made tamper-proof, and the change
    form of every record with history version-checked (core.history.VersionCheckedAdminMixin):
    a stale form is refused, as on the pages."""

    def register(self, model_or_iterable, admin_class=None, **options):
        models_ = [model_or_iterable] if isinstance(model_or_iterable, type) else list(model_or_iterable)
        for model in models_:
            mixins = [TamperProofAdminMixin]
            if is_tracked(model):
                mixins.append(VersionCheckedAdminMixin)
            base = admin_class or admin.ModelAdmin
            missing = tuple(mixin for mixin in mixins if not issubclass(base, mixin))
            if missing:
                base = type(base.__name__, (*missing, base), {"__module__": base.__module__})
            super().register(model, base, **options)
