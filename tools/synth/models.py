"""Pydantic input and report of `generate_synthetic_data` (CLI, agent tool and web tab)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from tunewise.core.errors import ToolError
from tunewise.core.paths import FilePath, OptionalFilePath

MAX_COUNT = 100_000
SynthFormat = Literal[
    "openai_chat",
    "trl_messages",
    "trl_prompt_completion",
    "alpaca",
    "bedrock_haiku",
    "bedrock_converse",
]


class SynthError(ToolError):
    """The run cannot start or go on; the message says what to change."""


class SynthInput(BaseModel):
    task: str = Field(min_length=3, max_length=4000, description="what the tuned model should do")
    seeds: list[dict] = Field(default_factory=list, description="seed rows in the target format")
    seeds_file: OptionalFilePath = Field(
        None, description="JSONL of seed rows in the target format"
    )
    count: int = Field(description=f"rows to have in the output file (1-{MAX_COUNT:,})")
    format: SynthFormat = Field("openai_chat", description="target format of the rows")
    out: FilePath = Field(description="output JSONL; re-running with the same file continues it")
    teacher: str = Field(
        "template",
        description="template (offline, programmatic), smollm2 (offline, local model), or "
        "anthropic:<model>, openai:<model>, bedrock:<model>, openai-compatible:<model>",
    )
    topics: list[str] = Field(default_factory=list, description="topics to spread inputs over")
    personas: list[str] = Field(default_factory=list, description="who is asking")
    difficulties: list[str] = Field(default_factory=list, description="e.g. easy, hard")
    judge: bool = Field(False, description="score rows with the teacher and drop low scores")
    fluency: bool = Field(
        True,
        description="drop rows the bundled SmolLM2 finds much less fluent than their seed "
        "(offline teachers)",
    )
    judge_threshold: float = Field(7.0, ge=1, le=10)
    adversarial: float = Field(0.0, ge=0, le=0.5, description="share of hard negatives")
    min_chars: int = Field(1, ge=1, description="shortest response kept")
    max_chars: int = Field(8000, ge=10, description="longest response kept")
    similarity: float | None = Field(
        None,
        gt=0,
        le=1,
        description="ROUGE-L above this = near-duplicate (default 0.7, as Self-Instruct; 0.9 "
        "for template mode, whose slot variations share their wording by design)",
    )
    budget_usd: float | None = Field(None, description="hosted teachers: stop before spending more")
    concurrency: int = Field(4, ge=1, le=64, description="teacher calls in flight")
    max_retries: int = Field(5, ge=0, le=20, description="retries on rate limits")
    batch: int = Field(5, ge=1, le=20, description="new inputs asked for per call")
    random_seed: int = 0

    @field_validator("count")
    @classmethod
    def _count(cls, v: int) -> int:
        if v < 1:
            raise ValueError("count must be at least 1")
        if v > MAX_COUNT:
            raise ValueError(
                f"{v:,} rows is more than one run makes (at most {MAX_COUNT:,}); generate in "
                "steps: re-running with the same --out continues the file"
            )
        return v

    @field_validator("budget_usd")
    @classmethod
    def _budget(cls, v: float | None) -> float | None:
        if v is not None and v <= 0:
            raise ValueError("a budget must be above $0 (leave it out for no cap)")
        return v


class SynthReport(BaseModel):
    out: Path
    provenance: Path
    teacher: str
    quality_note: str
    requested: int
    kept: int = Field(description="rows in the output file now")
    kept_before: int = Field(description="rows already there from an earlier run")
    generated: int = Field(description="candidates produced in this run")
    dropped: dict[str, int] = Field(description="candidates dropped, by reason")
    estimated_cost_usd: float | None
    spent_usd: float | None
    stopped: str | None = Field(description="why the run ended early, if it did")
    validation_ok: bool
    validation_errors: int
    seconds: float


class SynthToolInput(SynthInput):
    """The agent tool's input: the task and output file may be left to defaults (the seeds'
    system prompt, and a file under the data directory)."""

    task: str | None = Field(None, max_length=4000, description="what the tuned model should do")
    count: int = Field(50, description=f"rows to have in the output file (1-{MAX_COUNT:,})")
    out: OptionalFilePath = Field(
        None, description="output JSONL (default: under the data directory)"
    )
