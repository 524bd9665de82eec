"""The one Settings object (prefix TUNEWISE_). Read at entry points only, then passed down."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".tunewise"


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as TUNEWISE_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="TUNEWISE_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir, description="Where indexes, jobs and uploads live."
    )
    llm: str = Field(
        default="offline",
        description="Chat back end: offline, anthropic:<model>, openai:<model>, bedrock:<model>, openai-compatible:<model>.",
    )
    chroma_path: Path | None = Field(
        default=None, description="Chroma persistent directory (default: <data_dir>/chroma)."
    )
    chroma_url: str | None = Field(
        default=None,
        description="Chroma server URL; when set, HttpClient is used instead of a local directory.",
    )
    checkpoint_url: SecretStr | None = Field(
        default=None,
        description="postgresql://user:pass@host:port/db: conversations in PostgreSQL (shared by "
        "several processes or machines) instead of <data_dir>/threads.sqlite.",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="Base URL for openai-compatible servers (vLLM, Ollama, llama.cpp).",
    )
    upload_limit_mb: int = Field(
        default=200, ge=1, le=10_000, description="Largest file the web app accepts."
    )
    web_user: str | None = Field(default=None, description="Web app login (with web_password).")
    web_password: SecretStr | None = Field(default=None, description="Web app password.")
    log_level: str = Field(default="WARNING", description="Python logging level for stderr logs.")

    @property
    def chroma_dir(self) -> Path:
        return self.chroma_path or self.data_dir / "chroma"

    @property
    def hf_home(self) -> Path:
        return self.data_dir / "hf"


def apply_offline_env(settings: Settings) -> None:
    """Keep HF, Chroma and gradio from touching the network or the home cache.

    Called once by each entry point before heavy libraries are imported; values a user already
    set explicitly are respected.
    """
    defaults = {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "HF_HOME": str(settings.hf_home),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "TOKENIZERS_PARALLELISM": "false",
        "HF_HUB_DISABLE_PROGRESS_BARS": "1",
        "TRANSFORMERS_VERBOSITY": "error",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
