"""The dialogue acts, one declaration each: what the act is, how the offline model answers it
(a function of agent/answers/act_dispatch.py, named here; act_dispatch.answer_for finds it), the
hosted tool a configured LLM calls for it, and whether its message may store facts. The
examples that teach the learned reader each act are the rows of agent/learned/data/act_written.jsonl
with that act (plus the dev rows bench/derive_acts.py adds); agent/learned/act_model.py reads them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActDecl:
    name: str
    summary: str
    answer: str  # a function of agent/answers/act_dispatch.py: answer(Turn) -> str
    tool: str | None = None  # the registry tool a hosted model calls for it
    stores_facts: bool = False
    intent: str | None = None  # the offline model's intent (its tool planners key on it)


ACTS: tuple[ActDecl, ...] = (
    ActDecl("advise", "new facts or a new case: advice", "advice", stores_facts=True),
    ActDecl("correction", "a stated fact corrected", "advice", stores_facts=True),
    ActDecl("why", "why the recommended route", "why", "explain_advice"),
    ActDecl("why_not", "why not another route", "why_not", "explain_advice"),
    ActDecl("what_if", "advice on changed facts, on a copy", "what_if", "what_if"),
    ActDecl("compare", "routes side by side", "compare", "compare_approaches"),
    ActDecl(
        "cost",
        "cost of the routes the user may use",
        "cost",
        "estimate_cost",
        True,
        "estimate_cost",
    ),
    ActDecl("next_steps", "a plan for the route", "next_steps", "next_steps"),
    ActDecl(
        "explain",
        "a question answered from the knowledge base",
        "explain",
        "search_knowledge",
        intent="explain",
    ),
    ActDecl(
        "draft",
        "an interview-style answer of N words",
        "draft",
        "search_knowledge",
        intent="draft_answer",
    ),
    ActDecl(
        "rewrite",
        "the last answer rewritten (shorter, N words, spoken, bullets, register)",
        "rewrite",
    ),
    ActDecl(
        "interview_next",
        "what an interviewer would ask next, with short answers",
        "interview_next",
        "search_knowledge",
    ),
    ActDecl(
        "plan",
        "base model, GPU and memory: the LoRA plan",
        "no_tool_ran",
        "plan_lora",
        intent="plan_lora",
    ),
    ActDecl(
        "synth",
        "synthetic training data: the generator and its caveats",
        "synth",
        "generate_synthetic_data",
    ),
    ActDecl(
        "cancel",
        "cancel a training run",
        "no_tool_ran",
        "cancel_job",
        intent="cancel_job",
    ),
    ActDecl(
        "tool",
        "validate, launch, status or evaluate on a file",
        "no_tool_ran",
        stores_facts=True,
    ),
    ActDecl("export", "the conversation as a memo", "export"),
    ActDecl("thanks", "thanks or acknowledgement", "thanks"),
    ActDecl("smalltalk", "a greeting", "smalltalk"),
    ActDecl("off_topic", "not about choosing or building a model", "off_topic"),
)
BY_ACT = {a.name: a for a in ACTS}
ACT_NAMES = [a.name for a in ACTS]
# acts whose message is a question or a request: nothing it says becomes a stored fact
QUESTION_ACTS = {a.name for a in ACTS if not a.stores_facts}
