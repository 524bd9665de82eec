"""Dialogue acts: what a turn asks for, read before any fact is stored.

A turn is one act (with the facts it states, if any), declared in agent/schema/act_table.py:
new facts or a new case (`advise`), a `correction`, `why` / `why_not` an approach, `what_if`
a changed fact (answered on a copy of the profile), `compare`, `cost`, `next_steps`, `explain`,
`draft`, `rewrite`, `interview_next`, `plan`, `synth`, `cancel`, a `tool` request, `export`,
`thanks`, `smalltalk` or `off_topic`. The act is the learned reader's
(agent/learned/act_model.py); what the message's structure says (how many facts it states,
whether it names a file, whether it replies to questions just asked) bounds it. The approach
and concept names a message uses are read here too (names, in the usual ways people write them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.agent.learned import act_model
from tunewise.agent.reading.numbers import looks_english
from tunewise.agent.schema.act_table import QUESTION_ACTS  # noqa: F401 (re-exported)

Act = Literal[
    "advise",
    "correction",
    "why",
    "why_not",
    "what_if",
    "compare",
    "cost",
    "next_steps",
    "explain",
    "draft",
    "rewrite",
    "interview_next",
    "plan",
    "synth",
    "cancel",
    "tool",
    "export",
    "thanks",
    "smalltalk",
    "off_topic",
]


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


# Approach names, most specific first; "fine-tuning" alone is resolved by the caller.
APPROACH_NAMES: list[tuple[str, re.Pattern[str]]] = [
    ("build_evals_first", _rx(r"\bevals? first\b", r"\bbuild(?:ing)? (?:an? )?evals?\b")),
    ("preference_tuning", _rx(r"\bdpo\b", r"\brlhf\b", r"\bpreference[- ]tun")),
    (
        "distillation",
        _rx(
            r"\bdistill",
            # "train a smaller model on GPT-4's answers", "a student model"
            r"\b(?:smaller|small|tiny|compact|student)(?: open)?(?:[- ]weight)? (?:\w+ )?model\b[^.?!]{0,40}\b(?:outputs|answers|responses|generations|labels)\b",
            r"\bstudent model\b",
        ),
    ),
    ("full_finetune", _rx(r"\bfull(?:[- ]parameter)? fine[- ]?tun")),
    (
        "proprietary_finetune",
        _rx(
            r"\bbedrock\b",
            r"\bopenai(?:'s)? fine[- ]?tun",
            r"\bfine[- ]?tun\w* (?:gpt|claude|haiku|openai)",
            r"\bhosted fine[- ]?tun",
            r"\bproprietary\b",
            r"\bgpt-?4o?(?:-mini)? fine[- ]?tun",
        ),
    ),
    (
        "lora_open_weight",
        _rx(r"\bq?lora\b", r"\bopen[- ]?weights?\b", r"\bopen (?:source )?model", r"\bllama\b"),
    ),
    ("rag", _rx(r"\brag\b", r"\bretrieval\b", r"\bretrieve\b", r"\bvector (?:db|store|search)")),
    (
        "prompt_engineering",
        _rx(r"\bprompt(?:ing| engineering|s)?\b(?!\s*(?:tokens?|length|size))", r"\bfew[- ]shot"),
    ),
]
GENERIC_FINETUNE = _rx(r"\bfine[- ]?tun\w*", r"\btrain(?:ing)? (?:a|our own) model")

CONCEPTS: dict[str, re.Pattern[str]] = {
    "qlora": _rx(r"\bqlora\b"),
    "lora": _rx(r"\blora\b", r"\bpeft\b", r"\badapters?\b"),
    "rag": _rx(r"\brag\b", r"\bretrieval[- ]augmented", r"\bretrieval\b"),
    "distillation": _rx(r"\bdistill"),
    "dpo": _rx(r"\bdpo\b", r"\brlhf\b", r"\bpreference (?:tuning|optimi)"),
    "prompt_engineering": _rx(r"\bprompt engineering\b", r"\bfew[- ]shot\b"),
    "full_finetune": _rx(r"\bfull fine[- ]?tun"),
    "fine_tuning": _rx(r"\bfine[- ]?tun\w*"),
}


class ActReading(BaseModel):
    act: Act
    approaches: list[str] = Field(default_factory=list, description="approaches named, in order")
    generic_finetune: bool = False
    concept: str | None = None
    tool: str | None = None  # for a tool request: which tool (act_model.read)


def approaches_in(text: str) -> tuple[list[str], bool]:
    """Approaches named in the text, in the order they appear; and whether plain
    'fine-tuning' was named without saying which kind."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for approach, rxp in APPROACH_NAMES:
        for m in rxp.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            found.append((m.start(), approach))
            taken.append((m.start(), m.end()))
    generic = any(
        not any(a <= m.start() < b for a, b in taken) for m in GENERIC_FINETUNE.finditer(text)
    )
    if generic:
        found += [(m.start(), "fine_tuning") for m in GENERIC_FINETUNE.finditer(text)]
    ordered = [a for _, a in sorted(found)]
    return list(dict.fromkeys(ordered)), generic


def concept_in(text: str) -> str | None:
    for name, rxp in CONCEPTS.items():
        if rxp.search(text):
            return name
    return None


# asking for the advice itself ("so what do you recommend?", "which one should we pick?")
ASKS_ADVICE = _rx(
    r"\brecommend",
    r"\bsuggest",
    r"\badvi[cs]e\b",
    r"\bwhat (?:should|would) (?:we|i|you) do\b",
    r"\bwhich (?:one|approach|route|option|way)\b",
    r"\b(?:your|the best) (?:pick|route|option|approach)\b",
)

# Acts a message that states two or more deciding facts may be (a new case is advice otherwise,
# whatever its closing question)
WITH_FACTS = {
    "correction",
    "what_if",
    "compare",
    "cost",
    "plan",
    "cancel",
    "tool",
    "draft",
    "synth",
}
# a message stating two or more facts that the reader finds this likely to be a case is one,
# even when a request reads likelier ("6k requests a day, 1,500 tokens in; cost is the issue")
CASE_FLOOR = 0.25
# Acts a reply to the questions just asked may be besides an answer (advice)
IN_REPLY = WITH_FACTS | {"thanks", "export", "rewrite"}


def read_act(
    text: str,
    facts: int,
    followup: bool = False,
    answering: bool = False,
    files: Sequence[str] = (),
    words: int | None = None,
) -> ActReading:
    """The act of one message. `facts`: how many deciding facts it states; `followup`: the
    assistant has answered before; `answering`: the assistant just asked clarifying questions;
    `files`: the data files the message names (the understanding's file paths); `words`: the
    length it asks for ("150 words"), if any.

    The learned reading, within what the structure allows: a message stating two or more facts
    is a case (advice) unless its act may carry facts and a case reads unlikely (CASE_FLOOR); a
    reply to the questions that is not a question of its own answers them unless the reader is
    sure it is a request; an opening message the reader cannot place opens a case (advice); an
    unsure reading of a follow-up with no fact gets the grounded answer (explain), never the
    advice again (unless it asks for it) or "outside what I can help with"; a message in another
    language is not judged off topic by a reader that knows English best; synthetic data from a
    named seeds file is the generator's tool request."""
    approaches, generic = approaches_in(text)
    probs = act_model.probabilities(text)
    learned, p, tool = act_model.top(probs)
    sure = p >= act_model.FLOOR
    act = learned
    if answering and (facts or not text.rstrip().endswith("?")):
        # a reply to the questions answers them, unless the reader is sure it is a request, or
        # sure it is something else and it states no fact ("Oh! I thought it needed 3k")
        act = learned if sure and (learned in IN_REPLY or not facts) else "advise"
    elif facts >= 2 and (learned not in WITH_FACTS or probs["advise"] >= CASE_FLOOR):
        # a case with a length asked for is a draft when the reader reads one ("Interview: a
        # bank's policies change monthly. What would you recommend? 150 words")
        act = "draft" if learned == "draft" and words else "advise"
    elif files and learned in ("tool", "synth", "plan"):
        pass  # a request about a named data file, however sure the reader is of its words
    elif not sure and not followup:
        act = "advise"  # an opening message the reader cannot place opens a case
    elif not sure and not facts and learned in ("advise", "off_topic", "smalltalk"):
        act = "advise" if ASKS_ADVICE.search(text) else "explain"
    elif learned == "off_topic" and (not sure or not looks_english(text)):
        act = "explain" if followup else "advise"
    if act == "synth" and files:
        act, tool = "tool", "generate_data"
    return ActReading(
        act=act,
        approaches=approaches,
        generic_finetune=generic,
        concept=concept_in(text),
        tool=tool if act == "tool" else None,
    )
