"""Apps depend one way: core ← secretariat ← staffing ← overview, secretariat ← meetings ←
depository, and core ← accounts
(docs/architecture.md).

Every Python file of an app is parsed, and each import in it, at module level or inside a
function, is checked against the apps that one may use. A lower app does not name a higher
app's URLs either: the higher one registers its links (core.links.register_page).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every app of the project, present or planned (issue 14), and config.
PROJECT = {
    "core",
    "accounts",
    "secretariat",
    "staffing",
    "overview",
    "meetings",
    "depository",
    "relations",
    "config",
}

# What each app must not import.
FORBIDDEN = {
    "core": PROJECT - {"core"},
    # Sign-in and its second factor know no SCO rule: they use core, and no app uses them.
    "accounts": PROJECT - {"core", "accounts"},
    "secretariat": {"accounts", "staffing", "overview", "meetings", "depository", "relations", "config"},
    "staffing": {"accounts", "overview", "meetings", "depository", "relations", "config"},
    "meetings": {"accounts", "staffing", "overview", "depository", "relations", "config"},
    # The depository builds on core, secretariat and meetings; only overview reads it.
    "depository": {"accounts", "staffing", "overview", "relations", "config"},
    # Relations build on the depository (memoranda are instruments) and the meetings (decisions
    # are taken at meetings); only overview reads them.
    "relations": {"accounts", "staffing", "overview", "config"},
}

# A URL name of another app's namespace, in quotes: "staffing:post-list", 'overview:…'.
OTHER_URLS = {
    "secretariat": re.compile(r"""["'](staffing|overview|meetings|depository|relations):"""),
    "core": re.compile(r"""["'](accounts|secretariat|staffing|overview|meetings|depository|relations):"""),
    "accounts": re.compile(r"""["'](secretariat|staffing|overview|meetings|depository|relations):"""),
    "meetings": re.compile(r"""["'](accounts|staffing|overview|depository|relations):"""),
    "depository": re.compile(r"""["'](accounts|staffing|overview|relations):"""),
    "relations": re.compile(r"""["'](accounts|staffing|overview):"""),
}


def imported_modules(source: str) -> set[str]:
    """Absolute names of the modules a source imports, anywhere in it (functions included).

    Relative imports stay inside their own package and are left out.
    """
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            modules.add(node.args[0].value)  # importlib.import_module("staffing.models")
    return modules


def imported_apps(source: str) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(source)} & PROJECT


def python_files(app: str) -> list[Path]:
    files = sorted((ROOT / app).rglob("*.py"))
    assert files, f"no Python file found in {app}/"
    return files


def import_violations(app: str) -> list[str]:
    found = []
    for path in python_files(app):
        for other in sorted(imported_apps(path.read_text(encoding="utf-8")) & FORBIDDEN[app]):
            found.append(f"{path.relative_to(ROOT)} imports {other}")
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_no_app_above_it(app):
    assert import_violations(app) == []


@pytest.mark.parametrize(
    ("source", "apps"),
    [
        ("from staffing.models import Appointment", {"staffing"}),
        ("import staffing.services as services", {"staffing"}),
        ("def ready(self):\n    from overview import views\n", {"overview"}),
        ("class A:\n    def f(self):\n        import secretariat\n", {"secretariat"}),
        ("import importlib\nimportlib.import_module('meetings.models')", {"meetings"}),
        ("from . import models\nfrom .periods import Period", set()),
        ("from django.db import models\nimport csv", set()),
    ],
)
def test_the_check_sees_imports_at_module_level_and_inside_functions(source, apps):
    """The check is real: an import of another app, wherever it is written, is found."""
    assert imported_apps(source) == apps


def test_the_check_would_refuse_core_importing_an_app(tmp_path, monkeypatch):
    app = tmp_path / "core"
    app.mkdir()
    (app / "links.py").write_text("def f():\n    from secretariat.models import State\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert import_violations("core") == ["core/links.py imports secretariat"]


def named_apps(source: str) -> set[str]:
    """Apps a source names in a string, as code reaches them at run time without importing:
    `apps.get_model("staffing", "Post")`, `has_perm("staffing.view_post")`."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = re.fullmatch(r"(\w+)(?:[.:]\S*)?", node.value)
            if match and match.group(1) in PROJECT:
                names.add(match.group(1))
    return names


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_names_no_app_above_it_in_its_code(app):
    found = [
        f"{path.relative_to(ROOT)} names {other}"
        for path in python_files(app)
        for other in sorted(named_apps(path.read_text(encoding="utf-8")) & FORBIDDEN[app])
    ]
    assert found == []


def test_the_check_sees_an_app_named_in_a_string():
    source = 'apps.get_model("staffing", "Post")\nuser.has_perm("overview.view")\nx = "staffing table"'
    assert named_apps(source) == {"staffing", "overview"}


def url_name_violations(app: str) -> list[str]:
    files = python_files(app) + sorted((ROOT / "templates" / app).rglob("*.html"))
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = OTHER_URLS[app].search(line)
            if match:
                found.append(f"{path.relative_to(ROOT)}:{number} names {match.group()[1:]}")
    return found


@pytest.mark.parametrize("app", sorted(OTHER_URLS))
def test_a_lower_app_names_no_url_of_another_app(app):
    assert url_name_violations(app) == []


def test_the_url_check_would_refuse_a_template_naming_a_higher_page(tmp_path, monkeypatch):
    (tmp_path / "secretariat").mkdir()
    (tmp_path / "secretariat" / "models.py").write_text("x = 1\n")
    (tmp_path / "templates" / "secretariat").mkdir(parents=True)
    (tmp_path / "templates" / "secretariat" / "term_detail.html").write_text(
        "<a href=\"{% url 'overview:person-detail' term.person.pk %}\">"
    )
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert url_name_violations("secretariat") == ["templates/secretariat/term_detail.html:1 names overview:"]
