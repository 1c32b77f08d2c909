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

## run: the web app on the bundled Luohu data at http://127.0.0.1:8000/ (`yizhan serve`:
## gunicorn, two worker processes per CPU, and the task worker; Ctrl+C stops them all).
## RUN_ARGS="--host 0.0.0.0 --port 8080" passes options (RUN_ARGS="--workers 0": one process,
## for debugging); demo passwords are printed on first start
run: $(STAMP)
	$(BIN)/yizhan serve $(RUN_ARGS)

## test: the default test suite (fast; no browser, no PostgreSQL)
test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

## wheelhouse: yizhan and every runtime dependency as wheels in wheelhouse/ (versions from
## requirements.lock; the dev and bench extras are left out) with SHA256SUMS, for the offline
## install of docs/deploy.md: `pip install --no-index --find-links wheelhouse yizhan`.
## PYVER is the server's CPython: 3.11 (Debian 12, the default) or 3.13 (Debian 13); the build
## machine's own Python does not matter. Binary wheels only (the server has no compiler), for
## Linux x86_64 with glibc 2.36 or newer (Debian 12 has 2.36, Debian 13 2.41): every manylinux
## tag up to 2_36 is accepted (pip expands none of them by itself).
## A pin of the lock without a wheel for PYVER stops it with pip's "No matching distribution".
WHEELHOUSE ?= wheelhouse
PYVER ?= 3.11
WHEEL_GLIBC ?= 36
WHEEL_PLATFORMS = $(foreach m,$(shell seq $(WHEEL_GLIBC) -1 5),--platform manylinux_2_$(m)_x86_64) \
    --platform manylinux2014_x86_64 --platform manylinux2010_x86_64 --platform manylinux1_x86_64
wheelhouse: $(STAMP)
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE)
	$(BIN)/pip wheel --quiet --no-deps --wheel-dir $(WHEELHOUSE) .
	$(BIN)/pip download --quiet --dest $(WHEELHOUSE) --only-binary=:all: \
	    --python-version $(PYVER) --implementation cp --abi cp$(subst .,,$(PYVER)) \
	    $(WHEEL_PLATFORMS) --constraint requirements.lock $(WHEELHOUSE)/yizhan-*.whl
	cd $(WHEELHOUSE) && sha256sum *.whl > SHA256SUMS
	@echo "$$(ls $(WHEELHOUSE)/*.whl | wc -l) wheels for CPython $(PYVER), $$(du -sh $(WHEELHOUSE) | cut -f1) in $(WHEELHOUSE)/"
