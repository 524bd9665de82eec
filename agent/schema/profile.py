"""The facts that decide the advice. None always means "unknown": a deciding fact is never guessed."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

TaskKind = Literal[
    "format",
    "style",
    "domain_vocab",
    "knowledge",
    "reasoning",
    "novel_capability",
    "preference",
    "extraction",
]
Tried = Literal["none", "little", "plateaued"]
Provider = Literal["openai", "bedrock", "anthropic", "azure", "google"]
Compliance = Literal["anthropic_safety", "sla", "soc2", "hipaa", "gdpr", "pci"]

# the workload an estimate runs on (a cost question names it without storing it as the plan)
WORKLOAD_FIELDS = ("daily_volume", "prompt_tokens", "completion_tokens", "tuned_prompt_tokens")


class Profile(BaseModel):
    """Accumulated over a conversation; later statements overwrite earlier ones."""

    task_kinds: list[TaskKind] = Field(
        default_factory=list, description="What kind of improvement is needed."
    )
    n_examples: int | None = Field(
        None, title="labelled examples", description="Labelled input/output examples on hand."
    )
    preference_pairs: int | None = Field(None, description="Human preference comparisons on hand.")
    teacher_outputs: bool | None = Field(
        None, description="Outputs from a stronger model the team is happy with."
    )
    data_may_leave: bool | None = Field(
        None,
        title="data may go to a hosted provider",
        description="May training data leave the team's own environment?",
    )
    providers_ok: list[Provider] = Field(
        default_factory=list, description="Hosted providers allowed to see data."
    )
    daily_volume: int | None = Field(None, title="requests a day", description="Requests per day.")
    prompt_tokens: int | None = Field(
        None, title="tokens in", description="Prompt tokens per request."
    )
    completion_tokens: int | None = Field(
        None, title="tokens out", description="Completion tokens per request."
    )
    tuned_prompt_tokens: int | None = Field(
        None, description="Prompt tokens a request needs once tuned (instructions in the weights)."
    )
    latency_target_ms: int | None = Field(
        None, title="latency target (ms)", description="Latency target (p95 where stated)."
    )
    compliance: list[Compliance] = Field(
        default_factory=list, description="Safety, SLA and compliance needs."
    )
    change_velocity: Literal["high", "low"] | None = Field(
        None, description="How often facts/policies change."
    )
    eval_ready: bool | None = Field(
        None, title="evaluation set", description="Is there an evaluation set or harness?"
    )
    tried_prompting: Tried | None = Field(
        None, title="prompting", description="How far prompting has been pushed."
    )
    prompting_score: float | None = Field(
        None, title="prompting score", description="Quality reached by prompting (0-1), if stated."
    )
    own_hardware: bool | None = Field(
        None, title="own GPUs", description="GPUs or a cluster on hand / self-hosting."
    )
    ml_skills: bool | None = Field(None, description="In-house ML engineering skills.")
    multi_tenant: bool | None = Field(
        None, description="Many customers/tenants each needing their own behaviour."
    )
    on_device: bool | None = Field(None, description="Must run offline / on device / at the edge.")
    sft_done: bool | None = Field(None, description="A supervised fine-tune already exists.")
    cost_pressure: bool | None = Field(None, description="Cutting cost is a stated goal.")
    monthly_budget_usd: float | None = Field(
        None,
        title="monthly budget (USD)",
        ge=0,
        description="Budget for running it, in US dollars per month.",
    )
    latency_pressure: bool | None = Field(None, description="Cutting latency is a stated goal.")
    uses_large_model: bool | None = Field(
        None, description="A large hosted model already does the task."
    )
    hallucination_issue: bool | None = Field(
        None, description="Ungrounded or outdated answers are the complaint."
    )
    structured_output: bool | None = Field(
        None,
        description="The format is already enforced by structured output (JSON mode, a "
        "response schema, tool calls or a grammar), not only asked for in words.",
    )
    wants_weight_change: bool | None = Field(
        None, description="The user is asking about fine-tuning."
    )
    narrow_task: bool | None = Field(None, description="The task is narrow and stable.")
    notes: list[str] = Field(
        default_factory=list, description="Changes noticed, e.g. a fact that was revised."
    )

    def known_facts(self) -> int:
        """How many deciding facts are known (all task kinds together count once)."""
        skip = {"notes", "wants_weight_change", "tuned_prompt_tokens"}
        return sum(1 for name, value in self if name not in skip and value not in (None, []))

    def merge(self, update: Profile) -> Profile:
        """Later facts win; list facts accumulate; a revised fact is noted."""
        data = self.model_dump()
        notes: list[str] = []
        for name, new in update:
            if name == "notes":
                continue
            old = data[name]
            if isinstance(new, list):
                data[name] = old + [v for v in new if v not in old]
            elif new is not None:
                if old is not None and old != new:
                    notes.append(
                        f"{_label(name)}: was {_plain(old)}, "
                        f"now {_plain(new)} (your latest message wins)"
                    )
                data[name] = new
        data["notes"] = notes
        return Profile.model_validate(data)


def _label(name: str) -> str:
    """A field's short name in a revision note (its title, else its name)."""
    return Profile.model_fields[name].title or name.replace("_", " ")


def _plain(value: object) -> str:
    """A fact's value in words: yes/no, 12,000, 65%."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and 0 < value <= 1:
        return f"{value:.0%}"
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    return str(value)
