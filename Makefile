# The two commands a new user needs: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 5000
# App processes for `make run`: one per core. Nothing they need is kept in only one of them (README).
WORKERS ?= 2

.PHONY: run test install translations db chromium clean bench

run: install translations db
	$(FLASK) seed-demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	SESSION_COOKIE_SECURE=0 $(BIN)/gunicorn --workers $(WORKERS) --bind 127.0.0.1:$(PORT) --no-control-socket wsgi:app

# Two test processes (pytest-xdist), a test file each at a time: a quarter to a third off the wall
# time on two cores. PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= 2

test: install translations chromium
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (never `playwright install`). Installed here when
# missing and we are root; otherwise those tests fail with a message saying what to install.
chromium:
	@command -v chromium >/dev/null 2>&1 || { if [ "$$(id -u)" = 0 ]; then \
		apt-get update && apt-get install -y chromium; else \
		echo "chromium is missing: run 'sudo apt-get install -y chromium' or the browser tests will fail"; fi; }

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Compiled catalogs (.mo) are build products: made here, never committed.
translations: install
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d translations; fi

db: install
	$(FLASK) db upgrade

clean:
	rm -rf $(VENV) instance/*.sqlite3 .pytest_cache

# Load benchmark (bench/run.py): SQLite always, PostgreSQL too when DATABASE_URL is set. Needs wrk.
bench: install translations
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)
