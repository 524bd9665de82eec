"""Training targets: which dataset shape each accepts, its limits, and severities.

Limits are as of the lifecycle table's check date (see knowledge/docs/provider-data-formats.md) and must be checked
against the provider's documentation before a job is launched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tunewise.tools.validate.codes import CODES, Severity

OPENAI_MSG_KEYS = frozenset(
    {"role", "content", "name", "tool_calls", "tool_call_id", "function_call", "weight", "refusal"}
)


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    shapes: frozenset[str]
    top_keys: frozenset[str]
    roles: frozenset[str] = frozenset({"system", "user", "assistant"})
    msg_keys: frozenset[str] = frozenset({"role", "content"})
    alternate: bool = False  # strict user/assistant alternation, user first, assistant last
    max_tokens: int | None = None
    hard_min_examples: int = 1
    max_examples: int | None = None
    max_file_bytes: int | None = None
    cl100k_exact: bool = False  # is cl100k_base this target's own tokenizer?
    price_model: str | None = None  # catalogue id of the training price
    severities: dict[str, Severity] = field(default_factory=dict)
    top_key_severity: Severity = "error"
    source: str = ""  # where the rules come from: the provider's documentation or validator

    def severity(self, code: str) -> Severity:
        return self.severities.get(code, CODES[code][0])


_OPENAI = dict(
    roles=frozenset({"system", "user", "assistant", "tool", "function"}),
    msg_keys=OPENAI_MSG_KEYS,
    max_tokens=65_536,
    hard_min_examples=10,
    max_file_bytes=512 * 1024 * 1024,
    price_model="gpt-4o-mini-2024-07-18",
    # OpenAI accepts these and truncates long examples; they still deserve a look.
    severities={"role_order": "warning", "too_long": "warning"},
    top_key_severity="warning",
    source="",
)
_TRL = dict(
    # chat templates of current models render a `developer` turn as a system one
    roles=frozenset({"system", "developer", "user", "assistant", "tool"}),
    msg_keys=OPENAI_MSG_KEYS,
    max_tokens=2048,
    severities={
        "role_order": "warning",
        "too_long": "warning",
        "blank_line": "warning",
        "unknown_key": "warning",
    },
    top_key_severity="warning",
    source="https://huggingface.co/docs/trl/dataset_formats (TRL dataset formats and types)",
)
OPENAI_SOURCE = (
    "https://platform.openai.com/docs/guides/supervised-fine-tuning and the OpenAI cookbook's "
    "'Data preparation and analysis for chat model fine-tuning' checker"
)
BEDROCK_SOURCE = (
    "https://docs.aws.amazon.com/bedrock/latest/userguide/model-customization-prepare.html; "
    "row limits: Amazon Bedrock quotas, 'Sum of training and validation records' (default, "
    "adjustable in Service Quotas)"
)
NOVA_SOURCE = (
    "https://docs.aws.amazon.com/nova/latest/userguide/fine-tune-prepare-data-understanding.html"
    " (schemaVersion any string, reserved words, roles) and nova-2-sft-data-prep (tools, "
    "reasoning); row limits: Amazon Bedrock quotas (default, adjustable)"
)

TARGETS: dict[str, Target] = {
    t.name: t
    for t in [
        Target(
            "openai_chat",
            "OpenAI chat fine-tuning",
            frozenset({"chat"}),
            frozenset({"messages", "tools", "parallel_tool_calls", "functions"}),
            **{**_OPENAI, "source": OPENAI_SOURCE},
        ),
        Target(
            "openai_dpo",
            "OpenAI preference (DPO) fine-tuning",
            frozenset({"dpo"}),
            frozenset({"input", "preferred_output", "non_preferred_output"}),
            **{
                **_OPENAI,
                "top_key_severity": "error",
                "source": "https://platform.openai.com/docs/guides/direct-preference-optimization",
            },
        ),
        Target(
            "bedrock_haiku",
            "Bedrock Claude 3 Haiku fine-tuning",
            frozenset({"chat", "haiku"}),
            frozenset({"system", "messages"}),
            roles=frozenset({"user", "assistant"}),
            alternate=True,
            max_tokens=32_000,
            max_examples=10_000,
            price_model="anthropic.claude-3-haiku-20240307-v1:0",
            source=BEDROCK_SOURCE,
        ),
        Target(
            "bedrock_llama",
            "Bedrock Meta Llama prompt/completion fine-tuning",
            frozenset({"prompt_completion"}),
            frozenset({"prompt", "completion"}),
            max_examples=10_000,
            price_model="meta.llama3-1-8b-instruct-v1:0",
            source=BEDROCK_SOURCE,
        ),
        Target(
            "bedrock_converse",
            "Bedrock Converse-format fine-tuning (Llama 3.x, Nova)",
            frozenset({"converse"}),
            frozenset({"schemaVersion", "system", "messages", "toolConfig"}),
            roles=frozenset({"user", "assistant"}),
            alternate=True,
            max_examples=10_000,
            source=BEDROCK_SOURCE,
        ),
        Target(
            "bedrock_nova",
            "Bedrock Amazon Nova fine-tuning",
            frozenset({"converse"}),
            frozenset({"schemaVersion", "system", "messages", "toolConfig"}),
            roles=frozenset({"user", "assistant"}),
            alternate=True,
            max_examples=20_000,
            hard_min_examples=8,
            price_model="amazon.nova-micro-v1:0",
            source=NOVA_SOURCE,
        ),
        Target(
            "trl_messages",
            "TRL conversational (messages)",
            frozenset({"chat"}),
            frozenset({"messages", "tools"}),
            **_TRL,
        ),
        Target(
            "trl_prompt_completion",
            "TRL prompt/completion",
            frozenset({"prompt_completion"}),
            frozenset({"prompt", "completion"}),
            **_TRL,
        ),
        Target(
            "trl_preference",
            "TRL preference (prompt/chosen/rejected, for DPO)",
            frozenset({"preference"}),
            frozenset({"prompt", "chosen", "rejected"}),
            **_TRL,
        ),
        Target(
            "trl_text",
            "TRL language modelling (text)",
            frozenset({"text"}),
            frozenset({"text"}),
            **_TRL,
        ),
        Target(
            "alpaca",
            "Alpaca instruction/input/output (TRL)",
            frozenset({"alpaca"}),
            frozenset({"instruction", "input", "output", "system", "history"}),
            **{
                **_TRL,
                "source": "https://github.com/hiyouga/LLaMA-Factory/blob/main/data/README.md "
                "(alpaca format: instruction, input, output, optional system and history)",
            },
        ),
    ]
}

SHAPE_DEFAULT = {
    "chat": "openai_chat",
    "haiku": "bedrock_haiku",
    "converse": "bedrock_converse",
    "dpo": "openai_dpo",
    "prompt_completion": "trl_prompt_completion",
    "alpaca": "alpaca",
    "preference": "trl_preference",
    "text": "trl_text",
}

# OpenAI per-example context by base model (tokens).
OPENAI_CONTEXT = {"gpt-3.5-turbo": 16_385, "gpt-3.5-turbo-0125": 16_385}


def detect_shape(obj: object) -> str | None:
    """The dataset shape of one parsed line, or None when it has none of the known ones."""
    if not isinstance(obj, dict):
        return None
    msgs = obj.get("messages")
    if msgs is not None:
        if "schemaVersion" in obj or isinstance(obj.get("system"), list):
            return "converse"
        if isinstance(msgs, list) and msgs and isinstance(msgs[0], dict):
            if isinstance(msgs[0].get("content"), list) and any(
                isinstance(p, dict) and "text" in p and "type" not in p for p in msgs[0]["content"]
            ):
                return "converse"
        if isinstance(obj.get("system"), str):
            return "haiku"
        return "chat"
    if "preferred_output" in obj or "non_preferred_output" in obj:
        return "dpo"
    if "prompt" in obj and "completion" in obj:
        return "prompt_completion"
    if "instruction" in obj and "output" in obj:
        return "alpaca"
    if "chosen" in obj and "rejected" in obj:
        return "preference"
    if isinstance(obj.get("text"), str) and obj.keys() <= {
        "text",
        "id",
        "source",
        "meta",
        "metadata",
    }:
        return "text"
    return None
