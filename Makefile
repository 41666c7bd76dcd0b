# Newsroom: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000

.PHONY: run serve bench bench-deliveries bench-desk bench-live loadtest backup restore test lint format install install-dev migrate demo messages clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt requirements-s3.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## run: install, migrate, load the demo newsroom, print the admin login, serve on 127.0.0.1:$(PORT)
run: demo
	@echo ""
	@echo "  Reader site: http://127.0.0.1:$(PORT)/"
	@echo "  Admin:       http://127.0.0.1:$(PORT)/admin/   (login printed above by load_demo)"
	@echo ""
	@mkdir -p tmp
	@echo "  Background worker (wire intake, partner deliveries): manage.py db_worker, log in tmp/worker.log"
	@echo "  Demo partner receiving deliveries on 127.0.0.1:8001: manage.py demo_partner, log in tmp/partner.log"
	export NEWSROOM_SITE_URL=$${NEWSROOM_SITE_URL:-http://127.0.0.1:$(PORT)}; \
	  $(PY) manage.py db_worker > tmp/worker.log 2>&1 & worker=$$!; \
	  $(PY) manage.py demo_partner > tmp/partner.log 2>&1 & partner=$$!; \
	  trap 'kill $$worker $$partner 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

node_modules/.installed: package.json
	@if command -v npm >/dev/null 2>&1; then npm install --silent && touch $@; \
	else echo "npm not found: the accessibility (axe-core) browser test will be skipped"; fi

## serve: the production stack locally: DEBUG off, whitenoise static, gunicorn on 127.0.0.1:$(PORT),
## the worker and the demo partner (plain http on this machine allowed for it)
serve: demo
	DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	  $(PY) manage.py collectstatic --noinput --verbosity 0
	@mkdir -p tmp
	export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	  DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost NEWSROOM_SITE_URL=$${NEWSROOM_SITE_URL:-http://127.0.0.1:$(PORT)} \
	  NEWSROOM_SERVE_MEDIA=1 GUNICORN_BIND=127.0.0.1:$(PORT) \
	  NEWSROOM_DELIVERY_ALLOW_HTTP=1 NEWSROOM_DELIVERY_ALLOW_PRIVATE=1; \
	  $(PY) manage.py db_worker > tmp/worker.log 2>&1 & worker=$$!; \
	  $(PY) manage.py demo_partner > tmp/partner.log 2>&1 & partner=$$!; \
	  trap 'kill $$worker $$partner 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi

# The benchmark is an app of its own (bench/), installed only by its settings.
BENCH := DJANGO_SETTINGS_MODULE=bench.settings $(PY) manage.py

## bench: fill archives of BENCH_ARTICLES (and 1,000) articles, serve them with gunicorn, load them
## with wrk and print requests/s, p50 and p99 beside a trivial-view floor (docs/benchmarks.md)
BENCH_ARTICLES ?= 100000
bench: install
	$(BENCH) bench --articles $(BENCH_ARTICLES) --small 1000

## bench-deliveries: the editor's save with 50 partners subscribed and with none, and one publish
## until all 50 partners (a local HTTP server) have the piece, with the db_worker running
bench-deliveries: install
	$(BENCH) bench_deliveries --partners 50

## bench-desk: only the working desk of `make bench` (readers while an editor saves and publishes
## in the admin; Varnish in front), on an archive of BENCH_DESK_ARTICLES articles: a few minutes
BENCH_DESK_ARTICLES ?= 1000
bench-desk: install
	$(BENCH) bench --desk-only --small $(BENCH_DESK_ARTICLES)

## bench-live: only the live page of `make bench` (500 updates uncached vs an article page; pollers'
## 304s from the page cache vs the floor), on an archive of BENCH_DESK_ARTICLES articles
bench-live: install
	$(BENCH) bench --live-only --small $(BENCH_DESK_ARTICLES)

## loadtest: 64 connections for 60 s against gunicorn; Redis stopped halfway when REDIS_URL is set
loadtest: install
	$(BENCH) loadtest

## backup / restore: the whole newsroom (database and media) in one archive under backups/
backup: install
	$(PY) manage.py backup_newsroom

restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/newsroom-....tar.gz" && exit 2)
	$(PY) manage.py restore_newsroom $(FILE)

## test: the whole suite (unit, admin, browser); fails if no test ran
# The suite runs in TEST_WORKERS processes (pytest-xdist); 0: in one.
TEST_WORKERS ?= 2
test: install-dev node_modules/.installed
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load

## lint: ruff, and the import contracts between the rooms of articles/ (pyproject.toml)
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## messages: rebuild the translation catalogues after changing strings (needs GNU gettext)
messages: install-dev
	$(PY) manage.py makemessages -l ru -l kk -l en --ignore=.venv --ignore=tests --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache .ruff_cache .import_linter_cache
