# Trợ lý dịch vụ công — the two commands: `make run` and `make test`.
SHELL := /bin/bash
export PYTHONPATH := $(CURDIR)
RASA := .venvs/rasa/bin/rasa
PY := .venvs/app/bin/python

.PHONY: setup train run run-scaled test test-rasa eval bench lint lock clean fuzz

setup:            ## install what is missing (idempotent, fast when nothing changed)
	@scripts/setup.sh

train: setup      ## train the Rasa model if config/domain/data changed
	@scripts/train.sh

run: train        ## start Rasa + app; web chat on http://localhost:$${APP_PORT:-8000}/
	@$(PY) -m api.stack

# Replicas that lose nothing: 2 Rasa servers (shared PostgreSQL tracker store, Redis lock store)
# and 2 app worker processes on one port (console live updates over Redis). Defaults use the
# local PostgreSQL and Redis; override any of the variables.
run-scaled: train ## like run, with replicas: PostgreSQL + Redis, 2 Rasa servers, 2 app workers
	@DATABASE_URL=$${DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/dvc} \
	  LOCK_STORE_URL=$${LOCK_STORE_URL:-redis://127.0.0.1:6379/0} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} \
	  RASA_REPLICAS=$${RASA_REPLICAS:-2} APP_WORKERS=$${APP_WORKERS:-2} $(PY) -m api.stack

test: train       ## every test: pytest, rasa data validate, rasa test stories
	$(RASA) data validate --config config.yml --domain domain.yml --data bot/data --fail-on-warnings
	$(RASA) test core --model models/current.tar.gz --stories tests/stories --out var/results/core --fail-on-prediction-errors --no-plot
	$(PY) -m pytest

UNDERSTAND_SETS = tests/data/nlu_dev.jsonl tests/data/nlu_test2.jsonl tests/data/nlu_realistic3.jsonl \
  tests/data/nlu_realistic4.jsonl tests/data/nlu_realistic5.jsonl tests/data/nlu_realistic6.jsonl tests/data/nlu_realistic7.jsonl tests/data/nlu_realistic8.jsonl \
  tests/data/nlu_realistic9.jsonl tests/data/nlu_realistic10.jsonl tests/data/nlu_realistic11.jsonl tests/data/nlu_realistic12.jsonl tests/data/nlu_realistic13.jsonl tests/data/nlu_realistic14.jsonl tests/data/nlu_realistic15.jsonl tests/data/nlu_realistic16.jsonl tests/data/nlu_realistic17.jsonl tests/data/nlu_realistic18.jsonl tests/data/nlu_realistic19.jsonl tests/data/nlu_realistic20.jsonl \
  tests/data/real_questions_dev.jsonl tests/data/real_questions_test.jsonl \
  tests/data/procedure_dev.jsonl tests/data/procedure_dev2.jsonl tests/data/procedure_test3.jsonl

eval: train       ## NLU and search metrics on the held-out dev sets -> reports/
	.venvs/rasa/bin/python -m tests.evaluation.nlu_eval --dev tests/data/nlu_dev.jsonl --out reports
	.venvs/rasa/bin/python -m tests.evaluation.nlu_eval --dev tests/data/nlu_test2.jsonl --out reports/nlu_test2
	# intent, macro-F1, procedure top-1/top-3 and asserted-on-empty per set and style slice,
	# scored through the code of POST /api/v1/understand (parse in the Rasa venv, score in the app venv)
	.venvs/rasa/bin/python -m tests.evaluation.rasa_parse --out reports/parses $(UNDERSTAND_SETS)
	$(PY) -m tests.evaluation.understand_eval --parses reports/parses --out reports/understand_eval.md $(UNDERSTAND_SETS)
	$(PY) -m knowledge.search.evaluate --dev tests/data/procedure_dev.jsonl --out reports/search_eval.md
	$(PY) -m knowledge.search.evaluate --dev tests/data/procedure_dev2.jsonl --out reports/search_eval_dev2.md
	@if [ -f tests/data/procedure_test3.jsonl ]; then \
	  $(PY) -m knowledge.search.evaluate --dev tests/data/procedure_test3.jsonl --out reports/search_eval_test3.md; fi
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues.jsonl --out reports/dialogue_eval.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev2.jsonl --out reports/dialogue_eval_dev2.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev3.jsonl --out reports/dialogue_eval_dev3.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev4.jsonl --out reports/dialogue_eval_dev4.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev5.jsonl --out reports/dialogue_eval_dev5.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev6.jsonl --out reports/dialogue_eval_dev6.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_test.jsonl --out reports/dialogue_eval_test.md
	$(PY) -m tests.evaluation.dialogue_eval --held-out --set tests/data/form_dialogues_test2.jsonl --out reports/dialogue_eval_test2.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev8.jsonl --out reports/dialogue_eval_dev8.md
	$(PY) -m tests.evaluation.dialogue_eval --held-out --set tests/data/form_dialogues_test3.jsonl --out reports/dialogue_eval_test3.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev9.jsonl --out reports/dialogue_eval_dev9.md
	$(PY) -m tests.evaluation.dialogue_eval --held-out --set tests/data/form_dialogues_test4.jsonl --out reports/dialogue_eval_test4.md
	$(PY) -m tests.evaluation.dialogue_eval --set tests/data/form_dialogues_dev10.jsonl --out reports/dialogue_eval_dev10.md
	$(PY) -m tests.evaluation.dialogue_eval --held-out --set tests/data/form_dialogues_test5.jsonl --out reports/dialogue_eval_test5.md

# then 1,000 conversations open loop (each writing every ~30 s for 3 minutes), checked for lost,
# duplicated and reordered messages
bench: train      ## the product (1 and 50 conversations via /api/v1/chat, 1,000 open loop) beside a bare `rasa init` peer -> reports/bench.md
	$(PY) -m tests.benchmarks.chat_bench --conversations 1 50 --open-loop 1000 --duration 180 --out reports/bench.md

fuzz: setup       ## the no-crash fuzz test with a larger budget (make test runs 5,000 requests)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-50000} $(PY) -m pytest tests/security/test_fuzz.py -q

lint: setup
	$(PY) -m ruff check api bot connectors knowledge tests

lock:             ## re-freeze the app venv after editing requirements/app.in
	.venvs/app/bin/pip install -r requirements/app.in && \
	  { echo "# App venv (.venvs/app): frozen from requirements/app.in. Regenerate: make lock"; \
	    .venvs/app/bin/pip freeze --exclude-editable; } > requirements/app.lock

clean:
	rm -rf var models
