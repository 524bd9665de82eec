"""Pydantic input and output of `validate_data`, shared by the CLI, the agent and the web app."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.core.paths import FilePath, OptionalFilePath
from tunewise.tools.validate.targets import TRL_MAX_LENGTH

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
    "sharegpt",
    "bedrock_distillation",
]


class ValidateInput(BaseModel):
    path: FilePath = Field(description="the JSONL file to check")
    format: FormatName = Field("auto", description="target format; auto detects it")
    model: str | None = Field(
        None,
        description="base model: OpenAI's for its example limit and price; with images, the "
        "model that trains on them (gpt-4o-2024-08-06, amazon.nova-lite-v1:0)",
    )
    max_length: int = Field(
        TRL_MAX_LENGTH,
        ge=16,
        description="TRL targets: max tokens an example (TRL's default max_length)",
    )
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
    n_errors: int = Field(0, description="every error counted, listed or not")
    n_warnings: int = Field(0, description="every warning counted, listed or not")
    images: int = Field(0, description="image parts in the valid examples")
    images_uncosted: int = Field(0, description="images not in the token counts")
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
    repaired: int = Field(0, description="rows kept after a repair (arguments decoded once)")
    dropped_by_code: dict[str, int] = Field(
        default_factory=dict, description="dropped invalid rows by their first error"
    )


class ValidationReport(BaseModel):
    ok: bool
    format: str
    n_examples: int = Field(description="examples without errors")
    errors: list[Issue]
    warnings: list[Issue]
    stats: Stats
    estimate: Estimate
    fix: FixResult | None = None


class FileFailure(BaseModel):
    """The report when the file cannot be checked at all (`--json` prints it too)."""

    ok: bool = False
    file: str
    n_examples: int = 0
    errors: list[Issue]
    warnings: list[Issue] = Field(default_factory=list)
