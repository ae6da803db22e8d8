"""Choice labels in the reader's language."""

from django.utils import translation

from core.localized import choice_label


def test_a_choice_label_is_its_own_classes_in_the_readers_language():
    """Grades and categories share the value "technical" but not the label."""
    from staffing.models import Category, Post

    assert choice_label(Post.Grade, "technical") == "Technical staff"
    assert choice_label(Category, "technical") == "technical staff"
    assert choice_label(Category, "unknown") == "unknown"
    with translation.override("ru"):
        assert choice_label(Category, "official") == str(Category.OFFICIAL.label) != "official"
