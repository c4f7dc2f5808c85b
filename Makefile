# The project's interface: CI and the README call only these targets.
# `make help` lists them.

SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.8
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
# uv from PATH if present, otherwise a private copy bootstrapped with pip.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
SPACY_PIPELINE := build/spacy_pipeline
MODEL := models/twitch-assistant.tar.gz
# Everything a trained model depends on: retrain only when one of these changed. The code that
# trains is that of the components config.yml names (addons.x.Name -> addons/x.py); the stores,
# channels and other modules only `rasa run` loads are not inputs, so changing them does not retrain.
MODEL_COMPONENTS := $(sort $(addsuffix .py,$(subst .,/,$(shell grep -oE 'addons(\.[a-z_0-9]+)+\.[A-Z]' config.yml | sed 's/\.[A-Z]$$//'))))
# The FAQ selector keeps a passage index of the articles, built by actions/knowledge/ at training.
MODEL_COMPONENTS += $(wildcard actions/knowledge/*.py)
MODEL_INPUTS := config.yml domain.yml $(shell find data -type f 2>/dev/null) $(MODEL_COMPONENTS) $(SPACY_PIPELINE)/meta.json
ACTIONS_PORT ?= 5055
RASA_PORT ?= 5005
WEB_PORT ?= 8080
# The evaluation sets `make compare-nlu` scores both pipelines on (the dev set and the held-out sets).
COMPARE_SETS ?= tests/nlu_dev tests/nlu tests/nlu_newcomer tests/nlu_newcomer2
# COMPARE_ARGS=--epochs 1: the plain pipeline trained for one epoch, a quick run of the tool (make test-tools).
COMPARE_ARGS ?=
# Quieter TensorFlow and no telemetry for every Rasa command run from here.
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PYTHONPATH := $(CURDIR)
# endpoints.yml reads the action server's port from the environment.
export ACTIONS_PORT
# ... and the secret it sends the action server: empty means none (scripts/run.sh, the
# scripts that start an action server, and with_action_server.py set a random one).
export ACTION_SERVER_TOKEN ?=

.PHONY: lint format types help install nlp knowledge train run shell retention test validate pytest test-unit test-stories test-loading eval-nlu test-failures test-channels test-privacy test-scaleout test-deploy test-tools compare-nlu eval-triage bench bench-workers profile web web-check web-unit web-ux web-test telegram-webhook clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install --quiet uv==$(UV_VERSION)

# Bytecode compiled once at install: where PYTHONDONTWRITEBYTECODE is set (CI images often do),
# every Python process would otherwise compile Rasa and TensorFlow again (~30 s CPU each).
$(VENV)/.installed: pyproject.toml uv.lock | $(if $(findstring .tools,$(UV)),.tools/bin/uv)
	@echo "Installing Python 3.10 and the locked packages (uv.lock)..."
	@$(UV) sync --quiet --frozen --compile-bytecode --python "$$(scripts/find_python.sh $(UV))"
	@touch $@

install: $(VENV)/.installed ## Create the Python 3.10 venv from the committed lock (uv)

$(SPACY_PIPELINE)/meta.json: $(VENV)/.installed $(wildcard actions/symptoms/*.py actions/symptoms/*.jsonl actions/symptoms/*.yml data/knowledge/articles/*.md)
	@echo "Building the spaCy pipeline..."
	@$(PY) -m actions.symptoms.pipeline $(SPACY_PIPELINE)

nlp: $(SPACY_PIPELINE)/meta.json ## Build the project's spaCy pipeline (blank en: lemma lookups, EntityRuler, emergency concepts, negex, ConText) and its spelling vocabulary

knowledge: $(VENV)/.installed ## Regenerate data/responses/faq.yml from data/knowledge/
	$(PY) -m actions.knowledge.build

# Rasa's training cache keys each step on its config, its inputs and its class's own source, so
# it misses a change to a module-level helper or to the spaCy pipeline's files and would reuse
# the step's old output: when code, the pipeline or the install changed, the cache starts empty.
$(MODEL): $(VENV)/.installed $(MODEL_INPUTS)
	@echo "Training the model (a few minutes; Rasa's progress follows)..."
	@$(PY) -m actions.knowledge.build --check
	@$(if $(filter $(VENV)/.installed $(MODEL_COMPONENTS) $(SPACY_PIPELINE)/meta.json,$?),rm -rf .rasa/cache)
	@$(RASA) train --fixed-model-name twitch-assistant --out models
	@touch $@

train: $(MODEL) ## Train the model (only when data, config, domain, the spaCy pipeline or a trained component's code changed)

run: $(MODEL) ## Set up, train if needed, start the action server and Rasa (REST + HTTP API) on localhost:5005
	@scripts/run.sh $(MODEL) $(RASA_PORT) $(ACTIONS_PORT) $(WEB_PORT)

shell: $(VENV)/.installed ## Chat with the running bot (`make run` in another terminal) over REST
	$(PY) scripts/chat.py --url http://localhost:$(RASA_PORT)

retention: $(VENV)/.installed ## Delete stored conversations older than endpoints.yml's retention_days (the server also does it daily)
	$(PY) -m addons.store_retention --endpoints endpoints.yml

validate: $(SPACY_PIPELINE)/meta.json ## rasa data validate, failing on any warning
	$(PY) -m actions.knowledge.build --check
	$(PY) scripts/validate_data.py

pytest: $(SPACY_PIPELINE)/meta.json ## Every pytest test: the unit tests and those that start servers (channels, Redis)
	$(PY) -m pytest -q

test-unit: $(SPACY_PIPELINE)/meta.json ## Pure core, NLU components, policies, stores and actions: no training, no servers (under a minute)
	$(PY) -m pytest -q -m "not servers"

test-stories: $(MODEL) ## rasa test on tests/test_stories.yml, failing on any prediction error
	ACTIONS_PORT=5555 $(PY) scripts/with_action_server.py \
	  $(RASA) test core --model $(MODEL) --stories tests/test_stories.yml --fail-on-prediction-errors --out results/core

test-loading: $(MODEL) ## Fast-loaded DIET (no training step at load) equals the stock load: every weight, every parse
	$(PY) scripts/check_loading.py $(MODEL)

eval-nlu: $(MODEL) ## Held-out questions: FAQ answered right, out of scope given a Source, fallbacks; passage and several-question sets
	$(PY) scripts/eval_nlu.py $(MODEL) --heldout tests/nlu tests/nlu_newcomer tests/nlu_newcomer2 tests/nlu_real \
	  --passages tests/questions_real/passages_real_style.yml --multi tests/questions_real/multi_questions.yml

test: lint types validate pytest test-stories test-loading eval-nlu eval-triage test-failures test-channels test-privacy test-scaleout web-check web-unit web-ux web-test test-tools ## Everything CI runs: validate, pytest, train, stories, held-out NLU and triage, failures, Slack and Telegram, scale-out, the widget's unit and browser tests, `make run` with the widget in Chromium, the README's other commands

lint: $(VENV)/.installed ## ruff: lint (pyflakes, pycodestyle errors) and the formatting of every Python file
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed ## ruff: format every Python file and fix what the linter can fix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

types: $(VENV)/.installed ## mypy on the pure core and the actions (actions/)
	$(VENV)/bin/mypy

test-failures: $(MODEL) ## Action server stopped and frozen, bad-input fuzz, restart mid-check: never silence, nothing lost
	$(PY) scripts/check_failures.py

test-channels: $(MODEL) ## Slack and Telegram end to end with the trained bot (local fakes of their APIs on 127.0.0.1)
	$(PY) scripts/check_channels.py

test-privacy: $(MODEL) ## Privacy and abuse checks with the trained bot on free loopback ports: channel isolation, action server, admin API, body limits, rate limits, flood and surge, store mode, failed actions, logs
	$(PY) scripts/check_privacy.py

test-scaleout: $(MODEL) ## PostgreSQL store + Redis lock store, two Rasa servers: restart mid-check, alternating and simultaneous messages
	$(PY) scripts/check_scaleout.py

# DEPLOY_ARGS=--fresh: from nothing (the cached stand-in images and wheelhouse removed first);
# --drop-cache: removed at the end too.
DEPLOY_ARGS ?=
test-deploy: $(MODEL) ## deploy/docker-compose.yml for real on stand-in base images built from Debian's packages: nginx, two Rasa replicas, action server, PostgreSQL, Redis, checked through nginx (not in make test)
	$(PY) scripts/check_deploy.py $(DEPLOY_ARGS)

test-tools: $(MODEL) ## The README's other commands (bench, profile, compare-nlu, ...), each run small: exit 0 and the promised figures
	$(PY) scripts/check_tools.py

compare-nlu: $(MODEL) ## Compare the spaCy pipeline with a plain Whitespace+CountVectors one (dev and the three held-out sets)
	$(PY) scripts/compare_nlu.py --eval $(COMPARE_SETS) --trained config.yml=$(MODEL) $(COMPARE_ARGS) -- config.yml configs/nlu_plain.yml

clean: ## Remove built artefacts (venv stays)
	rm -rf build models results .rasa

bench: $(MODEL) ## Load benchmark over REST: ours next to a plain `rasa init` bot (throughput, p50/p95/p99, memory, turn 100 vs turn 1)
	$(PY) scripts/bench.py $(BENCH_ARGS)

bench-workers: $(MODEL) ## Throughput at SANIC_WORKERS=1 and 2 (PostgreSQL store, Redis lock store): msg/s, p50/p95, errors
	$(PY) scripts/bench_workers.py $(BENCH_WORKERS_ARGS)

profile: $(MODEL) ## Where one message's time goes, at turn 5 and turn 100 (cProfile; PROFILE_ARGS="--recent-user-turns 0" for stock Rasa)
	$(PY) scripts/profile_message.py $(MODEL) $(PROFILE_ARGS)

eval-triage: $(MODEL) ## Triage benchmark: held-out and realistic (long, third-person, past, hypothetical, medicine, typo) vignettes through the bot over REST
	$(PY) scripts/eval_triage.py $(MODEL) tests/triage/vignettes_heldout.yml tests/triage/vignettes_realistic.yml

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

tests/e2e/node_modules/.package-lock.json: tests/e2e/package-lock.json
	cd tests/e2e && npm ci --no-audit --no-fund

web: web/node_modules/.package-lock.json ## Rebuild the chat widget bundle web/dist/widget.js (commit it)
	cd web && npm run build

web-check: web/node_modules/.package-lock.json ## Fail if web/dist/widget.js is not what web/src builds to
	cd web && npm run check

web-unit: web/node_modules/.package-lock.json ## The widget's unit tests (node --test, happy-dom)
	cd web && npm test

web-ux: $(VENV)/.installed tests/e2e/node_modules/.package-lock.json ## The widget in headless Chromium against the fake bot: emergency, reading, touch, status, axe-core
	tests/e2e/run.sh ux

web-test: $(MODEL) tests/e2e/node_modules/.package-lock.json ## `make run` as the README says, then the widget in headless Chromium, `make shell`, curl, Ctrl-C
	$(PY) scripts/check_make_run.py

telegram-webhook: $(VENV)/.installed ## Register the Telegram webhook (TELEGRAM_* from the environment or .env)
	set -a; [ ! -f .env ] || . ./.env; set +a; $(PY) scripts/telegram_webhook.py
