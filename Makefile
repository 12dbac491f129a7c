# Forge: `make run` serves the site on http://127.0.0.1:8000; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# `make test-fast` skips the browser tests; `make lint` checks style, migrations, layers and types.
.PHONY: run test test-fast install migrate starter messages lint format bench bench-scale bench-import bench-api scaleout faults observatory clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

starter: migrate
	$(BIN)/python manage.py import_exercises exercises/data/starter_catalogue.json --format forge --images exercises/data/images
	$(BIN)/python manage.py load_poses exercises/data/starter_poses.json
	$(BIN)/python manage.py load_routines
	$(BIN)/python manage.py load_translations

run: starter
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest --ignore=tests/browser $(PYTEST_ARGS)

# The interface's catalogues (German, Spanish): strings from the code into locale/*/django.po
# and djangojs.po, then compiled to the .mo files Django reads (committed, so `make run`
# needs no gettext). Needs GNU gettext (Debian: apt-get install gettext).
MESSAGES_IGNORE := -i .venv -i staticfiles -i static/vendor -i bench -i tests -i media -i import-files -i node_modules
messages: install
	$(BIN)/python manage.py makemessages -l de -l es -d django --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py makemessages -l de -l es -d djangojs --add-location=file --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages -l de -l es --ignore=.venv --ignore=staticfiles

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/mypy .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Visitor load test (wrk): pages, API, a static file and a bare Django view, same run.
bench: install
	$(BIN)/python bench/load.py $(BENCH_ARGS)

# Uncached p50 per endpoint at 1k and 100k exercises (BENCH_DATABASE_URL: PostgreSQL).
bench-scale: install
	$(BIN)/python bench/scale.py $(BENCH_ARGS)

# The import of a 1,339-record ExerciseDB-shaped file, first run and unchanged re-run.
bench-import: install
	$(BIN)/python bench/import_bench.py $(BENCH_ARGS)

# The older API-only benchmark against the free-exercise-db import.
bench-api: install
	$(BIN)/python bench/api_bench.py $(BENCH_ARGS)

# Two gunicorn servers behind nginx, one PostgreSQL, one Redis (see bench/scaleout.py).
scaleout: install
	$(BIN)/python bench/scaleout.py

# Faults under load: PostgreSQL and Redis restarts, Redis stopped, a worker killed, a server
# stopped; its own PostgreSQL cluster and Redis (see bench/faults.py). Not run by CI.
faults: install
	$(BIN)/python bench/faults.py

# MDN HTTP Observatory against a local DEBUG=0 gunicorn + nginx + TLS run (root; see README).
observatory: install
	bash bench/observatory.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
