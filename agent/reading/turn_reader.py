"""The turn reader: everything read from one message, as one value.

`read_turn` runs the readers once (facts, hypothetical facts and tool arguments from
understand.py, the dialogue act from acts.py, what the writer needs from the learned need
head) and returns a `TurnReading`. It decides nothing: what the turn does with the reading is
agent/decision/policy.py's `decide`, a pure function of the reading and the thread's memory.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from tunewise.agent.learned.need_model import SURE, read_scored
from tunewise.agent.reading.acts import ActReading, read_act
from tunewise.agent.reading.quantities import carry_units
from tunewise.agent.reading.understand import Understanding, extract
from tunewise.agent.schema.profile import Profile

# acts an opening message with a need is advice for, whatever its phrasing
NEED_OPENS = frozenset({"advise", "explain", "off_topic", "why", "next_steps", "synth"})
Reader = Callable[[str], Understanding]


class Memory(BaseModel):
    """What the thread remembers before this turn (from the graph's state)."""

    profile: Profile = Field(default_factory=Profile)  # the stored facts
    last_primary: str | None = None  # the primary of the last advice given
    asked: bool = False  # the last turn asked clarifying questions
    followup: bool = False  # the assistant has answered before in this thread
    last_file: str | None = None  # the last file the conversation used

    @property
    def opening(self) -> bool:
        """No facts and no advice yet: the message opens the conversation's subject."""
        return self.profile.known_facts() == 0 and not self.last_primary


class TurnReading(BaseModel):
    """One message, read: its words, facts (stated and hypothetical), tool arguments (files,
    model ids, word count), its act and, where it can matter, what the writer needs."""

    text: str
    understanding: Understanding
    act: ActReading
    need: str | None = None
    need_sure: bool = False  # the need reading owns the subject (need_model.SURE)
    edited: bool = False  # a card edit: the facts are in the state, not in the words


def opens_on_need(act: str, reading: ActReading, memory: Memory, sure: bool = False) -> bool:
    """An opening message whose act is one a need turns into advice. A question that names a
    concept ("what is LoRA?") stays an explanation unless it is the conversation's first
    message and the need reading is `sure`: "I fine-tuned on my own data and the results are
    poor, which values should I adjust?" names fine-tuning and needs advice."""
    named = act == "explain" and reading.concept
    first = not memory.followup  # the conversation's first message
    return memory.opening and act in NEED_OPENS and (not named or (sure and first))


def might_need(act: ActReading, memory: Memory) -> bool:
    """Whether the need can matter to this turn's decision (policy.py uses it only for advice
    and opening messages, after turning a compare before advice or a proposal into advice):
    the whole-message embedding is paid only by those turns."""
    a = act.act
    return (
        a in ("advise", "correction")
        or (a == "compare" and not memory.last_primary)
        or (a == "what_if" and bool(act.approaches))
        or opens_on_need(a, act, memory, sure=True)
    )


def read_turn(
    text: str, memory: Memory, understand: Reader | None = None, edited: bool = False
) -> TurnReading:
    """Read one message. `understand` is the facts reader (the offline one by default, a
    hosted model's structured output when configured)."""
    understand = understand or extract
    if edited:
        u = Understanding(profile=Profile())
    else:
        u = understand(text)
        # "the 1,800 is what we'll have by March - today it's about 900": a stored count
        # named again lends its noun to the bare numbers beside it
        carried = carry_units(text, memory.profile.model_dump(), u.profile.model_dump())
        if carried is not None:
            u = understand(carried)
    # a card edit is the advice on the edited facts, whatever the words that report it
    act = (
        ActReading(act="advise")
        if edited
        else read_act(
            text,
            u.profile.known_facts(),
            memory.followup,
            memory.asked,
            files=u.file_paths,
            words=u.word_count,
        )
    )
    need, p = read_scored(text) if not edited and might_need(act, memory) else (None, 0.0)
    return TurnReading(
        text=text,
        understanding=u,
        act=act,
        need=need,
        need_sure=need is not None and p >= SURE,
        edited=edited,
    )
