"""The advisor: profile in, ranked approaches with reasons, prerequisites and citations out.

Deterministic and model-independent, so every back end gives the same advice. Scores are sums of
evidence weights; each weight that fires adds a reason in the user's own terms. The framework is
the knowledge base's: prompting first; retrieval for knowledge and changing facts; LoRA when data
cannot leave, for style at volume and per-tenant adapters; hosted fine-tuning when safety/SLA
matter and data may leave; full fine-tuning for new capabilities with rich data and evals;
distillation for cost/latency at volume with a teacher; preference tuning with preference data
and mature evals; and evaluation first when a weight change is wanted but nothing can measure it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.agent.schema.facts import COMPLIANCE_WORDS, PROVIDER_NAMES
from tunewise.agent.schema.profile import Profile
from tunewise.core.lifecycle import load_lifecycle
from tunewise.knowledge.sections import quote
from tunewise.tools.prices import load_catalogue

Approach = Literal[
    "prompt_engineering",
    "rag",
    "lora_open_weight",
    "proprietary_finetune",
    "full_finetune",
    "distillation",
    "preference_tuning",
    "build_evals_first",
]
APPROACHES: tuple[Approach, ...] = Approach.__args__  # type: ignore[attr-defined]
# what the model does, not what it knows: taught by prompts or examples, never by retrieval
BEHAVIOUR = frozenset({"format", "style", "domain_vocab", "reasoning", "extraction"})
# the behaviours a route beside retrieval serves (domain terms: retrieval of domain documents
# is the first fix for those)
BESIDE_RETRIEVAL = BEHAVIOUR - {"domain_vocab"}
WEIGHT_CHANGING = {
    "lora_open_weight",
    "proprietary_finetune",
    "full_finetune",
    "distillation",
    "preference_tuning",
}
LABELS = {
    "prompt_engineering": "Prompt engineering",
    "rag": "Retrieval (RAG)",
    "lora_open_weight": "LoRA on an open-weight model",
    "proprietary_finetune": "Hosted fine-tuning",
    "full_finetune": "Full fine-tuning",
    "distillation": "Distillation",
    "preference_tuning": "Preference tuning (DPO/RLHF)",
    "build_evals_first": "Build evaluation first",
}
CITES: dict[str, list[tuple[str, str]]] = {
    "prompt_engineering": [
        ("decision-framework", "Prompting is the default starting point"),
        ("prompt-engineering-techniques", "A structured system prompt"),
    ],
    "rag": [
        ("rag-retrieval", "Weights teach behaviour, retrieval supplies facts"),
        ("rag-retrieval", "The hallucination threshold"),
    ],
    "lora_open_weight": [
        ("lora-peft", "When LoRA is the right tool"),
        ("bedrock-vs-open-weight", "Choose an open-weight model with LoRA when"),
    ],
    "proprietary_finetune": [
        ("bedrock-vs-open-weight", "Choose the hosted Claude route when"),
        ("provider-lifecycle", "What this means for advice"),
    ],
    "full_finetune": [
        ("full-finetune", "When it is justified"),
        ("constraints-and-levels", "Level 2: full fine-tuning"),
    ],
    "distillation": [
        ("distillation", "When to choose it"),
        ("cost-scenario-high-volume", "Lessons"),
    ],
    "preference_tuning": [
        ("preference-tuning-rlhf-dpo", "Prerequisites"),
        ("cost-benefit-matrix", "The matrix"),
    ],
    "build_evals_first": [
        ("evaluation-base-vs-tuned", "No evaluation, no fine-tune"),
        ("constraints-and-levels", "The four-step checklist to run with a team"),
    ],
}


def lifecycle_caveats(provider: str | None, today: dt.date | None = None) -> list[str]:
    """The dated lifecycle sentences for a hosted fine-tuning route (both providers when none
    is chosen): events about fine-tuning jobs, and model events only for models that route can
    tune (a retired chat-only model, e.g. GPT-4.5 Preview, says nothing about fine-tuning)."""
    table = load_lifecycle()
    entries = table.for_provider(provider) if provider else table.entries
    tunable = _tunable_models()
    return [
        e.sentence(today)
        for e in entries
        if e.scope == "fine_tuning" or any(e.applies_to(m) for m in tunable)
    ]


@lru_cache(maxsize=1)
def _tunable_models() -> tuple[str, ...]:
    """Every model id (and alias) the price catalogue lists as fine-tunable."""

    return tuple(name for e in load_catalogue().data.fine_tuning for name in (e.id, *e.aliases))


class Citation(BaseModel):
    doc: str
    section: str
    quote: str


class RankedApproach(BaseModel):
    approach: Approach
    score: float
    reasons: list[str] = Field(default_factory=list)
    against: list[str] = Field(default_factory=list, description="evidence that counted against it")


class Recommendation(BaseModel):
    primary: Approach | None = Field(
        description="Null while deciding facts are still being asked for."
    )
    provider: Literal["openai", "bedrock"] | None = None
    ranked: list[RankedApproach]
    also: RankedApproach | None = Field(
        None,
        description="The case needs facts and a behaviour (a voice, a format) and the primary "
        "serves one: the route for the other, used beside it.",
    )
    prerequisites: list[str] = Field(default_factory=list)
    what_would_change: list[str] = Field(default_factory=list)
    caveats: list[str] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)


def _score(p: Profile) -> dict[str, RankedApproach]:
    s = {a: RankedApproach(approach=a, score=0.0) for a in APPROACHES}

    def add(a: str, w: float, reason: str) -> None:
        s[a].score += w
        if w > 0:
            s[a].reasons.append(reason)
        elif reason:
            s[a].against.append(reason)

    kinds, n, vol = set(p.task_kinds), p.n_examples, p.daily_volume
    tried, plateau = p.tried_prompting in ("none", "little"), p.tried_prompting == "plateaued"
    add(
        "prompt_engineering",
        1.0,
        "prompting is the cheapest, fastest and most maintainable starting point",
    )
    if tried:
        add(
            "prompt_engineering",
            2.0,
            "prompting has not been pushed yet; fine-tune only once it hits a measured ceiling",
        )
    if plateau:
        add(
            "prompt_engineering",
            -2.0,
            "prompting has already plateaued"
            + (f" at about {p.prompting_score:.0%}" if p.prompting_score else ""),
        )
        for a in ("lora_open_weight", "proprietary_finetune"):
            add(
                a,
                1.0,
                "prompting has plateaued"
                + (f" at about {p.prompting_score:.0%}" if p.prompting_score else ""),
            )
    if n is not None and n < 50:
        add(
            "prompt_engineering",
            1.5,
            f"{n} examples is below the ~50 needed to see any gain from training; use them as few-shot examples",
        )
        for a in ("lora_open_weight", "proprietary_finetune", "full_finetune"):
            add(a, -3.0, f"{n} examples is too few to train on (about 50 is the floor)")
    small_volume = vol is not None and vol < 2000
    if small_volume and (p.cost_pressure or p.wants_weight_change):
        add(
            "prompt_engineering",
            2.0,
            f"at {vol:,} requests a day a tuned model cannot repay its data, training and upkeep costs",
        )
        for a in ("lora_open_weight", "proprietary_finetune", "distillation"):
            add(a, -2.0, f"at {vol:,} requests a day training and upkeep would not pay back")
    if kinds & {"format", "extraction"} and not plateau:
        add(
            "prompt_engineering",
            1.5,
            "a fixed output format is solved by structured output (JSON mode, tool schemas) plus validation",
        )
    elif plateau and kinds and kinds <= {"format", "extraction"} and not p.structured_output:
        # the plateau was reached by asking for the format in words: structured output
        # enforces it, and is the step before training on examples
        add(
            "prompt_engineering",
            3.0,
            "the format has been asked for in words, not enforced: structured output (JSON "
            "mode, a response schema, tool calls) makes the model keep it; train only if that "
            "still fails",
        )
    if "reasoning" in kinds and not plateau:
        add(
            "prompt_engineering",
            1.5,
            "skipped reasoning steps are usually fixed with explicit step-by-step prompting",
        )
    if "style" in kinds and not plateau and not p.multi_tenant:
        add(
            "prompt_engineering",
            1.0,
            "a system prompt with 3-5 examples of the voice gets most of the way for most brands",
        )
    if plateau and kinds & BEHAVIOUR:
        for a in ("lora_open_weight", "proprietary_finetune"):
            add(
                a,
                0.5,
                "what prompting could not fix is behaviour, which training on examples teaches",
            )
    if "knowledge" in kinds:
        add(
            "rag",
            3.0,
            "the problem is what the model knows; retrieval supplies facts, weights teach behaviour",
        )
    if p.change_velocity == "high":
        add("rag", 2.0, "facts change often; updating a document beats retraining")
    if p.hallucination_issue:
        add(
            "rag",
            2.0,
            "ungrounded answers above ~3-5% are fixed in retrieval and prompting before touching weights",
        )
    if "domain_vocab" in kinds and not plateau:
        add("rag", 1.0, "for domain terminology, retrieval of domain documents comes first")
    if p.data_may_leave is False:
        # Privacy decides where a weight change happens, not whether one is needed: when
        # nothing points at training yet, prompting a self-hosted model keeps data in too.
        # Examples put training in view unless what is missing is knowledge: tickets or Q&A
        # pairs do not teach facts, and retrieval over a self-hosted model keeps data in too.
        enough = n is not None and n >= 500 and "knowledge" not in kinds
        training_in_view = plateau or p.wants_weight_change or enough
        add(
            "lora_open_weight",
            3.0 if training_in_view and not tried else 0.5,
            "data may not leave your environment: an open-weight model with LoRA keeps data and model in-house",
        )
        add(
            "proprietary_finetune",
            -5.0,
            "your data may not leave your environment, and hosted fine-tuning sends it to the provider",
        )
        if "knowledge" in kinds:
            add(
                "rag",
                0.5,
                "retrieval with a self-hosted embedding model and LLM keeps documents and "
                "questions in your environment",
            )
    if p.wants_weight_change and p.narrow_task and not tried:
        add(
            "lora_open_weight",
            1.5,
            "you want one narrow, stable task learned into the weights: a LoRA adapter on an "
            "open model is the cheapest way to try that",
        )
    if p.own_hardware:
        add("lora_open_weight", 1.0, "you have your own GPUs / self-hosting")
        add("full_finetune", 0.5, "you have compute to train on")
    if p.multi_tenant:
        add(
            "lora_open_weight",
            2.5,
            "per-customer behaviour fits one base model with a swappable adapter per tenant",
        )
    if n is not None and n >= 100:
        w = 1.0 if n >= 500 else 0.5
        add("lora_open_weight", w, f"{n:,} examples is enough for a LoRA run")
        add("proprietary_finetune", 1.0, f"{n:,} examples is enough for hosted fine-tuning")
    if p.data_may_leave:
        add("proprietary_finetune", 2.0, "your data may go to a hosted provider")
    if p.compliance:
        add(
            "proprietary_finetune",
            2.5,
            "you need "
            + ", ".join(COMPLIANCE_WORDS.get(c, c) for c in p.compliance)
            + ", which a hosted provider brings",
        )
    if p.providers_ok:
        add(
            "proprietary_finetune",
            1.0,
            "you named a provider you may use ("
            + ", ".join(PROVIDER_NAMES.get(x, x) for x in p.providers_ok)
            + ")",
        )
    if vol and vol >= 10_000 and (p.prompt_tokens or 0) >= 1500:
        add(
            "proprietary_finetune",
            1.0,
            f"{p.prompt_tokens:,}-token prompts at {vol:,}/day: baking instructions into weights cuts per-call cost",
        )
        add("lora_open_weight", 0.5, "long instruction prompts at volume can move into the weights")
    if "novel_capability" in kinds:
        add("full_finetune", 3.0, "no existing model has this capability, so weights must learn it")
        add("lora_open_weight", 1.0, "an adapter is the cheaper first attempt at a new capability")
    # Data size supports a full fine-tune but does not justify one: that takes a capability the
    # base model lacks (above) or a drastic cut in context; LoRA stays ahead on size alone.
    if n is not None and n >= 10_000:
        add(
            "full_finetune",
            1.0 if n >= 50_000 else 0.5,
            f"{n:,} examples supports a full fine-tune",
        )
    if n is not None and n < 1000:
        add("full_finetune", -2.0, f"{n:,} examples is far too few for a full fine-tune")
    if p.eval_ready:
        add("full_finetune", 0.5, "an evaluation suite exists to catch regressions")
        add("preference_tuning", 1.0, "a mature evaluation pipeline exists")
    if p.teacher_outputs:
        add(
            "distillation",
            3.0,
            "you already have outputs from a stronger model to train a smaller one on",
        )
    if p.on_device:
        add(
            "distillation",
            2.0,
            "it must run locally/offline, which needs a small model that keeps a large model's quality",
        )
        add(
            "lora_open_weight",
            1.0,
            "a small open-weight model with an adapter can run on the device",
        )
    if vol and vol >= 50_000 and p.cost_pressure:
        add(
            "distillation",
            1.5,
            f"at {vol:,} requests a day a smaller student model cuts cost sharply",
        )
    if p.cost_pressure or p.latency_pressure:
        add("distillation", 1.0, "cost or latency is a stated goal")
    if p.uses_large_model and (p.on_device or p.cost_pressure or p.latency_pressure):
        add("distillation", 1.0, "the large model you use today can be the teacher")
    if p.uses_large_model and p.latency_target_ms is not None and p.latency_target_ms < 1000:
        add(
            "distillation",
            1.0,
            f"a {p.latency_target_ms:,} ms target rules out the large model however it is "
            "prompted; a small student can meet it",
        )
    if p.narrow_task and (p.teacher_outputs or p.cost_pressure):
        add("distillation", 0.5, "the task is narrow and stable, which suits a specialised student")
    if p.preference_pairs:
        add(
            "preference_tuning",
            4.0 if p.preference_pairs >= 1000 else 1.5,
            f"{p.preference_pairs:,} preference comparisons are the data DPO/RLHF needs",
        )
    if p.sft_done:
        add(
            "preference_tuning",
            1.0,
            "supervised fine-tuning is already done, the usual step before preference tuning",
        )
    return s


def advise(p: Profile) -> Recommendation:
    scores = _score(p)
    ranked = sorted(scores.values(), key=lambda r: (-r.score, APPROACHES.index(r.approach)))
    top = ranked[0].approach
    wants_weights = top in WEIGHT_CHANGING or (
        p.wants_weight_change and top != "rag" and p.tried_prompting != "none"
    )
    # A labelled set in hand with no way to score it: training is in view, so the harness
    # comes first ("Evaluation readiness ... if not, start there"), unless prompting is untried.
    data_in_hand = (p.n_examples or 0) >= 500 and p.tried_prompting != "none"
    if p.eval_ready is False and (wants_weights or data_in_hand):
        scores["build_evals_first"].score = ranked[0].score + 1.0
        scores["build_evals_first"].reasons.append(
            "a weight change is wanted but nothing can measure it yet: if you can't evaluate it, you can't ship it"
        )
        for r in scores.values():
            if r.approach in WEIGHT_CHANGING:
                r.against.append("there is no evaluation set yet to show that it beats prompting")
        ranked = sorted(scores.values(), key=lambda r: (-r.score, APPROACHES.index(r.approach)))
        top = "build_evals_first"
    provider = pick_provider(p) if top == "proprietary_finetune" else None
    cites = [
        Citation(doc=d, section=sec, quote=quote(d, sec))
        for a in (top, ranked[1].approach)
        for d, sec in CITES[a]
    ]
    caveats = lifecycle_caveats(provider) if top == "proprietary_finetune" else []
    for r in ranked:
        r.score = round(r.score, 2)
    return Recommendation(
        primary=top,
        provider=provider,
        ranked=ranked,
        also=_beside(top, p, ranked),
        prerequisites=prerequisites(top, p),
        what_would_change=what_would_change(top, p),
        caveats=caveats,
        citations=cites,
    )


def _beside(top: str, p: Profile, ranked: list[RankedApproach]) -> RankedApproach | None:
    """Weights teach behaviour, retrieval supplies facts: when the case needs both, the route
    for the half the primary does not serve. Retrieval first: the best of prompting and the
    tuning routes for a voice or format also asked for; a tuning or prompting route first:
    retrieval for facts the model does not know."""
    kinds = set(p.task_kinds)
    if top == "rag":
        if not kinds & BESIDE_RETRIEVAL:
            return None
        wanted = ("prompt_engineering", "lora_open_weight", "proprietary_finetune")
    elif "knowledge" in kinds and top in (*WEIGHT_CHANGING, "prompt_engineering"):
        wanted = ("rag",)
    else:
        return None
    return next((r for r in ranked if r.approach in wanted), None)


def pick_provider(p: Profile) -> Literal["openai", "bedrock"] | None:
    ok = set(p.providers_ok)
    if "anthropic_safety" in p.compliance or ok & {"bedrock", "anthropic"}:
        return "bedrock"
    if "openai" in ok or "azure" in ok:
        return "openai"
    return None


def prerequisites(top: str, p: Profile) -> list[str]:
    base = {
        "prompt_engineering": [
            "a small evaluation set (30-100 real cases) to measure each prompt change",
            "about two weeks of iteration with 3-5 curated few-shot examples before judging the ceiling",
        ],
        "rag": [
            "the source documents, chunked by section with metadata (source, date)",
            "a grounding check: keep ungrounded answers under ~3-5%",
            "an owner who keeps documents current",
        ],
        "lora_open_weight": [
            "500-1,000 clean examples for reliable gains (50 minimum, 100+ recommended)",
            "GPU capacity: ~2 GB per billion parameters for 16-bit LoRA, ~0.5 GB for 4-bit QLoRA",
            "an evaluation set comparing base, few-shot prompt and adapter",
            "someone to own serving, monitoring and upgrades",
        ],
        "proprietary_finetune": [
            "permission for training data to go to the provider",
            "100+ examples (500-1,000 for reliable gains) in the provider's JSONL format",
            "an evaluation set to compare the tuned model against the prompted base",
            "a check of the provider's fine-tuning availability and cut-off dates",
        ],
        "full_finetune": [
            "thousands of verified, diverse, counter-example-rich training pairs",
            "an evaluation harness (task success, safety, refusals) run on every retrain",
            "multi-GPU compute and ML engineers; a plan for continuous retraining",
        ],
        "distillation": [
            "thousands of teacher outputs you have reviewed and filtered",
            "a held-out evaluation set the teacher never saw",
            "a check that the teacher's terms allow training on its outputs",
        ],
        "preference_tuning": [
            "a supervised fine-tune or strong instruct model to start from",
            "thousands of consistent preference comparisons",
            "a mature evaluation pipeline that catches reward hacking and regressions",
        ],
        "build_evals_first": [
            "50-200 real cases with expected outputs or a grading rubric",
            "automatic metrics for the behaviour you want to change",
            "a baseline score for the current prompt",
        ],
    }[top]
    if p.compliance and top != "proprietary_finetune":
        base.append(
            "keep the compliance controls (" + ", ".join(p.compliance) + ") in whatever you deploy"
        )
    return base


def what_would_change(top: str, p: Profile) -> list[str]:
    out = []
    if top == "prompt_engineering":
        out.append(
            "a measured plateau after a fair prompting effort, with 500+ good examples, would make fine-tuning worth testing"
        )
        if p.daily_volume is None or p.daily_volume < 10_000:
            out.append(
                "volume above ~10K requests a day with long instruction prompts would make a tuned smaller model pay off"
            )
    if top in ("lora_open_weight", "proprietary_finetune"):
        out.append(
            "if data may leave your environment and safety/SLA matter, hosted fine-tuning wins; if it may not, LoRA on an open model"
        )
    if top == "rag" and not set(p.task_kinds) & BESIDE_RETRIEVAL:
        out.append(
            "if the complaint were style or format rather than facts, prompting or fine-tuning would be the lever"
        )
    if top == "build_evals_first":
        out.append(
            "once an evaluation set exists, the same facts would point to a fine-tuning route"
        )
    if top == "distillation":
        out.append(
            "without a teacher's outputs or real volume, a prompted smaller model is the cheaper test"
        )
    if p.tried_prompting is None and top in WEIGHT_CHANGING:
        out.append("if prompting has not really been tried yet, try it first")
    return out
