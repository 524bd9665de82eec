"""A concrete plan for the recommended route."""

from __future__ import annotations

from typing import Any

from tunewise.agent.answers import act_answers as acts
from tunewise.agent.decision.advisor import advise
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.agent.toolkit.tools.facts import FactsInput, answer, profile_of


def run(app: Any, inp: FactsInput) -> dict:
    p = profile_of(inp.facts)
    rec = advise(p)
    return {"answer": acts.next_steps_answer(rec, p, ""), "primary": rec.ranked[0].approach}


EXAMPLES = ("what should we do first?", "ok, what are the next steps?")
TOOL = ToolDecl(
    "next_steps",
    FactsInput,
    run,
    "A concrete plan for the recommended route: data, evaluation, first run, rollout.",
    render=answer,
    acts=("next_steps",),
    examples=EXAMPLES,
)
