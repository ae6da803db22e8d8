"""Choices that scale: a select among thousands of records that searches on the server.

A form field whose widget is `SearchSelect` renders only its chosen option, whatever the
number of records it may choose among, so a form's HTML does not grow with the people
recorded. The form's page answers searches for it (`ChoicesMixin`, at
`<the form's address>choices/<field>/?term=…&page=…`, JSON in select2's shape), and
`static/js/choices.js` turns the select into a box that asks as one types (select2 and
jQuery as django.contrib.admin ships them: no CDN). Without JavaScript, a search box and
button beside the select post the form back with the matches in the select.

The field's queryset, as the form builds it for the values typed so far, is the only source
of what may be chosen: the search never offers what the form would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib.admin.widgets import get_select2_language
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .admin import is_key

# Matches a page of the search gives; the first page of the fallback too.
PAGE_SIZE = 20
# A search longer than this is cut: no name is this long.
MAX_TERM = 100
# The fallback's search box is `<field>_search`; its button `_search`, valued with the field.
SEARCH_BUTTON = "_search"
# Pages of matches past this are refused: nobody pages that far, and OFFSET stays small.
MAX_PAGE = 500


def matching(queryset: QuerySet, text: str, fields: Iterable[str]) -> QuerySet:
    """Rows where every word of `text` is in one of `fields`, ignoring case in every script
    (`icontains`: PostgreSQL's UPPER(), and core.sqlite's on SQLite)."""
    for word in text.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


class SearchSelect(forms.Select):
    """A select of a model choice field that holds only the chosen option and the matches of
    a search: see the module's docstring. `search_fields` are the columns a search reads,
    `prompt` what to type (the box's placeholder)."""

    def __init__(self, search_fields: Iterable[str], prompt=None, attrs=None):
        super().__init__(attrs)
        self.search_fields = tuple(search_fields)
        self.prompt = prompt or gettext_lazy("Type part of a name, in any script")
        self.search = ""  # the fallback's search, set by ChoicesMixin
        self.choices_url = ""  # the form page's search address, set by ChoicesMixin

    @property
    def media(self) -> forms.Media:
        language = get_select2_language()
        i18n = [f"admin/js/vendor/select2/i18n/{language}.js"] if language else []
        return forms.Media(
            js=(
                "admin/js/vendor/jquery/jquery.min.js",
                "admin/js/vendor/select2/select2.full.min.js",
                *i18n,
                "js/choices.js",
            ),
            css={"screen": ("admin/css/vendor/select2/select2.min.css",)},
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-choices-url": self.choices_url,
                "data-language": get_select2_language() or "en",
                "data-placeholder": str(self.prompt),
                "class": " ".join(filter(None, [context["widget"]["attrs"].get("class"), "search-select"])),
            }
        )
        return context

    def optgroups(self, name, value, attrs=None):
        field = self.choices.field
        chosen = self.chosen(field, value)
        found = []
        if self.search:
            found = list(matching(field.queryset, self.search, self.search_fields)[:PAGE_SIZE])
        choices = [] if field.empty_label is None else [("", field.empty_label)]
        seen = set()
        for record in [*chosen, *found]:
            if record.pk not in seen:
                seen.add(record.pk)
                choices.append(self.choices.choice(record))
        return [
            (None, [self.create_option(name, key, label, str(key) in value, index, attrs=attrs)], index)
            for index, (key, label) in enumerate(choices)
        ]

    @staticmethod
    def chosen(field: forms.ModelChoiceField, value: list[str]) -> list:
        """The chosen records among the field's choices; a value that cannot be a key (tampered
        with) is left out, and the field says "Select a valid choice"."""
        key = field.queryset.model._meta.pk
        keys = [item for item in value if item and is_key(key, item)]
        return list(field.queryset.filter(pk__in=keys)) if keys else []

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        box_id = f"{(attrs or {}).get('id') or name}_search"
        fallback = format_html(
            '<span class="search-select__fallback">'
            '<input type="search" name="{}_search" id="{}" value="{}" placeholder="{}" aria-label="{}">'
            '<button type="submit" class="button" name="{}" value="{}" formnovalidate>{}</button>'
            "</span>",
            name,
            box_id,
            self.search,
            self.prompt,
            self.prompt,
            SEARCH_BUTTON,
            name,
            _("Search"),
        )
        return mark_safe(select + fallback)


class ChoicesMixin:
    """A form page that answers the searches of its SearchSelect fields.

    `choices_url_name` is the page's search address, which takes the field's name (`field`):
    GET there with the form's values so far, `term` and `page` gives the matches among the
    field's choices, as the form builds them, in select2's JSON shape
    (`{"results": [{"id", "text"}], "pagination": {"more"}}`). The page's own access rules
    apply, being the same view. A POST with a fallback's button (or Enter in its box) shows
    the form again with the values typed and, in each select whose box holds text, its
    matches, saving nothing.
    """

    choices_url_name = ""

    def get(self, request, *args, **kwargs):
        field = kwargs.pop("field", None)
        if field is None:
            return super().get(request, *args, **kwargs)
        return self.choices(field)

    def post(self, request, *args, **kwargs):
        if kwargs.get("field") is not None:
            return HttpResponseBadRequest()
        if SEARCH_BUTTON in request.POST:
            self.object = None  # a create page's form shown again: no record yet
            form = self.get_form_class()(initial=self.typed_values(), **self.unbound_form_kwargs())
            self.prepare_search_fields(form, searched=True)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def unbound_form_kwargs(self) -> dict:
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        kwargs.pop("initial", None)
        return kwargs

    def typed_values(self) -> dict:
        """The form's values as posted, as the initial values of a form shown again."""
        data = self.request.POST
        return {key: data.get(key) for key in data if key not in ("csrfmiddlewaretoken", SEARCH_BUTTON)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        self.prepare_search_fields(form)
        return form

    def prepare_search_fields(self, form, searched: bool = False) -> None:
        from django.urls import reverse

        for name, field in form.fields.items():
            if isinstance(field.widget, SearchSelect):
                field.widget.choices_url = reverse(self.choices_url_name, kwargs={"field": name})
                if searched:
                    field.widget.search = self.request.POST.get(f"{name}_search", "")[:MAX_TERM].strip()

    def choices(self, name: str):
        try:
            page = int(self.request.GET.get("page") or 1)
        except ValueError:
            return HttpResponseBadRequest()
        if not 1 <= page <= MAX_PAGE:
            return HttpResponseBadRequest()
        form = self.get_form_class()(data=self.request.GET, **self.unbound_form_kwargs())
        field = form.fields.get(name)
        if field is None or not isinstance(field.widget, SearchSelect):
            raise Http404
        term = self.request.GET.get("term", "")[:MAX_TERM]
        start = (page - 1) * PAGE_SIZE
        matches = matching(field.queryset, term, field.widget.search_fields)
        try:
            found = list(matches[start : start + PAGE_SIZE + 1])
        except ValidationError:
            return HttpResponseBadRequest()
        iterator = field.iterator(field)
        results = [
            {"id": str(key), "text": str(label)} for key, label in map(iterator.choice, found[:PAGE_SIZE])
        ]
        return JsonResponse({"results": results, "pagination": {"more": len(found) > PAGE_SIZE}})
