"""Writes answers from the advisor's output and retrieved passages (the offline model's voice).

Hosted models get the same material in their context and may word it better; the facts and the
ranking come from here either way.
"""

from __future__ import annotations

import re

from agent.advisor import LABELS, Recommendation
from agent.clarify import Question
from agent.profile import Profile

OPTION_TEXT = {
    "prompt": (
        "Prompt engineering",
        "Start here: a structured system prompt with 3-5 few-shot examples often reaches 90% or more of "
        "fine-tuned quality for style and format, changes in minutes and needs no retraining. Prerequisites: a few curated examples, "
        "an evaluation set of real cases, and about two weeks of measured iteration; if consistency reaches about 90%, stop there.",
    ),
    "claude": (
        "Fine-tuning Claude on AWS Bedrock",
        "Choose it when prompting has hit a measured ceiling and you need Anthropic's safety training "
        "and enterprise SLAs (SOC 2, HIPAA eligibility). Prerequisites: permission for data to go to AWS, 200-500 on-brand examples "
        "or more (500-1,000 for reliable gains), per-token training and inference cost, and a current availability check: "
        "Claude 3 Haiku is the only fine-tunable Claude and its Bedrock end of life was announced for 2026-09-10 (as of 2026-11, verify).",
    ),
    "openai": (
        "Fine-tuning an OpenAI model",
        "A hosted route with distillation support (GPT-4o outputs into GPT-4o-mini). Prerequisites: data may "
        "go to OpenAI, 100+ examples in chat JSONL, an evaluation set, and a timeline that fits before new fine-tuning jobs close on "
        "2027-01-06 (as of 2026-11, verify).",
    ),
    "llama": (
        "LoRA on an open-weight model (Llama 4, Phi-4, Mistral)",
        "Choose it when data privacy is the primary constraint: data and "
        "model never leave your environment, and LoRA on Phi-4 (14B) runs on a single A100 in hours. Prerequisites: 500-1,000 clean "
        "examples for reliable gains, GPUs (about 2 GB per billion parameters at 16-bit, 0.5 GB at 4-bit), ML skills to serve and "
        "monitor it, and accepting the loss of Anthropic's safety training and SLAs.",
    ),
    "rag": (
        "Retrieval (RAG)",
        "Use it when the problem is facts or fast-changing information: retrieve sections at question time instead "
        "of training facts into weights. Prerequisites: clean source documents, a reranker, and a grounding check that keeps "
        "hallucination under about 3-5%.",
    ),
}
SHORT_TEXT = {
    "prompt": "Try it first: a system prompt with 3-5 few-shot examples often reaches 90% of fine-tuned quality. Prerequisites: an evaluation set and two weeks of measured iteration.",
    "claude": "For Anthropic's safety and SLAs. Prerequisites: data may go to AWS, 200-500+ examples, per-token cost, availability check (Haiku end of life 2026-09-10; verify).",
    "openai": "Prerequisites: data may go to OpenAI, 100+ examples, an evaluation set, and a run before new jobs close on 2027-01-06 (verify).",
    "llama": "When privacy leads: data never leaves your environment. Prerequisites: 500-1,000 clean examples, GPUs (~2 GB per billion parameters, 0.5 GB at 4-bit) and ML skills.",
    "rag": "For facts that change. Prerequisites: clean documents and hallucination under 3-5%.",
}
EXTRA_FACTS = [
    "Data quality matters far more than quantity: spend about 80% of the effort on curating data and 20% on training.",
    "Thresholds are rough: about 50 examples to see any gain, 100 or more as a working minimum, 500-1,000 for reliable improvement.",
    "Whichever route wins, version prompts, adapters and datasets together, canary new weights and keep a rollback path.",
    "Monitor P50 and P95 latency, token cost and refusal rates before and after any change.",
    "If you cannot evaluate it, you cannot ship it: build the test harness before touching weights.",
]


def _cite(c: dict) -> str:
    return f"[{c['doc']} > {c['section']}]"


def advice_answer(rec: Recommendation, profile: Profile, passages: list[dict]) -> str:
    top = rec.ranked[0]
    runner = rec.ranked[1]
    lines = []
    if profile.notes:
        lines += [f"Noted: {n}." for n in profile.notes] + [""]
    head = f"**Recommendation: {LABELS[top.approach]}**"
    if rec.provider:
        head += f" (provider: {'OpenAI' if rec.provider == 'openai' else 'Claude on AWS Bedrock'})"
    lines += [head, "", "Why, from what you told me:"]
    lines += [f"- {r}" for r in top.reasons[-4:][::-1]]
    if runner.score > 0:
        why = runner.reasons[-1] if runner.reasons else "the next best fit"
        lines += ["", f"Runner-up: {LABELS[runner.approach]}, because {why}."]
    lines += ["", "Before you start:"] + [f"- {p}" for p in rec.prerequisites]
    if rec.caveats:
        lines += ["", "Caveat: " + " ".join(rec.caveats)]
    if rec.what_would_change:
        lines += ["", "What would change this:"] + [f"- {w}" for w in rec.what_would_change]
    sources = rec.citations[:2] if rec.citations else []
    if sources:
        lines += ["", "From the knowledge base:"] + [
            f'- "{c.quote}" {_cite(c.model_dump())}' for c in sources
        ]
    return "\n".join(lines)


def clarify_answer(questions: list[Question], leaning: Recommendation | None) -> str:
    lines = ["Before I recommend anything, a few quick questions (they decide the answer):"]
    lines += [f"{i}. {q.text}" for i, q in enumerate(questions, 1)]
    if leaning and leaning.primary:
        lines += [
            "",
            f"Provisional leaning: {LABELS[leaning.primary]}, since prompting is the cheapest place to start; "
            "your answers may change that.",
        ]
    return "\n".join(lines)


def draft_answer(question: str, words: int, passages: list[dict]) -> str:
    """A draft of `words` (+-10%) covering the options the question names, with prerequisites."""
    q = question.lower()
    keys = [
        k
        for k, pat in (
            ("prompt", r"prompt"),
            ("claude", r"claude|bedrock|anthropic"),
            ("openai", r"openai|gpt"),
            ("llama", r"llama|open[- ]weight|lora|mistral|phi"),
            ("rag", r"\brag\b|retriev"),
        )
        if re.search(pat, q)
    ]
    if not keys:
        keys = ["prompt", "claude", "llama"]
    if "prompt" not in keys:
        keys.insert(0, "prompt")
    intro = "Short answer: start with prompt engineering, then pick a fine-tuning route by your primary constraint."
    closing = (
        "My recommendation: prompt first, because it is enough most of the time; if a measured ceiling remains, choose "
        "Bedrock when safety and compliance lead, and an open-weight LoRA when data privacy leads."
    )
    if words < 160:
        intro, closing = (
            "Prompt first, then choose by your main constraint.",
            "Recommendation: prompt first; fine-tune only past a measured ceiling.",
        )
    extras = [s for f in EXTRA_FACTS for s in _sentences(f)]
    long = " ".join([intro] + [f"{OPTION_TEXT[k][0]}: {OPTION_TEXT[k][1]}" for k in keys])
    short = " ".join([intro] + [f"{OPTION_TEXT[k][0]}: {SHORT_TEXT[k]}" for k in keys])
    body = long if _count(long + " " + closing) <= words * 1.1 else short
    return _fit(_sentences(body), extras, closing, words)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text) if s.strip()]


def _count(text: str) -> int:
    return len(text.split())


def _fit(sentences: list[str], extras: list[str], closing: str, target: int) -> str:
    lo, hi = int(target * 0.9), int(target * 1.1)
    chosen = list(sentences)
    while extras and _count(" ".join(chosen + [closing])) < lo:
        chosen.append(extras.pop(0))
    # Very short targets: drop sentences that carry neither an option name nor a prerequisite.
    while _count(" ".join(chosen + [closing])) > hi:
        droppable = [
            i for i, s in enumerate(chosen) if "Prerequisite" not in s and ":" not in s[:60]
        ]
        if not droppable:
            break
        chosen.pop(droppable[-1])
    return " ".join(chosen + [closing])


def passages_answer(intro: str, passages: list[dict]) -> str:
    lines = [intro, ""]
    for p in passages[:3]:
        body = re.sub(r"^#+ .*\n", "", p["text"]).strip()
        lines.append(f"{body[:600]} {_cite(p)}")
        lines.append("")
    return "\n".join(lines).strip()


NOT_YET = {
    "generate_data": "To generate synthetic data, name a seeds file in the target format, e.g. *generate 200 examples from data/seeds.jsonl* (offline template mode; add *with smollm2* or *with openai:gpt-4o-mini* for a model teacher). From the knowledge base:",
    "train": "To launch a LoRA run, name the training file (e.g. *kick off a LoRA run on data.jsonl*); I validate it, show the plan and wait for your explicit yes. From the knowledge base:",
}
