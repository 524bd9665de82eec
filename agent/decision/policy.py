"""The turn policy: what to do with one reading, as a pure function.

`decide(reading, memory)` takes the turn reader's value (agent/reading/turn_reader.py) and
what the thread remembers, and returns a `Decision`: the act answered, the facts stored, the
advice, the clarifying questions worth asking, the files and models the turn's tools use.
Only statements of fact change the stored profile; a what-if is advised on a copy; questions
store nothing. No graph, no model, no I/O: it is unit tested on readings built by hand.

`TurnView` is a decision as the answering model sees it (plus retrieved passages and the
conversation's first message and last answer): the offline model takes it as a typed value,
hosted models read it as JSON text.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field

from tunewise.agent.decision.advisor import Recommendation, advise
from tunewise.agent.decision.clarify import Question, questions_for
from tunewise.agent.learned.need_model import with_need
from tunewise.agent.reading.acts import ActReading
from tunewise.agent.reading.turn_reader import Memory, TurnReading, opens_on_need
from tunewise.agent.schema.act_table import BY_ACT, QUESTION_ACTS
from tunewise.agent.schema.profile import WORKLOAD_FIELDS, Profile

# "validate it", "kick off a run on that file", "use the same data": the last file used
REFERS_TO_FILE = re.compile(
    r"(?i)\b(?:on|with|of|validate|check|use|train on|from)\s+(?:it|that|this|the same)\b"
    r"|\b(?:that|this|the same|the uploaded|my uploaded|the last)\s+(?:file|data|dataset|upload)\b"
)


class WhatIf(BaseModel):
    """A what-if's facts and the advice for them (never stored)."""

    profile: Profile
    recommendation: Recommendation


class Decision(BaseModel):
    """What the turn does: the graph stores it (dumped) in the thread's state."""

    act: str
    intent: str
    act_info: ActReading
    profile: Profile  # the facts after this turn
    stored_profile: Profile  # the facts before it
    recommendation: Recommendation | None = None
    questions: list[Question] = Field(default_factory=list)
    whatif: WhatIf | None = None
    prev_primary: str | None = None  # the primary of the last advice, before this turn
    last_primary: str | None = None  # ... and after it
    language_ok: bool = True
    word_count: int | None = None
    file_paths: list[str] = Field(default_factory=list)
    last_file: str | None = None
    model_ids: list[str] = Field(default_factory=list)

    def state(self) -> dict[str, Any]:
        """The graph's state update (dumped models), passages cleared for retrieval to fill."""
        return {**self.model_dump(), "passages": []}


class TurnView(Decision):
    """A decision as the answering model sees it."""

    act: str = "advise"
    intent: str = "advise"
    act_info: ActReading = Field(default_factory=lambda: ActReading(act="advise"))
    profile: Profile = Field(default_factory=Profile)
    stored_profile: Profile = Field(default_factory=Profile)
    passages: list[dict[str, Any]] = Field(default_factory=list)
    last_answer: str = ""  # the assistant's answer before this message (what a rewrite rewrites)
    last_list: str = ""  # the latest list of likely interview follow-ups in the conversation
    first_message: str = ""  # the conversation's first message


# the situation a what-if can change; facts that describe the proposed route itself ("trained on
# GPT-4's answers": teacher outputs, a large model) make it a proposal, not a new situation
SITUATION = (
    "n_examples",
    "data_may_leave",
    "providers_ok",
    "tried_prompting",
    "eval_ready",
    "daily_volume",
    "change_velocity",
    "compliance",
)


def changes_a_fact(stored: Profile, reading: TurnReading) -> bool:
    """Whether a what-if names a situation fact that differs from the stored ones."""
    u = reading.understanding
    base = stored.merge(u.profile)  # what the message states is not the what-if
    after = base.merge(u.hypothetical)
    return any(getattr(base, f) != getattr(after, f) for f in SITUATION)


def _act(reading: TurnReading, memory: Memory, stored: Profile) -> tuple[str, bool]:
    """The act answered, and whether a what-if is a proposal ("what if we trained a small
    model on GPT-4's outputs?": a verdict with its assumptions, not a round of questions)."""
    act = reading.act.act
    if act == "compare" and not memory.last_primary:
        act = "advise"  # "fine-tune or RAG?" before any advice: ask what decides it
    proposal = (
        act == "what_if" and bool(reading.act.approaches) and not changes_a_fact(stored, reading)
    )
    return ("advise" if proposal else act), proposal


def _need(reading: TurnReading, memory: Memory, act: str) -> str | None:
    """What the writer needs is the subject of an opening message however it is phrased ("how
    do I train my own bot on my own docs?"), and a fact of any advice turn."""
    if reading.edited or not reading.need:
        return None
    if act in ("advise", "correction") or opens_on_need(
        act, reading.act, memory, reading.need_sure
    ):
        return reading.need
    return None


def decide(reading: TurnReading, memory: Memory) -> Decision:
    stored = memory.profile.model_copy(update={"notes": []})
    u = reading.understanding
    act, proposal = _act(reading, memory, stored)
    need = _need(reading, memory, act)
    stated = u.profile
    if need:
        act = act if act == "correction" else "advise"
        stated = with_need(need, stated, reading.need_sure)
    # a question stores nothing; a what-if stores what its other sentences state
    # ("What if we distilled? GPT-4 is our biggest bill at 400k a day": the volume is a fact)
    keeps = act not in QUESTION_ACTS or (act == "what_if" and stated.known_facts() > 0)
    profile = stored.merge(stated) if keeps else stored
    if act == "cost":  # "what does 100k a day at 2,000 tokens cost?" gives the workload
        workload = {k: getattr(u.hypothetical, k) for k in WORKLOAD_FIELDS}
        profile = profile.merge(Profile.model_validate({k: v for k, v in workload.items() if v}))
    rec = advise(profile)
    paths = list(u.file_paths)
    if not paths and memory.last_file and REFERS_TO_FILE.search(reading.text):
        paths = [memory.last_file]  # "it", "that file": the last file used
    whatif = None
    if act == "what_if":
        hypo = stored.merge(stated).merge(u.hypothetical)
        whatif = WhatIf(profile=hypo, recommendation=advise(hypo))
    asks = (
        questions_for(profile, rec, asked_before=memory.asked, robust=need is not None)
        if act == "advise" and not proposal
        else []
    )
    advised = act in ("advise", "correction") and not asks
    intent = BY_ACT[act].intent or (
        reading.act.tool or "validate_data"
        if act == "tool"
        else ("advise" if advised or asks else act)
    )
    return Decision(
        act=act,
        intent=intent,
        act_info=reading.act,
        profile=profile,
        stored_profile=stored,
        recommendation=rec,
        questions=asks,
        whatif=whatif,
        prev_primary=memory.last_primary,
        last_primary=rec.primary if advised else memory.last_primary,
        language_ok=u.language_ok,
        word_count=u.word_count,
        file_paths=paths,
        last_file=paths[0] if paths else memory.last_file,
        model_ids=u.model_ids,
    )
