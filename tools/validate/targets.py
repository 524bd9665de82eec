"""Training targets: which dataset shape each accepts, its limits, and severities.

Limits are as of the lifecycle table's check date (see knowledge/docs/provider-data-formats.md) and must be checked
against the provider's documentation before a job is launched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tunewise.tools.validate.codes import CODES, Severity

# ShareGPT speakers (FastChat writes human/gpt; LLaMA-Factory adds function_call and
# observation for tool use) and the chat role each stands for.
SHAREGPT_FROM = {
    "system": "system",
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "chatgpt": "assistant",
    "bing": "assistant",
    "bard": "assistant",
    "function_call": "assistant",
    "observation": "tool",
    "tool": "tool",
}
SHAREGPT_ROLES = frozenset(SHAREGPT_FROM)

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
    bom: Severity = "warning"  # a UTF-8 byte-order mark: AWS's validators reject the file
    needs_assistant: bool = True  # distillation prompts carry no reply
    vision_models: tuple[str, ...] = ()  # base models that train on images (ids, prefixes)

    def severity(self, code: str) -> Severity:
        return self.severities.get(code, CODES[code][0])


_OPENAI = dict(
    roles=frozenset({"system", "user", "assistant", "tool", "function"}),
    msg_keys=OPENAI_MSG_KEYS,
    max_tokens=65_536,
    hard_min_examples=10,
    max_file_bytes=512 * 1024 * 1024,
    price_model="gpt-4o-mini-2024-07-18",
    # OpenAI's vision fine-tuning takes gpt-4o (2024-08-06); Azure's also gpt-4.1 (2025-04-14)
    vision_models=("gpt-4o-2024-08-06", "gpt-4.1-2025-04-14"),
    # OpenAI accepts these and truncates long examples; they still deserve a look.
    severities={"role_order": "warning", "too_long": "warning"},
    top_key_severity="warning",
    source="",
)
# TRL's SFTConfig, DPOConfig and KTOConfig all default to max_length=1024 (trl 0.2x-1.x).
TRL_MAX_LENGTH = 1024
_TRL = dict(
    # chat templates of current models render a `developer` turn as a system one
    roles=frozenset({"system", "developer", "user", "assistant", "tool"}),
    msg_keys=OPENAI_MSG_KEYS,
    max_tokens=TRL_MAX_LENGTH,
    severities={
        "role_order": "warning",
        "too_long": "warning",
        "blank_line": "warning",
        "unknown_key": "warning",
    },
    top_key_severity="warning",
    vision_models=("*",),  # TRL trains vision-language models from an `images` column
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
            bom="error",
            source=BEDROCK_SOURCE,
        ),
        Target(
            "bedrock_llama",
            "Bedrock Meta Llama prompt/completion fine-tuning",
            frozenset({"prompt_completion"}),
            frozenset({"prompt", "completion"}),
            max_examples=10_000,
            price_model="meta.llama3-1-8b-instruct-v1:0",
            bom="error",
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
            bom="error",
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
            # Nova Lite and Pro train on images; Micro is text only
            vision_models=("amazon.nova-lite", "amazon.nova-pro", "nova-lite", "nova-pro"),
            bom="error",
            source=NOVA_SOURCE,
        ),
        Target(
            "trl_messages",
            "TRL conversational (messages)",
            frozenset({"chat"}),
            # `label`: an unpaired-preference (KTO) row, as LLaMA-Factory writes them
            frozenset({"messages", "tools", "images", "label"}),
            **_TRL,
        ),
        Target(
            "trl_prompt_completion",
            "TRL prompt/completion",
            frozenset({"prompt_completion"}),
            # `label` makes it TRL's unpaired preference format (KTO)
            frozenset({"prompt", "completion", "label", "tools", "images"}),
            **_TRL,
        ),
        Target(
            "trl_preference",
            "TRL preference (prompt/chosen/rejected, for DPO)",
            frozenset({"preference"}),
            frozenset({"prompt", "chosen", "rejected", "tools", "images"}),
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
            "Alpaca instruction/input/output (LLaMA-Factory, Axolotl; TRL needs "
            "--fix --to trl_prompt_completion)",
            frozenset({"alpaca"}),
            frozenset({"instruction", "input", "output", "system", "history"}),
            **{
                **_TRL,
                "max_tokens": 2048,  # LLaMA-Factory's default cutoff_len
                "source": "https://github.com/hiyouga/LLaMA-Factory/blob/main/data/README.md "
                "(alpaca format: instruction, input, output, optional system and history)",
            },
        ),
        Target(
            "bedrock_distillation",
            "Bedrock model distillation prompts (Converse records, reply optional)",
            frozenset({"converse"}),
            frozenset({"schemaVersion", "system", "messages", "toolConfig"}),
            roles=frozenset({"user", "assistant"}),
            max_examples=15_000,
            hard_min_examples=100,
            needs_assistant=False,
            bom="error",
            source="https://docs.aws.amazon.com/bedrock/latest/userguide/"
            "distillation-data-prep-option-1.html (user role required, assistant optional; "
            "at least 100 prompts)",
        ),
        Target(
            "sharegpt",
            "ShareGPT conversations (FastChat, LLaMA-Factory)",
            frozenset({"sharegpt"}),
            frozenset(
                {
                    "conversations",
                    "system",
                    "tools",
                    "id",
                    "images",
                    "chosen",
                    "rejected",
                    "kto_tag",
                }
            ),
            **{
                **_TRL,
                "roles": SHAREGPT_ROLES,
                "max_tokens": 2048,  # LLaMA-Factory's default cutoff_len
                "source": "https://github.com/hiyouga/LLaMA-Factory/blob/main/data/README.md "
                "(sharegpt format: conversations of from/value, system, tools) and FastChat's "
                "data/dummy_conversation.json",
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
    "sharegpt": "sharegpt",
}

# OpenAI per-example context by base model (tokens).
OPENAI_CONTEXT = {"gpt-3.5-turbo": 16_385, "gpt-3.5-turbo-0125": 16_385}


def trl_tool_style(obj: dict) -> bool:
    """True for TRL's documented tool-calling rows: arguments as objects, or tool replies
    named by `name` instead of a `tool_call_id` (OpenAI wants a JSON string and an id)."""
    msgs = obj.get("messages")
    if not isinstance(msgs, list):
        return False
    for m in msgs:
        if not isinstance(m, dict):
            continue
        for c in m.get("tool_calls") or []:
            if isinstance(c, dict) and isinstance((c.get("function") or {}).get("arguments"), dict):
                return True
        if m.get("role") == "tool" and "name" in m and "tool_call_id" not in m:
            return True
    return False


def has_reply(obj: dict) -> bool:
    msgs = obj.get("messages")
    return isinstance(msgs, list) and any(
        isinstance(m, dict) and m.get("role") == "assistant" for m in msgs
    )


def detect_shape(obj: object) -> str | None:
    """The dataset shape of one parsed line, or None when it has none of the known ones."""
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("conversations"), list) and "messages" not in obj:
        return "sharegpt"
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


def describe_formats() -> list[dict[str, str]]:
    """Each target format, its limits and where its rules come from."""

    out = []
    for t in TARGETS.values():
        limits = []
        if t.max_tokens:
            limits.append(f"{t.max_tokens:,} tokens an example")
        if t.max_examples:
            limits.append(f"at most {t.max_examples:,} rows")
        if t.hard_min_examples > 1:
            limits.append(f"at least {t.hard_min_examples} rows")
        out.append(
            {"format": t.name, "label": t.label, "limits": "; ".join(limits), "source": t.source}
        )
    return out
