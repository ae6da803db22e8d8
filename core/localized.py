"""Names kept in the three languages of the interface, shown in the reader's one.

Reference data (states, departments, post titles) carries `<field>_en`, `<field>_ru`
and `<field>_zh` columns; pages show the reader's language and fall back to English
where a translation is missing. `Named` is the abstract model of a name kept so.
"""

from functools import lru_cache

from django.db import models
from django.db.models import F, OrderBy, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .text import COLLATIONS


def language_suffix() -> str:
    language = (get_language() or "en").lower()
    if language.startswith("ru"):
        return "ru"
    if language.startswith("zh"):
        return "zh"
    return "en"


def localized_field(field: str) -> str:
    """The column holding `field` in the reader's language, for ordering and filtering."""
    return f"{field}_{language_suffix()}"


def shown_name(field: str) -> Coalesce | F:
    """The text the reader sees of `field`: the reader's language, else the English name."""
    suffix = language_suffix()
    if suffix == "en":
        return F(f"{field}_en")
    return Coalesce(NullIf(F(f"{field}_{suffix}"), Value("")), F(f"{field}_en"))


def sortable_name(field: str) -> Collate:
    """`field` as the reader sees it, in the collation of the reader's language: Russian by
    the Russian alphabet (Cyrillic, then Latin), Chinese by pinyin, English alphabetically."""
    return Collate(shown_name(field), COLLATIONS[language_suffix()])


def localized_order(field: str, descending: bool = False) -> OrderBy:
    """Order by `field` as the reader sees it and the reader's language sorts (`sortable_name`)."""
    expression = sortable_name(field)
    return expression.desc() if descending else expression.asc()


def localized(instance, field: str) -> str:
    return getattr(instance, localized_field(field)) or getattr(instance, f"{field}_en")


def choice_label(choices, value) -> str:
    """The label of `value` among `choices` (a TextChoices), as `get_FOO_display()` gives it.

    Django's own get_FOO_display hashes the field's choices on every call, a noticeable
    share of a page that shows hundreds of rows; models of such rows define theirs with this.
    """
    try:
        member = choices(value)
    except ValueError:
        return value
    # Keyed by the class too: members are strings, equal across classes with the same value.
    return _label(choices, member, get_language())


@lru_cache(maxsize=1024)
def _label(choices, member, language: str | None) -> str:
    return str(member.label)  # translated into the active language, once per language


class Named(models.Model):
    """Abstract: a name in English, Russian and Chinese, shown in the reader's language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name
