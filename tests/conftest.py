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
