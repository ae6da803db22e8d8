"""Every string a user reads is translatable, and the Russian and Chinese catalogs are complete."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
LANGUAGES = ["ru", "zh_Hans"]

TEMPLATE_TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
BLOCK_TRANSLATE = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S)
SCRIPT_OR_SVG_TEXT = re.compile(r"<(script|style)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
TEXT_ATTRIBUTE = re.compile(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"')


def unmarked_text(source: str) -> list[str]:
    """Words left in a template once tags, variables and translated text are taken out."""
    source = BLOCK_TRANSLATE.sub(" ", source)
    attributes = [
        value
        for value in TEXT_ATTRIBUTE.findall(source)
        if re.search(r"[A-Za-z]", TEMPLATE_TAG.sub("", value))
    ]
    text = TAG.sub(" ", SCRIPT_OR_SVG_TEXT.sub(" ", TEMPLATE_TAG.sub(" ", source)))
    words = [word for word in re.findall(r"[A-Za-z][A-Za-z'’-]+", text)]
    return attributes + words


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT / "templates")))
def test_templates_hold_no_unmarked_user_facing_text(template):
    assert unmarked_text(template.read_text()) == []


def test_the_unmarked_text_check_finds_bare_words():
    assert unmarked_text('<h1>Quota report</h1><a title="Open">{% translate "x" %}</a>') == [
        "Open",
        "Quota",
        "report",
    ]
    assert unmarked_text('<h1>{% translate "Quota report" %}</h1>{{ state.name }}') == []


def catalog(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_has_no_untranslated_or_fuzzy_entry(language):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalog(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_holds_every_marked_string_of_the_project(language, tmp_path):
    """makemessages on a copy finds no string that the committed catalog lacks."""
    from django.core.management import call_command

    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "staticfiles", "*.sqlite3", "test-artifacts", "node_modules"
        ),
    )
    import os

    before = os.getcwd()
    try:
        os.chdir(copy)
        call_command(
            "makemessages", locale=[language], ignore=[".venv/*", "tests/*"], no_obsolete=True, verbosity=0
        )
    finally:
        os.chdir(before)
    result = subprocess.run(
        [
            "msgfmt",
            "--statistics",
            "-o",
            "/dev/null",
            str(copy / "locale" / language / "LC_MESSAGES" / "django.po"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
