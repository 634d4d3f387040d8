# HarmonyHub: `make run` serves the site with demo data; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
UV_HOME := .uv
UV := $(UV_HOME)/bin/uv
UV_VERSION := 0.13.9
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST := $(VENV)/bin/pytest
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_NO_PROGRESS := 1

# Local services for `make test-services` (override with env vars).
SERVICES_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/harmonyhub
SERVICES_REDIS_URL ?= redis://127.0.0.1:6379

.PHONY: install run test test-services test-faults test-browser test-all lint bench clean fuzz fuzz-nightly audit

$(UV):
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

run: install ## Migrate, seed demo data, serve on 127.0.0.1:8000 with a Celery worker and beat
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@bash scripts/run_dev.sh

test: install ## The whole suite (but browser tests) on the embedded defaults: SQLite, no servers
	$(PYTEST) -m "not browser and not faults" -q

test-services: install ## The same suite on PostgreSQL and Redis (worker test on Redis too)
	DATABASE_URL=$(SERVICES_DATABASE_URL) CELERY_BROKER_URL=$(SERVICES_REDIS_URL)/15 \
	CACHE_URL=$(SERVICES_REDIS_URL)/14 $(PYTEST) -m "not browser and not faults" -q

test-faults: install ## Fault injection: own PostgreSQL, Redis, worker, gunicorn (~3 min, root)
	HARMONYHUB_FAULTS=1 $(PYTEST) -m faults -q -s -p no:randomly tests/hardening/test_faults.py

test-browser: install ## Browser journeys in headless Debian Chromium against a live server
	$(PYTEST) -m browser -q

test-all: test test-services test-browser

lint: install ## ruff, bandit, check --deploy on production settings, migrations up to date
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r . -ll
	DJANGO_SETTINGS_MODULE=harmonyhub_site.settings.production \
	DJANGO_SECRET_KEY=lint-only-$$(printf '%064d' 0) DJANGO_ALLOWED_HOSTS=example.com \
	$(MANAGE) check --deploy --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

bench: install ## Benchmarks, each printing its ratio against a baseline measured in the same run
	$(PY) bench/run.py

fuzz: install ## schemathesis on every API operation: short run, fixed seed, seeded staff token
	$(PY) -m tests.hardening.fuzz

fuzz-nightly: install ## The long fuzz run: all phases, 100 examples/operation, seed = date, PostgreSQL
	$(PY) -m tests.hardening.fuzz --nightly --database postgres

audit: install ## pip-audit --strict; says "not run" when the vulnerability service is unreachable
	@out=$$($(VENV)/bin/pip-audit --strict -l --progress-spinner off 2>&1); rc=$$?; \
	echo "$$out" | tail -15; \
	if [ $$rc -eq 0 ]; then echo "pip-audit: passed, no known vulnerabilities"; \
	elif echo "$$out" | grep -qE "Found [0-9]+ known vulnerabilit"; then exit 1; \
	elif echo "$$out" | grep -qiE "could not be audited|connection|timed out|resolve|HTTPError"; then \
	  echo "pip-audit: NOT RUN (the vulnerability service is unreachable from here)"; \
	else exit $$rc; fi

clean:
	rm -rf $(VENV) $(UV_HOME) var/celery-broker
