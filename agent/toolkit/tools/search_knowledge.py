"""Hybrid search of the knowledge base."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from tunewise.agent.answers import drafting
from tunewise.agent.decision.advisor import LABELS
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.knowledge.quoting import as_source


class SearchInput(BaseModel):
    query: str = Field(description="What to look up in the knowledge base.")
    k: int = Field(4, ge=1, le=10, description="How many sections to return.")


def run(app: Any, inp: SearchInput) -> list[dict]:
    return [as_source(h.model_dump()) for h in app.index.search(inp.query[:2000], inp.k)]


def plan(q: str, view: TurnView) -> list[dict] | dict:
    if view.intent == "draft_answer":  # one search per option the question names
        return [{"query": drafting.QUERIES[k], "k": 4} for k in drafting.options_in(q)]
    route = view.prev_primary
    named = view.act_info.concept or view.act_info.approaches
    if view.intent == "explain" and route in LABELS and not named:
        # "what are the risks?" after advice asks about the recommended route: the query
        # carries its name, so the section ranked first is about that route
        return {"query": f"{q[:440]} ({LABELS[route]})", "k": 4}
    return {"query": q[:500], "k": 4}


def render(hits: list[dict]) -> str:
    """The sections found, for the command line (the chat's writer quotes them itself)."""
    if not hits:
        return "Nothing in the knowledge base matches."
    return "\n\n".join(f"[{h['doc']} > {h['section']}]\n{h['text']}" for h in hits)


EXAMPLES = ("what is QLoRA?", "explain catastrophic forgetting")
TOOL = ToolDecl(
    "search_knowledge",
    SearchInput,
    run,
    "Hybrid search of the fine-tuning knowledge base; returns sections with doc and section names.",
    intents=(
        "draft_answer",
        "explain",
        "estimate_cost",
        "validate_data",
        "generate_data",
        "train",
        "job_status",
    ),
    plan=plan,
    render=render,
    speaks=False,
    examples=EXAMPLES,
)
