# The two set-up commands of the README: `make run` and `make test`.
# Each creates the virtual environment from the lock file on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install wheelhouse

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m yizhan.web.template_db
	touch $(STAMP)

install: $(STAMP)

## run: the web app on the bundled Luohu data at http://127.0.0.1:8000/ (`yizhan serve`;
## RUN_ARGS="--host 0.0.0.0 --port 8080" passes options; demo passwords are printed on first start)
run: $(STAMP)
	$(BIN)/yizhan serve $(RUN_ARGS)

## test: the default test suite (fast; no browser, no PostgreSQL)
test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

## wheelhouse: yizhan and every runtime dependency as wheels in wheelhouse/ (versions from
## requirements.lock; the dev and bench extras are left out) with SHA256SUMS, for the offline
## install of docs/deploy.md: `pip install --no-index --find-links wheelhouse yizhan`.
## Wheels are for this machine's platform: Python 3.11, Linux x86_64 (Debian 12).
WHEELHOUSE ?= wheelhouse
wheelhouse: $(STAMP)
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	$(BIN)/pip wheel --quiet --wheel-dir $(WHEELHOUSE) --constraint requirements.lock .
	cd $(WHEELHOUSE) && sha256sum *.whl > SHA256SUMS
	@echo "$$(ls $(WHEELHOUSE)/*.whl | wc -l) wheels, $$(du -sh $(WHEELHOUSE) | cut -f1) in $(WHEELHOUSE)/"
