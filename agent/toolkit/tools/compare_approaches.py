"""Two or three approaches side by side for the user's facts."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tunewise.agent.answers import act_answers as acts
from tunewise.agent.decision.advisor import advise
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.agent.toolkit.tools.facts import FactsInput, answer, profile_of


class CompareInput(FactsInput):
    approaches: list[str] = Field(min_length=1, max_length=3, description="APPROACH ids")


def run(app: Any, inp: CompareInput) -> dict:
    p = profile_of(inp.facts)
    rec = advise(p)
    known = {r.approach for r in rec.ranked}
    return {"answer": acts.compare_answer(rec, p, [a for a in inp.approaches if a in known])}


EXAMPLES = ("compare RAG and LoRA for us", "how does that compare with fine-tuning on Bedrock?")
TOOL = ToolDecl(
    "compare_approaches",
    CompareInput,
    run,
    "Side-by-side comparison of two or three approaches for the user's facts: fit, data "
    "leaving, data needed, effort, time to first result, running cost, dated caveats.",
    render=answer,
    acts=("compare",),
    examples=EXAMPLES,
)
