"""Advice for a hypothetical change of facts, on a copy."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tunewise.agent.answers import act_answers as acts
from tunewise.agent.decision.advisor import advise
from tunewise.agent.toolkit.decl import ToolDecl
from tunewise.agent.toolkit.tools.facts import FactsInput, answer, profile_of


class WhatIfInput(FactsInput):
    changes: dict[str, Any] = Field(
        description="only the facts the scenario changes, with profile field names and values"
    )


def run(app: Any, inp: WhatIfInput) -> dict:
    stored = profile_of(inp.facts)
    hypo = stored.merge(profile_of(inp.changes))
    now = advise(hypo)
    text = acts.what_if_answer(stored, hypo, advise(stored), now)
    return {"answer": text, "primary_if": now.ranked[0].approach}


EXAMPLES = (
    "what if legal approved sending the data to AWS?",
    "what if we only had 200 examples?",
)
TOOL = ToolDecl(
    "what_if",
    WhatIfInput,
    run,
    "Advice for a hypothetical change of facts, on a copy: the stored facts do not change.",
    render=answer,
    acts=("what_if",),
    examples=EXAMPLES,
)
