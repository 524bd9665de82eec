"""The dialogue acts, one declaration each: what the act is, how the offline model answers it
(a function of agent/act_dispatch.py, named here and called through `answer_for`), the
hosted tool a configured LLM calls for it, and whether its message may store facts. The
examples that teach the learned reader each act are the rows of agent/data/act_written.jsonl
with that act (plus the dev rows bench/derive_acts.py adds); agent/act_model.py reads them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActDecl:
    name: str
    summary: str
    answer: str  # "module:function" under tunewise.agent: answer(Turn) -> str (act_dispatch.py)
    tool: str | None = None  # the registry tool a hosted model calls for it
    stores_facts: bool = False
    intent: str | None = None  # the offline model's intent (its tool planners key on it)


ACTS: tuple[ActDecl, ...] = (
    ActDecl("advise", "new facts or a new case: advice", "act_dispatch:advice", stores_facts=True),
    ActDecl("correction", "a stated fact corrected", "act_dispatch:advice", stores_facts=True),
    ActDecl("why", "why the recommended route", "act_dispatch:why", "explain_advice"),
    ActDecl("why_not", "why not another route", "act_dispatch:why_not", "explain_advice"),
    ActDecl("what_if", "advice on changed facts, on a copy", "act_dispatch:what_if", "what_if"),
    ActDecl("compare", "routes side by side", "act_dispatch:compare", "compare_approaches"),
    ActDecl(
        "cost",
        "cost of the routes the user may use",
        "act_dispatch:cost",
        "estimate_cost",
        True,
        "estimate_cost",
    ),
    ActDecl("next_steps", "a plan for the route", "act_dispatch:next_steps", "next_steps"),
    ActDecl(
        "explain",
        "a question answered from the knowledge base",
        "act_dispatch:explain",
        "search_knowledge",
        intent="explain",
    ),
    ActDecl(
        "draft",
        "an interview-style answer of N words",
        "act_dispatch:draft",
        "search_knowledge",
        intent="draft_answer",
    ),
    ActDecl(
        "rewrite",
        "the last answer rewritten (shorter, N words, spoken, bullets, register)",
        "act_dispatch:rewrite",
    ),
    ActDecl(
        "interview_next",
        "what an interviewer would ask next, with short answers",
        "act_dispatch:interview_next",
        "search_knowledge",
    ),
    ActDecl(
        "plan",
        "base model, GPU and memory: the LoRA plan",
        "act_dispatch:no_tool_ran",
        "plan_lora",
        intent="plan_lora",
    ),
    ActDecl(
        "synth",
        "synthetic training data: the generator and its caveats",
        "act_dispatch:synth",
        "generate_synthetic_data",
    ),
    ActDecl(
        "cancel",
        "cancel a training run",
        "act_dispatch:no_tool_ran",
        "cancel_job",
        intent="cancel_job",
    ),
    ActDecl(
        "tool",
        "validate, launch, status or evaluate on a file",
        "act_dispatch:no_tool_ran",
        stores_facts=True,
    ),
    ActDecl("export", "the conversation as a memo", "act_dispatch:export"),
    ActDecl("thanks", "thanks or acknowledgement", "act_dispatch:thanks"),
    ActDecl("smalltalk", "a greeting", "act_dispatch:smalltalk"),
    ActDecl("off_topic", "not about choosing or building a model", "act_dispatch:off_topic"),
)
BY_ACT = {a.name: a for a in ACTS}
ACT_NAMES = [a.name for a in ACTS]
# acts whose message is a question or a request: nothing it says becomes a stored fact
QUESTION_ACTS = {a.name for a in ACTS if not a.stores_facts}


def answer_for(act: str):  # noqa: ANN201 - Callable[[Turn], str]
    """The answer function the act's declaration names (an unknown act answers as advice)."""
    import importlib

    module, name = BY_ACT.get(act, BY_ACT["advise"]).answer.split(":")
    return getattr(importlib.import_module(f"tunewise.agent.{module}"), name)
