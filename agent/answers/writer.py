"""Writes answers from the advisor's output and retrieved passages (the offline model's voice).

Hosted models get the same material in their context and may word it better; the facts and the
ranking come from here either way.
"""

from __future__ import annotations

import re

from tunewise.agent.decision.advisor import BESIDE_RETRIEVAL, LABELS, Recommendation
from tunewise.agent.decision.clarify import Question
from tunewise.agent.schema.facts import TASK_WORDS, listed
from tunewise.agent.schema.profile import Profile
from tunewise.knowledge.quoting import attribution


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
    lines += [head]
    past = [c for c in rec.caveats if "already past" in c]
    if past:  # a route past its announced end is never recommended without saying so
        lines += ["", "**Check first:** " + " ".join(past)]
    lines += ["", "Why, from what you told me:"]
    lines += [f"- {r}" for r in top.reasons[-4:][::-1]]
    beside = beside_line(rec, profile)
    if beside:
        lines += ["", beside]
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


def beside_line(rec: Recommendation, profile: Profile) -> str:
    """The route for the half of the case the primary does not serve ("answer from the docs,
    in our tone"), when the advisor names one."""
    if not rec.also:
        return ""
    facts = rec.also.approach == "rag"
    kinds = ["knowledge"] if facts else [k for k in profile.task_kinds if k in BESIDE_RETRIEVAL]
    why = " and ".join(rec.also.reasons[-2:]) or "it is the cheapest start"
    return (
        f"Beside it, for {listed([TASK_WORDS[k] for k in kinds])}: "
        f"{LABELS[rec.also.approach]}, because {why}. Retrieval supplies the facts, not how "
        "the answers are written; the two combine."
    )


def clarify_answer(questions: list[Question], leaning: Recommendation | None) -> str:
    lines = ["Before I recommend anything, a few quick questions (they decide the answer):"]
    lines += [f"{i}. {q.text}" for i, q in enumerate(questions, 1)]
    if leaning and leaning.primary:
        lines += [
            "",
            f"Provisional leaning: {LABELS[leaning.primary]}, because "
            f"{leaning.ranked[0].reasons[-1] if leaning.ranked[0].reasons else 'it is the cheapest start'}; "
            "your answers may change that.",
        ]
    return "\n".join(lines)


def passages_answer(intro: str, passages: list[dict]) -> str:
    """Passages quoted as sources (blockquotes with where they came from), never restated in
    the assistant's voice."""
    lines = [intro, ""]
    for p in passages[:3]:
        lines += quoted(p) + [""]
    return "\n".join(lines).strip()


def quoted(p: dict, max_chars: int = 600) -> list[str]:
    body = re.sub(r"^#+ .*\n", "", p["text"]).strip()[:max_chars]
    return [f"From {attribution(p)}:"] + [
        f"> {line}" if line else ">" for line in body.splitlines()
    ]


NOT_YET = {
    "generate_data": "To generate synthetic data, name a seeds file in the target format, e.g. *generate 200 examples from data/seeds.jsonl* (offline template mode; add *with smollm2* or *with openai:gpt-4o-mini* for a model teacher). From the knowledge base:",
    "train": "To launch a LoRA run, name the training file (e.g. *kick off a LoRA run on data.jsonl*); I validate it, show the plan and wait for your explicit yes. From the knowledge base:",
}
