# satudesa: `make build` builds the demo sites, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test lint clean chromium deploy-tools

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Debian's Chromium for the browser tests; Playwright cannot download its own here.
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# Debian's sshd, rsync, nginx (with the Brotli static module) and curl for the deploy tests,
# which start them on 127.0.0.1; apt-get runs only when one of them is missing.
DEPLOY_TOOLS := openssh-server openssh-client rsync nginx libnginx-mod-http-brotli-static curl
deploy-tools:
	@missing=$$(for p in $(DEPLOY_TOOLS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; fi

build: $(STAMP)
	$(VENV)/bin/flask --app app build

test: $(STAMP) chromium deploy-tools
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf build .pytest_cache .ruff_cache
