"""Shared fixtures. Everything runs offline: HF and Chroma telemetry are switched off here,
before any test imports them, and every file lives under a tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

for key, value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}.items():
    os.environ[key] = value


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory):
    """A KnowledgeIndex over the shipped docs in a session-wide temporary Chroma directory."""
    from tunewise.knowledge.index import KnowledgeIndex

    path = tmp_path_factory.mktemp("chroma")
    index = KnowledgeIndex(path=path)
    index.build()
    return index


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running the `tunewise` console script with its own data directory."""
    env = dict(os.environ)
    env["TUNEWISE_DATA_DIR"] = str(tmp_path / "data")
    env.pop("TUNEWISE_CHROMA_URL", None)
    return env


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama (tests/tiny_model.py) that trains in seconds on the CPU."""
    from tests.tiny_model import make_tiny_llama

    return make_tiny_llama(tmp_path_factory.mktemp("tiny-llama"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """40 chat rows of training data."""
    from tests.tiny_model import chat_rows, write_jsonl

    return write_jsonl(tmp_path / "train.jsonl", chat_rows(40))


def prepared_data_dir(tmp_path_factory: pytest.TempPathFactory, *commands: list[str]) -> Path:
    """A data directory made once by running `tunewise` commands in it (module fixtures use
    this and hand each test a copy: building the index per test costs seconds)."""
    from tests.test_cli import run

    d = tmp_path_factory.mktemp("prepared") / "data"
    env = {**os.environ, "TUNEWISE_DATA_DIR": str(d)}
    env.pop("TUNEWISE_CHROMA_URL", None)
    for cmd in commands:
        proc = run(cmd, env)
        assert proc.returncode == 0, proc.stderr[-1500:]
    return d


def copy_data_dir(prepared: Path, cli_env: dict[str, str]) -> Path:
    """A copy of a prepared data directory at the test's own TUNEWISE_DATA_DIR."""
    import shutil

    d = Path(cli_env["TUNEWISE_DATA_DIR"])
    shutil.copytree(prepared, d)
    return d
