# Two set-up commands: `make demo` and `make test`. Both install everything
# into .venv first (torch CPU build pinned and installed before the rest).
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
STAMP := .venv/.installed
OUT ?= out/demo

.PHONY: install system-deps demo test lint clean

$(STAMP): pyproject.toml
	python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[transformer,dev]'
	$(PY) -m triage.classify.base_model --ensure
	touch $(STAMP)

install: $(STAMP)

# Debian packages for the browser and PostgreSQL tests (root on CI machines);
# a CJK font so that screenshots of the Chinese review pages are legible.
system-deps:
	@if ! command -v chromium >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    || ! ls /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql fonts-wqy-zenhei >/dev/null; \
	fi

demo: $(STAMP)
	.venv/bin/triage demo --out $(OUT)

test: $(STAMP) system-deps
	.venv/bin/pytest -q

lint: $(STAMP)
	.venv/bin/ruff check triage tests eval

clean:
	rm -rf out .pytest_cache
