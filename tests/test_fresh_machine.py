"""A fresh machine: `make install` leaves a tree on which plain pytest passes, settings are safe
when a variable is forgotten, and the system-package script either installs or names the command."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bin" / "system-packages"
CATALOGS = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))


def bare_environment(**extra: str) -> dict[str, str]:
    """What a new shell has: a PATH and a HOME, none of the variables make or pytest set."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **extra}


@pytest.mark.parametrize("catalog", CATALOGS, ids=lambda path: path.parts[-3])
def test_every_catalog_is_compiled_from_its_current_source(catalog, tmp_path):
    compiled = catalog.with_suffix(".mo")
    assert compiled.exists(), f"{compiled} is missing: `make install` compiles the catalogs"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", fresh, catalog], check=True)
    assert compiled.read_bytes() == fresh.read_bytes(), f"{compiled} is older than its .po"


def test_plain_pytest_passes_the_translation_tests_in_a_bare_shell():
    # The README's way of running single tests, with no DEBUG, SECRET_KEY or DATABASE_URL set:
    # the suite's own configuration makes it a development run, and the catalogs are there.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "tests/test_i18n.py"],
        cwd=ROOT,
        env=bare_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


def settings_debug(**extra: str) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup(); "
        "from django.conf import settings; print(settings.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=bare_environment(**extra),
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_is_off_when_the_environment_does_not_say():
    result = settings_debug(SECRET_KEY="a-long-random-secret-for-this-test-only-0123456789")
    assert result.stdout.strip() == "False", result.stderr


def test_a_forgotten_secret_key_stops_the_app_with_one_line():
    result = settings_debug()
    assert result.returncode != 0
    assert result.stderr.strip().startswith("SECRET_KEY is not set")
    assert "Traceback" not in result.stderr


def run_script(*args: str, env: dict[str, str], user: str | None = None) -> subprocess.CompletedProcess:
    command = ["bash", str(SCRIPT), *args]
    if user:
        command = ["runuser", "-u", user, "--", "env", *[f"{k}={v}" for k, v in env.items()], *command]
        env = bare_environment()
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=30)


@pytest.fixture
def path_without():
    """A PATH holding only the basic tools the script uses (msgfmt never), less those omitted."""
    folder = Path(tempfile.mkdtemp())
    # Readable by the unprivileged user the no-root test runs as.
    folder.chmod(0o755)

    def make(*omitted: str) -> str:
        for tool in ("bash", "id", "env", "mktemp", "rm", "tail", "apt-get", "sudo"):
            found = shutil.which(tool)
            if found and tool not in omitted:
                (folder / tool).symlink_to(found)
        return str(folder)

    yield make
    shutil.rmtree(folder)


def test_when_nothing_is_missing_the_script_installs_nothing():
    result = run_script("test", env=bare_environment(CHROMIUM_PATH=sys.executable))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_without_apt_get_the_script_names_the_command_in_one_line(path_without):
    result = run_script("test", env={"PATH": path_without("apt-get"), "CHROMIUM_PATH": "/nonexistent"})
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Missing system packages (gettext chromium) and no apt-get here to install them: "
        "run 'sudo apt-get install -y gettext chromium', then try again."
    ]


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root to act as an unprivileged user"
)
def test_without_root_or_sudo_the_script_names_the_command_in_one_line(path_without):
    result = run_script(
        "test",
        env={"PATH": path_without("sudo"), "CHROMIUM_PATH": "/nonexistent"},
        user="nobody",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "Missing system packages (gettext chromium) and no right to install them (not root, no sudo): "
        "run 'sudo apt-get install -y gettext chromium', then try again."
    ]


def test_make_run_serves_on_the_port_it_is_given():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8011"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "runserver 127.0.0.1:8011" in result.stdout
    assert "http://127.0.0.1:8011/" in result.stdout
