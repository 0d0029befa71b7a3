# satudesa: `make build` builds the demo sites, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test lint clean chromium screenshots lighthouse

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Debian's Chromium for the browser tests; Playwright cannot download its own here.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

build: $(STAMP)
	$(VENV)/bin/flask --app app build

test: $(STAMP) chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# Slow checks, not part of `make test`: full-page screenshots of both themes into
# docs/screenshots/, and Lighthouse (mobile) on both themes into bench/lighthouse*.json.
screenshots: $(STAMP) chromium
	$(PY) bench/screenshots.py

lighthouse: $(STAMP) chromium
	command -v npm >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm)
	$(PY) bench/lighthouse.py --theme default
	$(PY) bench/lighthouse.py --theme kabupaten

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf build .pytest_cache .ruff_cache
