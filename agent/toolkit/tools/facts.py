"""The advice tools' shared input: the conversation's facts as CONTEXT has them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from tunewise.agent.schema.profile import Profile


class FactsInput(BaseModel):
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="the conversation's facts: the 'profile' object from CONTEXT, unchanged",
    )


def profile_of(facts: dict[str, Any]) -> Profile:
    return Profile.model_validate({k: v for k, v in facts.items() if k in Profile.model_fields})


def answer(r: dict) -> str:
    return str(r["answer"])
