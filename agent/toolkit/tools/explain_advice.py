"""Why the recommended approach wins, or why another does not."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tunewise.agent.answers import act_answers as acts
from tunewise.agent.decision.advisor import advise
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.agent.toolkit.tools.facts import FactsInput, answer, profile_of


class WhyInput(FactsInput):
    approach: str | None = Field(
        None, description="the approach asked about (an APPROACH id); omit for the recommended one"
    )


def run(app: Any, inp: WhyInput) -> dict:
    p = profile_of(inp.facts)
    rec = advise(p)
    text = (
        acts.why_not_answer(rec, p, inp.approach)
        if inp.approach and inp.approach != rec.ranked[0].approach
        else acts.why_answer(rec, p, None)
    )
    return {"answer": text, "primary": rec.ranked[0].approach}


EXAMPLES = ("why not RAG?", "why LoRA and not prompting?")
TOOL = ToolDecl(
    "explain_advice",
    WhyInput,
    run,
    "Why the recommended approach wins, or why another approach does not, from the "
    "advisor's reasons for and against, with what would make the other win.",
    render=answer,
    acts=("why", "why_not"),
    examples=EXAMPLES,
)
