"""How the offline model answers each dialogue act: one function a act, all of one shape,
`answer(turn) -> str`, named by the act's declaration in agent/schema/act_table.py and called through
it. A `Turn` holds what any answer may need (the question, the thread's facts and advice, the
last answer, retrieved passages); each function passes on the parts its writer takes.

Acts answered from a tool's result (plan, cancel, tool, cost with a workload) are written by
the tool's renderer (agent/toolkit/registry.py); their functions here answer when no tool ran."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from tunewise.agent.answers import act_answers as acts
from tunewise.agent.answers import drafting, followups, memo, writer
from tunewise.agent.answers import tool_answers as answers
from tunewise.agent.decision.advisor import Recommendation
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.reading.acts import ASKS_ADVICE, ActReading
from tunewise.agent.schema import facts
from tunewise.agent.schema.act_table import BY_ACT
from tunewise.agent.schema.profile import Profile

# acts about the advice: before any advice and with no facts, they get the first-follow-up
# answer (what the routes are, and what to tell me), not an answer about nothing
ABOUT_ADVICE = ("why", "why_not", "compare", "next_steps", "what_if")


@dataclass
class Turn:
    view: TurnView
    question: str
    passages: list[dict] = field(default_factory=list)

    @property
    def act(self) -> str:
        return self.view.act or "advise"

    @property
    def info(self) -> ActReading:
        return self.view.act_info

    @property
    def first(self) -> str:
        return self.view.first_message

    @property
    def last(self) -> str:
        return self.view.last_answer

    @property
    def prev(self) -> str | None:
        return self.view.prev_primary

    @property
    def rec(self) -> Recommendation:
        assert self.view.recommendation is not None, "an answer about advice needs advice"
        return self.view.recommendation

    @property
    def profile(self) -> Profile:
        return self.view.profile

    @property
    def stored(self) -> Profile:
        return self.view.stored_profile

    @cached_property
    def named(self) -> list[str]:
        """The routes the message names ('fine-tuning' resolved to the leading tuning route)."""
        return acts.resolve(self.info.approaches, self.info.generic_finetune, self.rec)

    def before_advice(self) -> bool:
        return (
            self.act in ABOUT_ADVICE
            and not self.prev
            and (self.profile.known_facts() == 0 and self.act != "what_if")
        )


def advice(t: Turn) -> str:
    """New facts or a correction: what changed, what was understood and assumed, the advice."""
    rec, profile, stored, prev = t.rec, t.profile, t.stored, t.prev
    diff = facts.changes(stored, profile)
    if prev and prev == rec.primary:
        if not diff and not ASKS_ADVICE.search(t.question):
            return grounded(t)  # nothing new read, the advice not asked for: answer the message
        return acts.unchanged_answer(rec, profile, diff)
    head = acts.changed_header(prev, rec)
    if diff and t.act in ("advise", "correction") and stored.known_facts():
        head += "Changed: " + "; ".join(diff) + ".\n\n"
    seen = facts.understood(profile)
    lines = head + (f"Understood: {seen}.\n\n" if seen else "")
    assumed = acts.assumptions(profile, rec)
    lines += f"{assumed}\n\n" if assumed else ""
    return lines + writer.advice_answer(rec, profile.model_copy(update={"notes": []}), t.passages)


QUESTION = re.compile(
    r"\?\s*$|^\W*(?:how|what|why|when|which|where|who|can|could|should|is|are|do|does)\b",
    re.I,
)


def grounded(t: Turn) -> str:
    """A follow-up that states nothing the reader knows and asks nothing the acts know, never
    answered with the advice repeated: a question gets the knowledge base's best section for
    it (answer first, cited) and the thread's case in a line; a statement ("our help center
    runs on Zendesk") is noted and answered with the next steps of the standing route."""
    top = acts.label(t.rec.ranked[0].approach)
    if QUESTION.search(t.question.strip()) and t.passages:
        body = acts.explain_answer(None, t.passages, t.question)
        seen = facts.understood(t.profile)
        case = f"Your case so far: {seen}; the advice stays {top}." if seen else ""
        return f"{body}\n\n{case}".strip()
    steps = acts.next_steps_answer(t.rec, t.profile, t.question)
    return f"Noted; nothing in it changes the advice ({top}). What to do next:\n\n{steps}"


def _first_followup(t: Turn) -> str:
    return acts.first_followup(t.named[0] if t.named else None)


def why(t: Turn) -> str:
    if t.before_advice():
        return _first_followup(t)
    return acts.why_answer(t.rec, t.profile, t.named[0] if t.named else None)


def why_not(t: Turn) -> str:
    if t.before_advice():
        return _first_followup(t)
    rec = t.rec
    return acts.why_not_answer(rec, t.profile, t.named[0] if t.named else rec.ranked[1].approach)


def compare(t: Turn) -> str:
    return (
        _first_followup(t) if t.before_advice() else acts.compare_answer(t.rec, t.profile, t.named)
    )


def next_steps(t: Turn) -> str:
    if t.before_advice():
        return _first_followup(t)
    return acts.next_steps_answer(t.rec, t.profile, t.question)


def what_if(t: Turn) -> str:
    w = t.view.whatif
    if w is None:
        return acts.what_if_answer(t.stored, Profile(), t.rec, t.rec)
    return acts.what_if_answer(t.stored, w.profile, t.rec, w.recommendation)


def explain(t: Turn) -> str:
    text = acts.explain_answer(t.info.concept, t.passages, t.question)
    # "like I'm a PM", "in plain words": each term glossed where it first appears
    if followups.PLAIN.search(t.question):
        return "\n\n".join(followups.plain(text.split("\n\n")))
    return text


def draft(t: Turn) -> str:
    return drafting.draft(t.question, t.view.word_count or 200, t.view)


def cost(t: Turn) -> str:
    return answers.cost_basis(t.profile.model_dump())


def rewrite(t: Turn) -> str:
    return followups.rewrite(t.last, t.question)


def interview_next(t: Turn) -> str:
    return followups.interview_next(
        t.last, t.first, t.prev or t.rec.primary, t.question, t.view.last_list
    )


def synth(t: Turn) -> str:
    return followups.synth_answer()


def export(t: Turn) -> str:
    return memo.chat_memo(t.view, t.first)


def thanks(t: Turn) -> str:
    return acts.thanks_answer()


def smalltalk(t: Turn) -> str:
    return acts.smalltalk_answer()


def off_topic(t: Turn) -> str:
    return acts.off_topic_answer()


def no_tool_ran(t: Turn) -> str:
    """A tool act whose tool did not run (no file, no job): the advice stands, said once."""
    return advice(t)


def answer_for(act: str) -> Callable[[Turn], str]:
    """The answer function the act's declaration names (an unknown act answers as advice)."""
    return globals()[BY_ACT.get(act, BY_ACT["advise"]).answer]
