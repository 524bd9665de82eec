"""Pydantic input and output of `validate_data`, shared by the CLI, the agent and the web app."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.core.paths import FilePath, OptionalFilePath

FormatName = Literal[
    "auto",
    "openai_chat",
    "openai_dpo",
    "bedrock_haiku",
    "bedrock_llama",
    "bedrock_converse",
    "bedrock_nova",
    "trl_messages",
    "trl_prompt_completion",
    "trl_preference",
    "trl_text",
    "alpaca",
]


class ValidateInput(BaseModel):
    path: FilePath = Field(description="the JSONL file to check")
    format: FormatName = Field("auto", description="target format; auto detects it")
    model: str | None = Field(
        None, description="OpenAI base model, for its per-example limit and price"
    )
    max_length: int = Field(2048, ge=16, description="TRL targets: max tokens an example")
    workers: int | None = Field(
        None, ge=1, le=32, description="processes to use (default: CPUs, for large files)"
    )
    fix_out: OptionalFilePath = Field(None, description="write a cleaned copy here")
    fix_format: FormatName | None = Field(None, description="convert the cleaned copy to this")


class Issue(BaseModel):
    line: int = Field(description="1-based line number; 0 for the file as a whole")
    code: str
    message: str


class TokenStats(BaseModel):
    total: int = 0
    mean: float = 0.0
    p50: int = 0
    p95: int = 0
    max: int = 0


class Stats(BaseModel):
    n_lines: int
    n_valid: int
    n_invalid: int
    bytes: int
    crlf_lines: int
    by_code: dict[str, int] = Field(description="every issue counted, even beyond the list cap")
    issues_truncated: bool = Field(description="true when a code had more than the cap listed")
    tokens: TokenStats
    assistant_tokens: TokenStats
    tokenizer: str
    tokens_exact: bool
    size_guidance: str
    split: dict[str, int] = Field(description="suggested train/validation example counts")
    workers: int
    seconds: float


class Estimate(BaseModel):
    n_epochs: int
    billing_tokens: int = Field(description="tokens billed per epoch (capped per example)")
    trained_tokens: int
    price_model: str | None
    training_per_mtok: float | None
    cost: float | None
    as_of: str | None
    note: str


class FixResult(BaseModel):
    path: Path
    written: int
    dropped_invalid: int
    dropped_duplicates: int
    not_convertible: int
    format: str


class ValidationReport(BaseModel):
    ok: bool
    format: str
    n_examples: int = Field(description="examples without errors")
    errors: list[Issue]
    warnings: list[Issue]
    stats: Stats
    estimate: Estimate
    fix: FixResult | None = None
