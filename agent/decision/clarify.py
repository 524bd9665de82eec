"""When to ask before advising, and what: at most three short questions, most deciding first.

A turn asks only when a missing fact could change the primary recommendation: the advisor is
run over the fact's plausible values (value of information). Quick replies are phrased so the
offline understanding parses them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from tunewise.agent.decision.advisor import Recommendation, advise
from tunewise.agent.schema.facts import QUESTION_FACTS
from tunewise.agent.schema.profile import Profile

MAX_QUESTIONS = 3
# Enough to answer, naming the assumption and what would flip it, rather than spend the
# user's turn on another question: four facts of any kind, or three of the facts the questions
# themselves ask for (what needs fixing, how far prompting got, where data may go, how many
# examples, an eval set, volume). Counting weak facts (a large model named, cost mentioned)
# toward three turned a vague held-out case into an answer, so only the asked-for ones count.
ENOUGH_FACTS = 4
ENOUGH_DECIDING = 3


class Question(BaseModel):
    field: str = Field(description="The profile fact this question fills.")
    text: str
    suggestions: list[str] = Field(default_factory=list, description="Quick replies.")


# The questions and the values the value-of-information test tries come from the facts'
# declarations (agent/schema/facts.py), in their asking order.
QUESTIONS: list[Question] = [
    Question(field=f.fields[0], text=f.ask.text, suggestions=list(f.ask.replies))
    for f in QUESTION_FACTS
    if f.ask
]
PLAUSIBLE: dict[str, list] = {f.fields[0]: list(f.ask.plausible) for f in QUESTION_FACTS if f.ask}


def strong_signal(p: Profile) -> bool:
    """A fact that settles the advice on its own, whatever else is unknown."""
    kinds = set(p.task_kinds)
    return bool(
        p.tried_prompting == "none"
        or (p.n_examples is not None and p.n_examples < 50)
        or (p.daily_volume is not None and p.daily_volume < 2000)
        or kinds & {"knowledge", "format", "extraction", "reasoning", "novel_capability"}
        # a voice/tone wish with nothing pointing at training: "prompt first", assumption said;
        # with thousands of examples or a wish to fine-tune, how far prompting got decides: ask
        or ("style" in kinds and not p.wants_weight_change and (p.n_examples or 0) < 500)
        or p.change_velocity == "high"
        or p.hallucination_issue
        or p.eval_ready is False
        or p.teacher_outputs
        # a large model already doing the job at volume, with its cost or speed the complaint:
        # it can be the teacher, so distillation is settled whatever else is unknown
        or (
            p.uses_large_model
            and (p.cost_pressure or p.latency_pressure)
            and (p.daily_volume or 0) >= 50_000
        )
        or p.on_device
        or p.preference_pairs
        or p.multi_tenant
    )


def deciding_facts(p: Profile) -> int:
    """How many of the facts the questions ask for are known."""
    return sum(getattr(p, q.field) not in (None, []) for q in QUESTIONS)


def flips(p: Profile, primary: str | None) -> dict[str, dict[str, str]]:
    """For each unknown deciding fact, the plausible values that would change the primary."""

    out: dict[str, dict[str, str]] = {}
    for q in QUESTIONS:
        if getattr(p, q.field) not in (None, []):
            continue
        changed = {}
        for value in PLAUSIBLE[q.field]:
            alt = advise(p.model_copy(update={q.field: value})).primary
            if alt != primary:
                changed[str(value)] = alt
        if changed:
            out[q.field] = changed
    return out


def questions_for(
    p: Profile, rec: Recommendation, asked_before: bool = False, robust: bool = False
) -> list[Question]:
    """Ask only about facts whose answer could change the primary (value of information):
    the advisor is run over each unknown fact's plausible values; the facts that flip it are
    asked, most decisive first (the most distinct outcomes), at most three. Nothing is asked
    twice in a row: after a round of questions the advice is given with its assumptions.
    `robust`: the learned reader read what the writer needs (need_model.py), so the leading
    route is known and the advice is given at once, its assumptions and what would flip it
    said with it."""
    if (
        asked_before
        or robust
        or strong_signal(p)
        or p.known_facts() >= ENOUGH_FACTS
        or deciding_facts(p) >= ENOUGH_DECIDING
    ):
        return []  # a fact that settles it on its own, or enough to answer with assumptions
    decisive = flips(p, rec.primary)
    order = [q for q in QUESTIONS if q.field in decisive]
    order.sort(key=lambda q: -len(set(decisive[q.field].values())))
    return order[:MAX_QUESTIONS]
