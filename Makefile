# The two commands of the README: `make run` (set up, index the bundled corpus, open the UI)
# and `make test` (set up, run the whole test suite). Both are idempotent.
.PHONY: run test setup qwen eval bench

run:
	scripts/setup.sh qwen
	.venv/bin/assistant ingest
	.venv/bin/assistant ui

test:
	scripts/setup.sh browser
	.venv/bin/python -m pytest -q

setup:
	scripts/setup.sh

qwen:
	scripts/setup.sh qwen

eval:
	scripts/setup.sh qwen
	.venv/bin/assistant ingest
	.venv/bin/assistant eval --split test
