"""Names kept in the three languages of the interface, shown in the reader's one.

Reference data (states, departments, post titles) carries `<field>_en`, `<field>_ru`
and `<field>_zh` columns; pages show the reader's language and fall back to English
where a translation is missing.
"""

from django.utils.translation import get_language


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


def localized(instance, field: str) -> str:
    return getattr(instance, localized_field(field)) or getattr(instance, f"{field}_en")
