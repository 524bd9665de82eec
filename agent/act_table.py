"""The dialogue acts, one declaration each: what the act is, how the offline model answers it
(a function of agent/act_answers.py or agent/followups.py, named here and resolved on use), the
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
    answer: str  # "module:function" under tunewise.agent
    tool: str | None = None  # the registry tool a hosted model calls for it
    stores_facts: bool = False
    intent: str | None = None  # the offline model's intent (its tool planners key on it)


ACTS: tuple[ActDecl, ...] = (
    ActDecl("advise", "new facts or a new case: advice", "writer:advice_answer", stores_facts=True),
    ActDecl("correction", "a stated fact corrected", "writer:advice_answer", stores_facts=True),
    ActDecl("why", "why the recommended route", "act_answers:why_answer", "explain_advice"),
    ActDecl("why_not", "why not another route", "act_answers:why_not_answer", "explain_advice"),
    ActDecl(
        "what_if", "advice on changed facts, on a copy", "act_answers:what_if_answer", "what_if"
    ),
    ActDecl("compare", "routes side by side", "act_answers:compare_answer", "compare_approaches"),
    ActDecl(
        "cost",
        "cost of the routes the user may use",
        "tool_answers:cost_basis",
        "estimate_cost",
        True,
        "estimate_cost",
    ),
    ActDecl("next_steps", "a plan for the route", "act_answers:next_steps_answer", "next_steps"),
    ActDecl(
        "explain",
        "a question answered from the knowledge base",
        "act_answers:explain_answer",
        "search_knowledge",
        intent="explain",
    ),
    ActDecl(
        "draft",
        "an interview-style answer of N words",
        "drafting:draft",
        "search_knowledge",
        intent="draft_answer",
    ),
    ActDecl(
        "rewrite",
        "the last answer rewritten (shorter, N words, spoken, bullets, register)",
        "followups:rewrite",
    ),
    ActDecl(
        "interview_next",
        "what an interviewer would ask next, with short answers",
        "followups:interview_next",
        "search_knowledge",
    ),
    ActDecl(
        "plan",
        "base model, GPU and memory: the LoRA plan",
        "tool_answers:lora_answer",
        "plan_lora",
        intent="plan_lora",
    ),
    ActDecl(
        "synth",
        "synthetic training data: the generator and its caveats",
        "followups:synth_answer",
        "generate_synthetic_data",
    ),
    ActDecl(
        "cancel",
        "cancel a training run",
        "tool_answers:cancel_answer",
        "cancel_job",
        intent="cancel_job",
    ),
    ActDecl(
        "tool",
        "validate, launch, status or evaluate on a file",
        "registry:plan_offline",
        stores_facts=True,
    ),
    ActDecl("export", "the conversation as a memo", "memo:chat_memo"),
    ActDecl("thanks", "thanks or acknowledgement", "act_answers:thanks_answer"),
    ActDecl("smalltalk", "a greeting", "act_answers:smalltalk_answer"),
    ActDecl("off_topic", "not about choosing or building a model", "act_answers:off_topic_answer"),
)
BY_ACT = {a.name: a for a in ACTS}
ACT_NAMES = [a.name for a in ACTS]
# acts whose message is a question or a request: nothing it says becomes a stored fact
QUESTION_ACTS = {a.name for a in ACTS if not a.stores_facts}


def resolve(decl: ActDecl):
    """The answer function a declaration names."""
    import importlib

    module, name = decl.answer.split(":")
    return getattr(importlib.import_module(f"tunewise.agent.{module}"), name)
