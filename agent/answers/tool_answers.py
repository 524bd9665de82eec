"""What the offline model says about tool results: cost estimates, validation reports and
LoRA pre-flights, written from the tools' own output (every figure comes from a tool), and
how it phrases the call it is about to make."""

from __future__ import annotations

import re
from typing import Any

from tunewise.agent.decision.advisor import LABELS
from tunewise.agent.schema.profile import WORKLOAD_FIELDS
from tunewise.tools.lora_plan import PRESETS, LoraPlanInput, memory

DEFAULT_BASELINE = "gpt-4o"
DEFAULT_COMPARE = ["gpt-4o-mini", "ft:gpt-4o-mini", "self-hosted:A100-80GB"]
# when nothing may leave: in-house serving on cards that hold an 8B model with its adapter
IN_HOUSE = ["self-hosted:A10G-24GB", "self-hosted:L40S-48GB", "self-hosted:A100-80GB"]
# when the data may go to AWS but not to OpenAI: Claude on Bedrock as it is, the Bedrock
# fine-tunes (Claude 3 Haiku served by provisioned throughput, Nova on demand) and in-house
BEDROCK_HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
ON_BEDROCK = [f"ft:{BEDROCK_HAIKU}", "ft:amazon.nova-lite-v1:0", "self-hosted:A100-80GB"]


ASSUMED_WORKLOAD = {"daily_volume": 1_000, "prompt_tokens": 1_000, "completion_tokens": 300}
WORKLOAD_WORDS = dict(
    zip(
        WORKLOAD_FIELDS,
        ("requests a day", "tokens in", "tokens out", "prompt tokens once tuned"),
        strict=True,
    )
)


def cost_call(profile: dict[str, Any], model_ids: list[str]) -> dict:
    """Arguments for estimate_cost from the conversation's figures; a missing figure is
    assumed (cost_basis says which), never a dead end. Routes the user ruled out are left out."""
    work = {k: profile.get(k) or v for k, v in ASSUMED_WORKLOAD.items()}
    models = list(dict.fromkeys(model_ids))
    compare = models[1:] if len(models) > 1 else list(DEFAULT_COMPARE)
    baseline = models[0] if models else DEFAULT_BASELINE
    providers = set(profile.get("providers_ok") or [])
    aws_not_openai = "bedrock" in providers and "openai" not in providers
    if not models and profile.get("data_may_leave") and aws_not_openai:
        baseline, compare = BEDROCK_HAIKU, list(ON_BEDROCK)  # the routes on Bedrock
    if profile.get("data_may_leave") is False:
        # only routes that keep the data in: hosted APIs and hosted fine-tunes are out unless
        # named; the baseline is the smallest card that serves an 8B model with its adapter
        compare = [m for m in compare if m in models[1:] or m.startswith("self-hosted")]
        if not models:
            baseline, compare = IN_HOUSE[0], list(IN_HOUSE[1:])
    return {
        "queries_per_day": work["daily_volume"],
        "prompt_tokens": work["prompt_tokens"],
        "completion_tokens": work["completion_tokens"],
        "model": baseline,
        "compare": compare,
        **({"train_examples": profile["n_examples"]} if profile.get("n_examples") else {}),
        **(
            {"ft_prompt_tokens": profile["tuned_prompt_tokens"]}
            if profile.get("tuned_prompt_tokens")
            else {}
        ),
    }


def cost_why(profile: dict[str, Any], r: dict, primary: str | None) -> str:
    """Why the recommended route costs what it does, when it is served in-house."""
    provisioned = [o for o in r.get("options", []) if o["model"] == f"ft:{BEDROCK_HAIKU}"]
    if primary == "proprietary_finetune" and provisioned:
        o = provisioned[0]
        return (
            f"Why the recommended route costs what it does: a fine-tuned Claude on Bedrock is "
            f"served only on provisioned throughput, billed by the hour whatever the traffic "
            f"({money(o['monthly_cost'])} a month here), so it pays only at high, steady volume; "
            "below that, a Nova fine-tune served on demand or the base model with a good prompt "
            "costs a fraction."
        )
    rows = [o for o in r.get("options", []) if str(o["model"]).startswith("self-hosted")]
    if primary not in ("lora_open_weight", "full_finetune", "distillation") or not rows:
        return ""
    o = min(rows, key=lambda x: x["monthly_cost"])
    volume = profile.get("daily_volume")
    at = f"at {volume:,} requests a day " if volume else ""
    gpu = f"({money(o['monthly_cost'])} a month on {o['model'].split(':', 1)[1]})"
    hosted = [x["monthly_cost"] for x in r["options"] if x not in rows]
    if hosted and o["monthly_cost"] <= min(hosted):
        return (
            f"Why the recommended route costs what it does: in-house serving pays for GPUs kept "
            f"on all day {gpu} whatever the traffic; {at}they are kept busy, so it is the "
            "cheapest option here, and each request costs less as volume grows."
        )
    why = (
        "because your data may not leave your servers"
        if profile.get("data_may_leave") is False
        else "because a small model trained on the large model's answers keeps most of its quality"
        if primary == "distillation"
        else "because it keeps data and model in-house"
    )
    return (
        f"Why the recommended route costs what it does: in-house serving pays for a GPU kept "
        f"on all day {gpu} whatever the traffic, so {at}most of that is idle capacity and the "
        f"price per request falls as volume grows. It is recommended {why}, not because it "
        "is cheaper."
    )


def cost_basis(profile: dict[str, Any]) -> str:
    """One line: the figures the estimate used, which were yours and which were assumed."""
    given = [f"{profile[k]:,} {w}" for k, w in WORKLOAD_WORDS.items() if profile.get(k) is not None]
    assumed = [
        f"{v:,} {WORKLOAD_WORDS[k]}" for k, v in ASSUMED_WORKLOAD.items() if profile.get(k) is None
    ]
    line = "From your figures: " + ", ".join(given) + "." if given else ""
    if assumed:
        line += (" " if line else "") + (
            "Assumed (tell me yours and I will redo it): " + ", ".join(assumed) + "."
        )
    return line


def launch_call(text: str, path: str) -> dict:
    """Arguments for launch_training from the message: the file, and optionally
    'base model PATH' and 'for N steps'."""
    args: dict[str, Any] = {"dataset": path}
    base = re.search(r"\bbase(?: model)?\s+(?:is\s+|=\s*)?([^\s,;]+)", text, re.IGNORECASE)
    if base:
        args["base_model"] = base.group(1).rstrip(".")
    steps = re.search(r"\b(?:for|max)\s+(\d+)\s+steps?\b", text, re.IGNORECASE)
    if steps:
        args["max_steps"] = int(steps.group(1))
    return args


# a model's size as people write it ("the 7B model", "RWKV-13B", "qwen2.5-vl-7b"): exact
SIZE = re.compile(
    r"(?<![\w.])(?:[a-z][\w.]*-)+(\d{1,3}(?:\.\d)?)b\b"  # a name with its size
    r"|(?<![\w.])(\d{1,3}(?:\.\d)?)\s?b\s+(?:model|param|llm)",  # "the 7B model"
    re.IGNORECASE,
)


def lora_call(text: str, profile: dict[str, Any]) -> dict:
    """Arguments for plan_lora: the preset the message names; else the size it names (a
    Llama-shaped model of that size, under the name typed); else the default preset."""
    low = text.lower()
    bits = 4 if re.search(r"qlora|4[- ]?bit", low) else 8 if re.search(r"8[- ]?bit", low) else 16
    model = next((m for m in PRESETS if m in low), None)
    size = SIZE.search(text)
    args: dict[str, Any] = {"model": model or "llama-3.1-8b", "bits": bits}
    billions = float(size.group(1) or size.group(2)) if size else 0.0
    if model is None and size and 0.1 <= billions <= 500:
        named = size.group(0) if size.group(1) else f"a {size.group(2)}B model"
        args.update(model=named, params_b=billions)
    if profile.get("n_examples"):
        per = (profile.get("prompt_tokens") or 400) + (profile.get("completion_tokens") or 200)
        args["train_tokens"] = profile["n_examples"] * per
    return args


def money(x: float) -> str:
    return f"${x:,.2f}" if x >= 1 or x == 0 else f"${x:.4f}"


def budget_line(profile: dict, r: dict) -> str:
    """The user's monthly budget against each option's monthly running cost."""
    budget = profile.get("monthly_budget_usd")
    if budget is None or not r.get("options"):
        return ""
    fits = [o["model"] for o in r["options"] if o["monthly_cost"] <= budget]
    over = [o["model"] for o in r["options"] if o["monthly_cost"] > budget]
    line = f"Your budget: {money(budget)} a month. "
    line += f"Within it: {', '.join(fits)}." if fits else "No option here fits it."
    if over and fits:
        line += f" Over it: {', '.join(over)}."
    return line


def lora_summary(p: dict) -> list[str]:
    """Memory by part, the GPUs it fits and the time: the plan itself, without its notes."""
    m = p["memory"]
    fits = [g["gpu"] for g in p["gpus"] if g["fits"]]
    lines = [
        f"LoRA pre-flight for **{p['model']}** ({p['params_b']:g}B) at {p['bits']}-bit: about "
        f"**{m['total_gb']:g} GB** of GPU memory (weights {m['weights_gb']:g}, adapters and "
        f"optimizer {m['lora_gb']:g}, activations {m['activations_gb']:g}, logits "
        f"{m['logits_gb']:g}, overhead {m['overhead_gb']:g}).",
        f"Fits on: {', '.join(fits) if fits else 'none of the listed GPUs; try 4-bit (QLoRA)'}.",
    ]
    if p.get("hours") is not None:
        lines.append(
            f"Time on {p['recommended_gpu']}: about {_hours(p['hours'])} "
            f"({p['tokens_per_s']:,.0f} tokens/s); on this machine's CPU about "
            f"{_hours(p['cpu_hours'])}."
        )
    return lines


CARD = re.compile(r"(\d{1,3})\s*(?:GB|GiB|G\b)", re.I)


# routes that need no GPU of one's own, and why; a GPU question in their conversation gets this
# first, then what training an open model would take
NO_GPU = {
    "prompt_engineering": "the model runs at the provider (or on any inference endpoint you "
    "already use)",
    "rag": "the model runs at the provider, and the embeddings and search index of retrieval "
    "run on ordinary CPUs",
    "proprietary_finetune": "the provider trains and serves the tuned model",
    "build_evals_first": "building the evaluation set needs no training at all",
}


def no_gpu_line(primary: str | None, question: str, args: dict) -> str:
    """'Do we need a GPU?' where the recommended route trains nothing of one's own: no, and
    why; the plan below is for training an open model later. Empty when the route trains one,
    or the question names the model or size it is about."""
    if primary not in NO_GPU or args.get("params_b") or args["model"].lower() in question.lower():
        return ""
    return (
        f"Not for {LABELS[primary]}: {NO_GPU[primary]}. You would need one only to train or "
        f"serve an open-weight model yourself; for that, here is what a LoRA run of "
        f"{args['model']} takes."
    )


def card_fit(question: str) -> str:
    """'a single 24GB card': the largest preset that trains on it with LoRA and with QLoRA."""
    m = CARD.search(question)
    if not m:
        return ""
    gb = int(m.group(1))
    parts = []
    for bits, name in ((16, "16-bit LoRA"), (4, "QLoRA (4-bit)")):
        fits = [
            (arch.params_b, model, memory(LoraPlanInput(model=model, bits=bits), arch)[0])
            for model, arch in PRESETS.items()
        ]
        ok = [f for f in fits if f[2].total_gb <= gb]
        if ok:
            _, model, mem = max(ok, key=lambda f: f[0])
            parts.append(f"{name} fits up to **{model}** ({mem.total_gb:.1f} GB)")
        else:
            parts.append(f"{name} fits none of the presets")
    return f"On one {gb} GB card: " + "; ".join(parts) + "."


def _hours(h: float | None) -> str:
    if h is None:
        return "unknown"
    if h >= 1:
        return f"{h:,.1f} h"
    return f"{round(h * 60)} min" if h * 60 >= 1.5 else f"{max(1, round(h * 3600))} s"


def tool_error(name: str, content: str) -> str:
    msg = re.sub(r"^Error:\s*", "", content).strip()
    end = "" if msg.endswith((".", "!", "?")) else "."
    return f"The {name.replace('_', ' ')} tool could not run: {msg}{end}"


def synth_call(text: str, path: str) -> dict:
    """generate_synthetic_data arguments: the seeds file, the count, an explicit teacher and a
    task after 'for'/'to' when the message gives them."""
    args: dict[str, Any] = {"seeds_file": path}
    count = re.search(
        r"\b(\d[\d,]*)\s+(?:more |synthetic |training |new )*(?:examples|rows|samples)", text
    )
    if count:
        args["count"] = int(count.group(1).replace(",", ""))
    teacher = re.search(
        r"\b(smollm2|template|(?:openai|anthropic|bedrock|openai-compatible):[\w.:-]+)", text
    )
    if teacher:
        args["teacher"] = teacher.group(1)
    task = re.search(
        r"\b(?:for|to teach(?: it)?(?: to)?)\s+(.{8,300}?)[.?!]?$", text.split(path)[-1].strip()
    )
    if task:
        args["task"] = task.group(1)
    return args
