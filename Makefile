# The two README commands: `make run` (set up + start tunewise on the offline default)
# and `make test` (set up + lint + tests). Both are safe to repeat; set-up is idempotent.
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: setup run test lint bench clean

setup:
	@./scripts/setup.sh

run: setup
	$(BIN)/tunewise index
	$(BIN)/tunewise chat

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: setup
	$(BIN)/python -m bench.retrieval
	$(BIN)/python -m bench.advisor

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
