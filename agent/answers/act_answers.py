"""Answers to the dialogue acts that are not a fresh recommendation: why / why not, what if,
compare, next steps, explain, what changed, thanks, small talk, off-topic. All user-facing
wording for these acts lives here; the reasoning comes from the advisor's scores and reasons
(agent/decision/advisor.py), the facts from the conversation's profile, the text from the knowledge
base's answer units. Never internal names or Python values."""

from __future__ import annotations

import re

from tunewise.agent.answers.writer import beside_line, quoted
from tunewise.agent.decision.advisor import (
    CITES,
    LABELS,
    Recommendation,
    lifecycle_caveats,
)
from tunewise.agent.decision.clarify import flips
from tunewise.agent.reading.acts import CONCEPTS
from tunewise.agent.schema.facts import scenario, understood
from tunewise.agent.schema.profile import Profile
from tunewise.knowledge.hybrid import tokenize
from tunewise.knowledge.quoting import is_users
from tunewise.knowledge.sections import quote, section_text

# When each approach wins, in one clause (the knowledge base's decision framework, in short).
WINS_WHEN = {
    "prompt_engineering": "prompting has not yet hit a measured ceiling, or volume is too low to repay training",
    "rag": "the problem is knowledge the model lacks or facts that change often",
    "lora_open_weight": "prompting has plateaued, there are a few hundred or more good examples, and data must stay in-house or you want to own the model",
    "proprietary_finetune": "data may go to a provider and you want its safety training, service levels and no serving burden",
    "full_finetune": "no existing model has the capability and there are tens of thousands of examples",
    "distillation": "a large model already does the task well and the volume makes it expensive",
    "preference_tuning": "a supervised fine-tune exists and you have thousands of preference pairs",
    "build_evals_first": "a change to the model is wanted but nothing can measure it yet",
}
# Side-by-side rows for compare (cost-benefit matrix and the route documents, in short).
TRAITS = {
    "prompt_engineering": {
        "data leaves you": "only at inference, to whichever model you prompt",
        "data needed": "3-5 good examples and a small eval set",
        "effort": "low: hours to days",
        "time to first result": "same day",
        "running cost": "the base model's per-token price; long prompts cost on every call",
    },
    "rag": {
        "data leaves you": "the retrieved passages, at inference",
        "data needed": "your documents, kept current, plus a grounding check",
        "effort": "medium: index, chunking, evaluation of retrieval",
        "time to first result": "days",
        "running cost": "model calls plus a vector index; longer prompts",
    },
    "lora_open_weight": {
        "data leaves you": "never: model and data stay in your environment",
        "data needed": "500-1,000 clean examples (100+ minimum) and an eval set",
        "effort": "medium-high: training, serving and upgrades are yours",
        "time to first result": "1-2 weeks",
        "running cost": "your GPUs (a 7B model serves from one 24 GB GPU)",
    },
    "proprietary_finetune": {
        "data leaves you": "yes: training data goes to the provider",
        "data needed": "100+ examples (500-1,000 for reliable gains) in the provider's format",
        "effort": "low-medium: the provider trains and serves",
        "time to first result": "days",
        "running cost": "the provider's fine-tuned per-token price (Bedrock: provisioned throughput)",
    },
    "build_evals_first": {
        "data leaves you": "no",
        "data needed": "50-200 real cases with expected outputs or a rubric",
        "effort": "low: days of labelling",
        "time to first result": "about a week",
        "running cost": "none beyond your time",
    },
    "distillation": {
        "data leaves you": "depends on the teacher; the student runs where you host it",
        "data needed": "thousands of reviewed teacher outputs",
        "effort": "high",
        "time to first result": "weeks",
        "running cost": "a small model's cost per call",
    },
    "full_finetune": {
        "data leaves you": "no, when trained in-house",
        "data needed": "tens of thousands of verified pairs",
        "effort": "very high: multi-GPU training and a regression suite",
        "time to first result": "weeks to months",
        "running cost": "serving a whole model of your own",
    },
    "preference_tuning": {
        "data leaves you": "depends on where you train",
        "data needed": "thousands of consistent preference pairs, after a supervised tune",
        "effort": "high",
        "time to first result": "weeks",
        "running cost": "as for the model it tunes",
    },
}
NEXT = {
    "prompt_engineering": [
        "Data: collect 30-100 real inputs with the answers you want; keep them as the eval set.",
        "Evaluation: score the current prompt on them to get a baseline.",
        "First run: a structured system prompt with 3-5 curated examples; iterate for about two weeks, re-scoring each change.",
        "Rollout: ship the best prompt behind a flag and keep scoring live samples; revisit fine-tuning only if scores plateau.",
    ],
    "rag": [
        "Data: gather the source documents, split them by section and tag each with source and date.",
        "Evaluation: 50-100 real questions with the passage that answers each; measure retrieval hits and grounded answers.",
        "First run: hybrid search (keyword + embeddings) feeding the top passages into the prompt with citations.",
        "Rollout: a document owner keeps the index current; watch ungrounded answers (keep them under ~3-5%).",
    ],
    "lora_open_weight": [
        "Data: clean {examples} into chat JSONL; validate it (duplicates, PII, lengths) and hold out 10% as the eval set.",
        "Evaluation: compare the base model zero-shot, few-shot prompting and the adapter on the held-out rows.",
        "First run: LoRA r=16 on a 7-8B open model (QLoRA if GPU memory is tight); about a day of GPU time for a first adapter.",
        "Rollout: serve the adapter on your own GPUs behind a flag, A/B it against the prompt, and plan re-training when the data changes.",
    ],
    "proprietary_finetune": [
        "Data: convert {examples} to the provider's JSONL format and validate it; confirm the data may go to the provider.",
        "Evaluation: an eval set comparing the prompted base model with the tuned one.",
        "First run: a small job (3 epochs) on the provider; check its announced cut-off dates first.",
        "Rollout: switch a share of traffic to the tuned model, compare cost and quality, then move the rest.",
    ],
    "build_evals_first": [
        "Data: pick 50-200 real cases and write the expected output or a grading rubric for each.",
        "Evaluation: automatic checks where possible (exact fields, JSON validity), a rubric for the rest.",
        "First run: score the current prompt to get a baseline.",
        "Rollout: only then test fine-tuning against that baseline.",
    ],
    "distillation": [
        "Data: collect and review thousands of the teacher's outputs on real inputs.",
        "Evaluation: a held-out set the teacher never saw; compare student and teacher.",
        "First run: LoRA or a full tune of a small student on the teacher's outputs.",
        "Rollout: route traffic to the student where it matches the teacher; keep the teacher as fallback.",
    ],
    "full_finetune": [
        "Data: tens of thousands of verified pairs with counter-examples.",
        "Evaluation: a regression suite (task, safety, refusals) run on every retrain.",
        "First run: a LoRA attempt first, to see how far an adapter gets.",
        "Rollout: staged, with the previous model kept for rollback.",
    ],
    "preference_tuning": [
        "Data: thousands of consistent preference pairs.",
        "Evaluation: win rate against the supervised model plus regression checks.",
        "First run: DPO on top of the supervised fine-tune.",
        "Rollout: staged, watching for reward hacking.",
    ],
}
HOW_LONG = {
    "prompt_engineering": "days to two weeks",
    "rag": "one to three weeks",
    "lora_open_weight": "two to four weeks to a first adapter in production",
    "proprietary_finetune": "one to two weeks",
    "build_evals_first": "about a week before any tuning",
    "distillation": "several weeks",
    "full_finetune": "months",
    "preference_tuning": "several weeks after a supervised tune",
}
EXPLAIN_UNITS = {
    "qlora": ("lora-peft", "LoRA vs QLoRA"),
    "lora": ("lora-peft", "LoRA in short"),
    "rag": ("rag-retrieval", "RAG in short"),
    "distillation": ("distillation", "Distillation in short"),
    "dpo": ("preference-tuning-rlhf-dpo", "DPO in short"),
    "prompt_engineering": ("prompt-engineering-techniques", "Prompt engineering in short"),
    "full_finetune": ("full-finetune", "Full fine-tuning in short"),
    "fine_tuning": ("lora-peft", "LoRA in short"),
}
CAPABILITIES = (
    "I help decide between prompting, retrieval, LoRA on an open model and hosted fine-tuning, "
    "and act on it: costs, data checks, synthetic data, training runs and evaluations."
)


def label(approach: str) -> str:
    return LABELS.get(approach, approach.replace("_", " "))


def cite(doc: str, section: str) -> str:
    return f"[{doc} > {section}]"


def _num(n: int) -> str:
    return f"{n:,}"


def _why_lost(approach: str, rec: Recommendation) -> str:
    r = next(x for x in rec.ranked if x.approach == approach)
    top = rec.ranked[0]
    if r.against:
        return r.against[-1]
    if r.reasons:
        return (
            f"it has points in its favour ({r.reasons[-1]}), but {label(top.approach)} "
            f"fits your facts better ({top.reasons[-1] if top.reasons else 'the cheaper start'})"
        )
    return f"nothing you told me points to it: it wins when {WINS_WHEN.get(approach, 'its prerequisites are met')}"


def resolve(approaches: list[str], generic: bool, rec: Recommendation) -> list[str]:
    """Named approaches; plain 'fine-tuning' becomes whichever fine-tuning route scores higher."""
    order = {r.approach: i for i, r in enumerate(rec.ranked)}
    ft = min(("lora_open_weight", "proprietary_finetune"), key=lambda a: order[a])
    out = [ft if a == "fine_tuning" else a for a in approaches]
    return list(dict.fromkeys(a for a in out if a in order))


def why_answer(rec: Recommendation, p: Profile, approach: str | None) -> str:
    top = rec.ranked[0]
    target = approach or top.approach
    if target != top.approach:
        return why_not_answer(rec, p, target)
    reasons = top.reasons[-3:][::-1] or ["it is the cheapest safe place to start"]
    doc, sec = CITES[target][0]
    lines = [
        f"{label(target)} is my pick because {reasons[0]}.",
    ]
    if len(reasons) > 1:
        lines.append("It also fits because " + "; and ".join(reasons[1:]) + ".")
    runner = rec.ranked[1]
    lines.append(
        f"The runner-up is {label(runner.approach)}: it would win if {WINS_WHEN[runner.approach]}."
    )
    facts = understood(p)
    if facts:
        lines.append(f"(Based on: {facts}.)")
    lines.append(cite(doc, sec))
    return " ".join(lines[:-1]) + " " + lines[-1]


def why_not_answer(rec: Recommendation, p: Profile, approach: str) -> str:
    top = rec.ranked[0]
    if approach == top.approach:
        return why_answer(rec, p, None)
    doc, sec = CITES.get(approach, CITES[top.approach])[0]
    lost = _why_lost(approach, rec)
    wins = WINS_WHEN.get(approach, "its prerequisites are met")
    switch = (
        "If that becomes true for you, I would switch."
        if wins in lost
        else f"{label(approach)} wins when {wins}; if that becomes true for you, I would switch."
    )
    return (
        f"Not {label(approach)}, because {lost}. {switch} For now {label(top.approach)} stays ahead "
        f"because {top.reasons[-1] if top.reasons else 'it is the cheapest start'}. "
        f'"{quote(doc, sec)}" {cite(doc, sec)}'
    )


def what_if_answer(stored: Profile, hypo: Profile, rec: Recommendation, now: Recommendation) -> str:
    what = scenario(stored, hypo)
    if not what:
        return (
            "I could not tell which fact would change in that scenario, so the advice stays "
            f"{label(rec.ranked[0].approach)}. Say it as a change to one fact, e.g. *what if "
            "the data could go to OpenAI?*, *what if we had 20,000 examples?* or *what if "
            "prompting had plateaued?*"
        )
    old, new = rec.ranked[0].approach, now.ranked[0].approach
    if new != old:
        why = now.ranked[0].reasons[-1] if now.ranked[0].reasons else WINS_WHEN[new]
        head = (
            f"If {what}, the advice would change to {label(new)} (now {label(old)}), because {why}."
        )
    else:
        head = (
            f"If {what}, the advice would still be {label(old)}: "
            f"{now.ranked[0].reasons[-1] if now.ranked[0].reasons else WINS_WHEN[old]}."
        )
    return head + " This is a what-if: I have not changed the facts you gave me."


def compare_answer(rec: Recommendation, p: Profile, options: list[str]) -> str:
    if len(options) < 2:
        other = rec.ranked[0].approach
        if options and other == options[0]:
            other = rec.ranked[1].approach
        options = [*options, other]
        lead = f"You named one option; here it is against {label(other)}, the closest alternative for you.\n\n"
    else:
        lead = ""
    options = options[:3]
    rows = [
        "| | " + " | ".join(label(o) for o in options) + " |",
        "|---" * (len(options) + 1) + "|",
    ]
    fit = []
    for o in options:
        fit.append("recommended" if o == rec.ranked[0].approach else _why_lost(o, rec))
    rows.append("| fit for you | " + " | ".join(fit) + " |")
    for trait in (
        "data leaves you",
        "data needed",
        "effort",
        "time to first result",
        "running cost",
    ):
        rows.append(f"| {trait} | " + " | ".join(TRAITS[o][trait] for o in options) + " |")
    best = min(options, key=lambda o: [r.approach for r in rec.ranked].index(o))
    facts = understood(p)
    tail = (
        f"\n\nFor you, {label(best)} comes out ahead"
        + (f" (based on: {facts})" if facts else "")
        + f". {cite('cost-benefit-matrix', 'The matrix')}"
    )
    dated = [c for c in rec.caveats] if "proprietary_finetune" in options else []
    if "proprietary_finetune" in options and not dated:
        dated = lifecycle_caveats(None)
    if dated:
        tail += "\n\nDates: " + " ".join(dated)
    return lead + "\n".join(rows) + tail


def next_steps_lines(rec: Recommendation, p: Profile) -> list[str]:
    examples = f"your {_num(p.n_examples)} examples" if p.n_examples else "your examples"
    return [s.format(examples=examples) for s in NEXT[rec.ranked[0].approach]]


def next_steps_answer(rec: Recommendation, p: Profile, question: str) -> str:
    top = rec.ranked[0].approach
    steps = next_steps_lines(rec, p)
    lines = [f"Plan for {label(top)} (about {HOW_LONG[top]}):"]
    lines += [f"{i}. {s}" for i, s in enumerate(steps, 1)]
    if re.search(r"how long|timeline", question, re.I):
        lines.insert(0, f"Roughly {HOW_LONG[top]} for {label(top)}.")
    lines.append(f"{cite('deployment-and-monitoring', 'Monitoring')}")
    return "\n".join(lines)


# a question about what a concept is: its own "in short" unit answers it; any other question
# ("how do I know the adapter helped?") is answered from the section the retriever ranks first
DEFINITIONAL = re.compile(
    r"^\W*(?:so,? )?(?:what(?:'s| is| are| does)|explain|define|tell me about|how does \S+ work)\b"
    r"|\bin (?:plain|simple) (?:words|terms|english)\b|\bdifference between\b|\blike i'?m\b",
    re.I,
)


# words that ask what a concept is, or how to put it, rather than about something else
CONCEPT_QUESTION_WORDS = frozenset(
    "explain define tell work works mean means plain simple words terms english like difference "
    "between about short briefly quick exactly actually again please used".split()
)


def about_the_concept(question: str) -> bool:
    """'What is LoRA?', 'explain QLoRA like I'm a PM': the question is the concept itself.
    'What does one training row look like for OpenAI fine-tuning?' names a concept but asks
    about something else, which the retriever's first section answers."""
    if not DEFINITIONAL.search(question):
        return False
    rest = question
    for rxp in CONCEPTS.values():
        rest = rxp.sub(" ", rest)
    return not [w for w in tokenize(rest) if len(w) > 2 and w not in CONCEPT_QUESTION_WORDS]


def explain_answer(concept: str | None, passages: list[dict], question: str = "") -> str:
    if question and passages and not about_the_concept(question):
        concept = None
    unit = EXPLAIN_UNITS.get(concept or "")
    body = section_text(*unit) if unit else None
    if body:
        text = "\n".join(x for x in body.splitlines() if not x.startswith("#")).strip()
        text = re.sub(r"\s*\n\s*", " ", text)
        lines = [f"{text} {cite(*unit)}"]
        extra = next((x for x in passages if (x["doc"], x["section"]) != unit), None)
        if extra:
            lines.append(f"More: {extra['doc']} > {extra['section']}.")
        return "\n\n".join(lines)
    if passages:
        p = passages[0]
        if is_users(p["doc"]) or p.get("flagged"):  # not ours: quoted, never restated
            return "\n".join(quoted(p, 500))
        body = re.sub(r"^#+ .*\n", "", p["text"]).strip()
        bullets = re.split(r"\n(?=- )", body)
        if body.startswith("- ") and len(bullets) > 1:  # a list stays a list, its first four items
            items = [re.sub(r"\s*\n\s*", " ", b) for b in bullets[:4]]
            return "\n".join(items) + f"\n\n{cite(p['doc'], p['section'])}"
        sentences = re.split(r"(?<=[.!?])\s+", body)
        return " ".join(sentences[:4]) + f" {cite(p['doc'], p['section'])}"
    return "I have nothing on that in the knowledge base; ask about LoRA, QLoRA, RAG, distillation, DPO or prompting."


def changed_header(prev: str | None, rec: Recommendation) -> str:
    """'Now X, was Y, because ...' when the facts changed the primary; else empty."""
    new = rec.primary
    if not prev or not new or prev == new:
        return ""
    why = rec.ranked[0].reasons[-1] if rec.ranked[0].reasons else WINS_WHEN[new]
    return f"Now {label(new)}, was {label(prev)}, because {why}.\n\n"


def unchanged_answer(rec: Recommendation, p: Profile, diff: list[str]) -> str:
    """The advice again after a message that did not move it: what was new, if anything."""
    because = rec.ranked[0].reasons[-1] if rec.ranked[0].reasons else "it is the cheapest start"
    top = label(rec.ranked[0].approach)
    beside = beside_line(rec, p)
    asks = (
        "Ask *why*, *what would it cost*, *what are the next steps*, or *compare* it with "
        "another option."
    )
    if diff and beside:  # facts and a behaviour: the primary stays for its half
        half = "the facts" if rec.primary == "rag" else "how it answers"
        noted = f"Noted ({'; '.join(diff)}). {top} stays for {half}, because {because}."
        return f"{noted}\n\n{beside}\n\n{asks}"
    if diff:
        head = f"Noted ({'; '.join(diff)}). That does not change the advice: still {top}, because {because}."
    else:  # "so what do you recommend?": nothing new was said
        seen = understood(p)
        head = f"My recommendation is still {top}, because {because}" + (
            f" (from what you told me: {seen})." if seen else "."
        )
    return f"{head} {asks}"


def thanks_answer() -> str:
    return (
        "You're welcome. When you want more, ask what it would cost, what the next steps are, "
        "or say *export this* for a one-page decision memo."
    )


def smalltalk_answer() -> str:
    return f"Hi! {CAPABILITIES} Tell me about your task, your data and what you have tried."


def off_topic_answer() -> str:
    return (
        f"That is outside what I can help with. {CAPABILITIES} For example: *should we fine-tune "
        "Llama on our support tickets?*"
    )


def first_followup(approach: str | None) -> str:
    """A follow-up asked before any advice: say when the option wins and what I need."""
    what = f"{label(approach)} wins when {WINS_WHEN[approach]}. " if approach in WINS_WHEN else ""
    return (
        f"I have not recommended anything yet, so there is nothing to compare against. {what}"
        "Tell me about your case (task, how many examples, whether data may leave your "
        "environment, what prompting reached) and I will say which route fits and why."
    )


IF_VALUE = {
    "tried_prompting": {
        "none": "if prompting has not really been tried",
        "plateaued": "if prompting has plateaued",
    },
    "data_may_leave": {
        "False": "if the data must stay in-house",
        "True": "if the data may go to a provider",
    },
    "n_examples": {
        "30": "with only a few dozen examples",
        "600": "with several hundred examples",
        "10000": "with 10,000 or more examples",
    },
    "eval_ready": {"True": "if you have an eval set", "False": "if there is no eval set"},
    "daily_volume": {
        "500": "at a few hundred requests a day",
        "50000": "at tens of thousands of requests a day",
    },
    "task_kinds": {
        "['format']": "if the problem is output format",
        "['style']": "if the problem is style or voice",
        "['knowledge']": "if the problem is missing knowledge",
    },
}


def assumptions(p: Profile, rec: Recommendation, limit: int = 2) -> str:
    """The unknown facts that could still change the advice, and what would win then."""

    parts = []
    for field, changed in list(flips(p, rec.primary).items())[:limit]:
        value, approach = next(iter(changed.items()))
        phrase = IF_VALUE.get(field, {}).get(value)
        if phrase and approach:
            parts.append(f"{phrase}, {label(approach)} would win instead")
    return ("Not known yet, so assumed: " + "; ".join(parts) + ".") if parts else ""
