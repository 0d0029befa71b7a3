# satudesa: `make build` builds the demo sites, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
# Packages named in a requirements file (its own lines, not what pip pulls in with them).
count = $(shell grep -c '^[A-Za-z0-9]' $(1))
# pip's own output and progress bars on a terminal; one line per step in a log (CI).
PIP_INSTALL = if [ -t 1 ]; then q=; else q=--quiet; fi; $(PY) -m pip install $$q

.PHONY: build test lint clean chromium deploy-tools docs-keys runtime-check package-check \
	screenshots-editor bench-editor screenshots lighthouse

$(STAMP): requirements.txt
	@echo "==> 1/3 Creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV)
	@echo "==> 2/3 Installing $(call count,requirements.txt) packages from requirements.txt (with their dependencies)"
	@$(PIP_INSTALL) --upgrade pip
	@$(PIP_INSTALL) -r requirements.txt
	@touch $(STAMP)

$(DEV_STAMP): requirements-dev.txt $(STAMP)
	@echo "==> Installing $(call count,requirements-dev.txt) test and lint packages from requirements-dev.txt"
	@$(PIP_INSTALL) -r requirements-dev.txt
	@touch $(DEV_STAMP)

# Debian's Chromium for the browser tests; Playwright cannot download its own here.
chromium:
	@command -v chromium >/dev/null 2>&1 || (echo "==> Installing Debian's chromium for the browser tests" && apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# Debian's sshd, rsync, nginx and curl for the deploy tests,
# which start them on 127.0.0.1; apt-get runs only when one of them is missing.
DEPLOY_TOOLS := openssh-server openssh-client rsync nginx curl
deploy-tools:
	@missing=$$(for p in $(DEPLOY_TOOLS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; fi

build: $(STAMP)
	@echo "==> 3/3 Building the demo sites into build/"
	@$(VENV)/bin/flask --app app build

test: $(DEV_STAMP) chromium deploy-tools
	@echo "==> ruff check ."
	@$(VENV)/bin/ruff check .
	@echo "==> lint-imports"
	@$(VENV)/bin/lint-imports
	@echo "==> pytest"
	@$(PY) -m pytest

# Slow checks, not part of `make test`: full-page screenshots of both themes into
# docs/screenshots/, and Lighthouse (mobile) on both themes into bench/lighthouse*.json.
screenshots: $(STAMP) chromium
	$(PY) bench/screenshots.py

lighthouse: $(STAMP) chromium
	command -v npm >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm)
	$(PY) bench/lighthouse.py --theme default
	$(PY) bench/lighthouse.py --theme kabupaten

# The screenshots in docs/panduan-editor.md, made by the editor's browser test.
screenshots-editor: $(DEV_STAMP) chromium
	SATUDESA_SCREENSHOTS=docs/img $(PY) -m pytest -q -p no:cacheprovider tests/editor/test_browser_flow.py -k published

# Click-to-published and 50 officers saving for 60 s (about 2 minutes in all).
bench-editor: $(DEV_STAMP)
	$(PY) bench/editor.py

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .

# Rewrite the registry key table in docs/panduan-operator.md from the schema.
docs-keys: $(STAMP)
	$(PY) -m satudesa.load.keydocs docs/panduan-operator.md

# Prove `pip install .` builds the site it is run in, like this checkout (fresh venv; ~1 min).
package-check: $(STAMP)
	$(PY) tools/package_check.py

# Prove requirements.txt alone builds the demo and serves the preview (fresh venv; ~1 min).
runtime-check:
	$(PYTHON) tools/runtime_check.py

clean:
	rm -rf build .pytest_cache .ruff_cache
