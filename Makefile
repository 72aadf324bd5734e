# The two commands a new user needs: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
PORT   ?= 5000

.PHONY: run test install translations db clean bench

run: install translations db
	$(FLASK) seed-demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl+C to stop)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Compiled catalogs (.mo) are build products: made here, never committed.
translations: install
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -q -d translations; fi

db: install
	$(FLASK) db upgrade

clean:
	rm -rf $(VENV) instance/*.sqlite3 .pytest_cache

# Load benchmark (bench/run.py): SQLite always, PostgreSQL too when DATABASE_URL is set. Needs wrk.
bench: install translations
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)
