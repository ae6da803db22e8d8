# The two commands of the README: `make run` and `make test`. Everything else is
# for developers and CI. Python comes from the machine; packages from the lock; system
# packages (gettext, Chromium) from bin/system-packages.
VENV    := .venv
PY      := $(VENV)/bin/python
UV      := $(VENV)/bin/uv
STAMP   := $(VENV)/.installed-stamp
MANAGE  := $(PY) manage.py
PORT    ?= 8000
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
export UV_PYTHON_DOWNLOADS := never
export DEMO_PASSWORD ?= sco-demo-2004

.PHONY: run test test-fast fuzz lint format serve install messages system-packages demo-reset bench \
	migrations-check clean

# DEBUG is off unless said otherwise (settings): the development targets turn it on
# themselves, `make serve` stays production-like.
run test test-fast fuzz demo-reset migrations-check: export DEBUG ?= True
# The demo asks no second factor of the demo accounts (officer2 still sets one up, to try
# it); production refuses to turn it off (config/settings.py).
run: export OTP_REQUIRED ?= False

$(PY):
	python3 -m venv $(VENV)

# Reinstall only when the lock changes, so a second `make run` is fast.
$(STAMP): requirements.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.9.9
	$(UV) pip install --quiet --python $(PY) -r requirements.lock
	touch $@

system-packages:
	@bin/system-packages run

# A catalog is compiled when its .po changes: after `make install`, plain pytest finds every one.
$(CATALOGS): %.mo: %.po | system-packages
	msgfmt --check-format -o $@ $<

messages: $(CATALOGS)

install: $(STAMP) $(CATALOGS)

run: install
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	$(MANAGE) demo_accounts
	@echo ""
	@echo "  SCO Secretariat records: http://127.0.0.1:$(PORT)/"
	@echo "  Sign in as admin, officer or viewer with the password '$(DEMO_PASSWORD)'."
	@echo "  officer2 (same password) sets up a second factor at its first sign-in."
	@echo ""
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	@bin/system-packages test
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

# The hostile-input walk of every page (tests/test_hostile_input.py) with 60 examples per page
# and role instead of the suite's 3: about half an hour.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/test_hostile_input.py -p no:logging $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# A CSV export of 50,000 appointments streams for about 25 s: gunicorn's default timeout of
# 30 s (it counts the whole response of a sync worker) would cut it; 120 s leaves room.
serve: install
	DEBUG=$${DEBUG:-False} $(MANAGE) collectstatic --no-input -v 0
	DEBUG=$${DEBUG:-False} $(MANAGE) migrate --no-input -v 0
	DEBUG=$${DEBUG:-False} $(VENV)/bin/gunicorn config.wsgi --bind $${BIND:-127.0.0.1:$(PORT)} --workers $${WORKERS:-2} \
		--timeout $${TIMEOUT:-120}

demo-reset: install
	$(MANAGE) load_demo --reset
	$(MANAGE) demo_accounts

# Server time of every page on a Secretariat ten times the demo's size, next to the admin
# and a bare view (bench/README.md). PostgreSQL: DATABASE_URL, or the local database
# sco_bench, created and filled (generate_history --seed 1 --scale 10) when missing.
bench: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sco_bench} $(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 $(CATALOGS)
