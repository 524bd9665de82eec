# The two README commands: `make run` (set up + the web app on the offline default, http://127.0.0.1:7860)
# and `make test` (set up + Debian's chromium for the browser tests + lint + tests). Both are safe to repeat; set-up is idempotent.
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: setup run chat test lint bench clean

setup:
	@./scripts/setup.sh

run: setup
	$(BIN)/tunewise index
	$(BIN)/tunewise serve

chat: setup
	$(BIN)/tunewise index
	$(BIN)/tunewise chat

test: setup
	./scripts/browser.sh
	./scripts/postgres.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: setup
	$(BIN)/python -m bench.retrieval
	$(BIN)/python -m bench.advisor
	$(BIN)/python -m bench.web
	$(BIN)/python -m bench.startup

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
