"""Dialogue acts: what a turn asks for, read before any fact is stored.

A turn is one act (with the facts it states, if any): new facts or a new case (`advise`), a
`correction`, `why` / `why_not` an approach, `what_if` a changed fact (answered on a copy of
the profile), `compare` approaches, `cost` of the plan, `next_steps`, `explain` a concept,
`draft` an answer, a `tool` request, `export`, `thanks`, `smalltalk` or `off_topic`.
General cues, not sample sentences: question words and their scope, hedges that mark a
hypothetical, approach and concept names in the usual ways people write them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from tunewise.agent.learned import act_model
from tunewise.agent.reading.numbers import looks_english
from tunewise.agent.reading.understand import THIRD_PARTY_SCENARIO
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
TOOL_INTENTS = {"validate_data", "train", "job_status", "evaluate", "generate_data"}


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

EXPORT = _rx(
    r"\bexport\b",
    r"\bmemo\b",
    r"\bfor my (?:boss|manager|cto|vp|lead|team)\b",
    r"\bwrite (?:this|it) up\b",
    r"\bsummary (?:doc|document|for)\b",
)
THANKS = _rx(
    r"^\W*(?:thanks?|thank you|thx|cheers|ta|great|perfect|awesome|nice|cool|ok(?:ay)?(?: cool)?|got it|makes sense|brilliant)\b[\w\s,!.']{0,30}$"
)
GREETING = _rx(r"^\W*(?:hi|hello|hey|good (?:morning|afternoon|evening)|yo)\b[\w\s,!.']{0,20}$")
CORRECTION = _rx(
    r"^\W*(?:no[,.! ]|nope\b|actually\b|correction\b|sorry,? (?:i|we) meant\b|wait\b|i meant\b|let me correct\b|to be clear\b|not \S+ but\b)",
    r"\bnot [\d,.]+k?\b[^.?!]{0,30}$",
    r"\b(?:i|we) (?:mis-?spoke|got that wrong)\b",
)
CHANGE_QUESTION = _rx(
    r"\b(?:would|does|do|will|could) (?:that|this|these|those|it) change\b",
    r"\bchange (?:anything|the (?:advice|answer|recommendation|picture))\b",
)
WHAT_IF = _rx(
    r"\bwhat if\b",
    r"\bsuppose\b",
    r"\bhypothetically\b",
    r"\bimagine\b",
    r"^\W*(?:and |but )?if\b",
    r"\bwhat would (?:you|it) (?:say|recommend|be) if\b",
    r"\bwould (?:that|this|it) change\b",
    r"\bin case\b.*\?",
)
WHY_NOT = _rx(
    r"\bwhy not\b",
    r"\bhow come (?:you|we) (?:didn'?t|don'?t|aren'?t|wouldn'?t)\b",
    r"\bwhat'?s wrong with\b",
    r"\bwhy (?:didn'?t|don'?t|wouldn'?t|shouldn'?t|not) (?:you|we)\b",
    r"\bwhy (?:is|isn'?t) \w+ (?:not|worse)\b",
    r"\binstead\?",
)
WHY = _rx(
    r"^\W*why\b",
    r"\breasoning\b",
    r"\bwhat makes you (?:say|think|pick)\b",
    r"\bjustify\b",
    r"\bexplain (?:the|your|this) (?:choice|recommendation|pick)\b",
)
COMPARE = _rx(
    r"\bcompare\b",
    r"\bcompar(?:ed|ison)\b",
    r"\bvs\.?\b",
    r"\bversus\b",
    r"\bstack(?:s)? up\b",
    r"\bcontrast\b",
    r"\bside[- ]by[- ]side\b",
    r"\bpros and cons\b",
    r"\b(?:which|what) is better\b",
    r"\bor\b[^?]{0,60}\? *(?:compare|for us)?",
)
COST = _rx(
    r"\bcost\b",
    r"\bcosts\b",
    r"\bprice tag\b",
    r"\bhow expensive\b",
    r"\bhow much (?:would|will|does|is) (?:it|this|that)\b",
)
# Asking how to bring a cost down is asking for an approach; asking how much is a figure.
COST_ADVICE = _rx(
    r"\b(?:reduce|cut|lower|bring down|save on|trim|slash|shrink|decrease|optimi[sz]e)\b[^.?]{0,25}"
    r"\b(?:cost|costs|bill|spend|spending)\b",
    # "GPT-4 costs us too much, how do we cut it?": the cost named before, then the pronoun
    r"\b(?:cost|costs|bill|spend|expensive)\b[^.?]{0,60}\b(?:reduce|cut|lower|bring down|trim|"
    r"slash|decrease)\s+(?:it|that|this|them)\b",
)
COST_FIGURE = _rx(
    r"\bhow much\b",
    r"\bestimate\b",
    r"\bby how much\b",
    r"\bwhat (?:would|will|does)\b[^?]{0,40}\bcost\b",
)
# A question or a request, not a statement that merely mentions prices.
ASKING = _rx(
    r"\?\s*$",
    r"^\W*(?:and |so |ok,? )?(?:how|what|which|give|tell|show|can you|could you|price)\b",
    r"\b(?:estimate|ballpark|calculate|work out|price out)\b",
)
EXPLICIT_COMPARE = _rx(
    r"\bcompare\b",
    r"\bside[- ]by[- ]side\b",
    r"\bvs\.?\b",
    r"\bversus\b",
    r"\bstack(?:s)? up\b",
    r"\bcontrast\b",
    r"\bpros and cons\b",
)
NEXT_STEPS = _rx(
    r"\bnext steps?\b",
    r"\bwhat do (?:we|i) do (?:next|now|first)\b",
    r"\bhow do (?:we|i) (?:get started|start|begin|proceed)\b",
    r"\bstep one\b",
    r"\bfirst step\b",
    r"\bplan to (?:get|ship|roll)\b",
    r"\bhow long (?:would|will|does|might) (?:this|it|that) take\b",
    r"\broll ?out\b",
    r"\btimeline\b",
    r"\bwhere do (?:we|i) start\b",
    r"\bwhat(?:'s| is) the plan\b",
)
EXPLAIN = _rx(
    r"^\W*(?:so )?(?:what(?:'s| is| are| does)|explain|define|tell me about|how does|how do)\b",
    r"\bdifference between\b",
    r"\bwhat does .{1,40} mean\b",
    r"\bin (?:plain|simple) (?:words|terms|english)\b",
)
DOMAIN = _rx(
    r"\bmodels?\b",
    r"\bdata\b",
    r"\bfine[- ]?tun",
    r"\bprompt",
    r"\brag\b",
    r"\bq?lora\b",
    r"\btrain",
    r"\bevals?\b",
    r"\bllms?\b",
    r"\btokens?\b",
    r"\bexamples?\b",
    r"\bgpt|claude|llama|mistral|openai|bedrock|anthropic",
    r"\bai\b",
    r"\bchat ?bot\b",
    r"\bsupport\b",
    r"\btickets?\b",
    r"\bcost",
    r"\bretriev",
    r"\bdistill",
    # the product being improved and what hurts about it ("make our assistant cheaper to run")
    r"\b(?:assistant|copilot|agent|bot|classifier|summari[sz]\w*|extract\w*|inference|serving)\b",
    r"\b(?:cheaper|expensive|latency|slower|faster|accuracy|hallucinat\w*)\b",
    # asking for the advice itself ("so what do you recommend?", "which one should we pick?")
    r"\brecommend",
    r"\bsuggest",
    r"\badvi[cs]e\b",
    r"\bwhat (?:should|would) (?:we|i|you) do\b",
    r"\bwhich (?:one|approach|route|option|way)\b",
)


# A sentence that asks for an action: an imperative at its start, or "can you ...".
REQUEST_FORM = re.compile(
    r"(?:^|[.!?:]\s+|\n)\W*(?:please |pls |ok,? |now |then |so |and )?(?:generate|synthesi[sz]e|create|"
    r"make|validate|check|launch|kick off|start|train|plan|evaluate|run|estimate|draft|write|"
    r"compare|benchmark|give me|show me|help me)\b"
    r"|\b(?:can|could|would|will) you (?:please )?(?:\w+ )?(?:generate|synthesi[sz]e|create|make|"
    r"validate|check|launch|kick off|start|train|plan|evaluate|run|estimate|draft|write|compare)\b"
    r"|\b(?:i|we)(?:'d| would) like you to\b|\bfor (?:an|my) interview\b",
    re.I,
)


class ActReading(BaseModel):
    act: Act
    approaches: list[str] = Field(default_factory=list, description="approaches named, in order")
    generic_finetune: bool = False
    concept: str | None = None


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


def asks_cost(text: str, intent: str) -> bool:
    """A request for a cost figure: the asking sentence names the cost ("what would 100k a
    day cost?"); a scenario that complains about cost and then asks what to do is advice."""
    if len(text) >= 300 or not ASKING.search(text):
        return False
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", text.strip()) if x.strip()]
    asking = [x for x in sentences if ASKING.search(x)] or sentences
    if all(COST_ADVICE.search(x) and not COST_FIGURE.search(x) for x in asking):
        return False  # "how would you reduce cost?" asks for an approach, not a figure
    return intent == "estimate_cost" or any(COST.search(x) for x in asking)


def rule_act(text: str, intent: str, facts: int) -> ActReading:
    """The rule reading of one message's act. `intent` is the tool-intent reading
    (understand.py) and `facts` how many deciding facts the message states."""
    t = text.strip()
    low = t.lower()
    approaches, generic = approaches_in(t)
    concept = concept_in(t)

    def reading(act: str) -> ActReading:
        return ActReading(act=act, approaches=approaches, generic_finetune=generic, concept=concept)

    # A scenario that mentions drafting or generating data is not a request to do it: with
    # several facts stated and no sentence asking for the action, it is advice.
    described = facts >= 2 and not REQUEST_FORM.search(t) and ".jsonl" not in low
    if intent == "draft_answer" and not (described and facts >= 3):
        return reading("draft")
    if intent in TOOL_INTENTS and not described:
        return reading("tool")
    if EXPORT.search(t) and len(t) < 200:
        return reading("export")
    if THANKS.search(t) and facts == 0:
        return reading("thanks")
    if GREETING.search(t) and facts == 0:
        return reading("smalltalk")
    if (CORRECTION.search(t) or CHANGE_QUESTION.search(t)) and facts > 0:
        # "Requests per day: 3,000. Evals - no. Would that change anything?": new facts stated,
        # and the question is about them, not a what-if
        return reading("correction")
    if WHAT_IF.search(t) and not THIRD_PARTY_SCENARIO.search(t):  # "suppose a bank ...": a case
        return reading("what_if")
    if asks_cost(t, intent):
        return reading("cost")
    if EXPLICIT_COMPARE.search(t) and len(approaches) >= 2:
        return reading("compare")
    if facts >= 2:  # a new case with a question at the end ("..., fine-tune or RAG?")
        return reading("advise")
    if WHY_NOT.search(t):
        return reading("why_not" if approaches else "why")
    if WHY.search(t) and len(t) < 200:
        return reading("why")
    if intent == "estimate_cost" and ASKING.search(t):
        return reading("cost")
    explainish = EXPLAIN.search(t) and concept is not None and len(t) < 300
    if "difference between" in low and concept in ("qlora", "lora") and "qlora" in low:
        return reading("explain")
    if COMPARE.search(t) and (len(approaches) >= 1 and not explainish or len(approaches) >= 2):
        return reading("compare")
    if NEXT_STEPS.search(t) and facts <= 1:
        return reading("next_steps")
    if asks_cost(t, intent):
        return reading("cost")
    if explainish or intent == "explain":
        return reading("explain")
    if facts == 0 and not DOMAIN.search(t) and looks_english(t):
        # the domain words are English ones: a message in another language is not judged
        # off topic by them (it gets the advice path, which says it read a language it reads
        # less well)
        return reading("off_topic")
    return reading("advise")


# Acts a message that states two or more deciding facts may still be (a new case is advice
# otherwise, whatever its closing question)
REQUESTS = {"draft", "cost", "export"}
# asking for the advice itself ("so what do you recommend?", "which one should we pick?")
ASKS_ADVICE = _rx(
    r"\brecommend",
    r"\bsuggest",
    r"\badvi[cs]e\b",
    r"\bwhat (?:should|would) (?:we|i|you) do\b",
    r"\bwhich (?:one|approach|route|option|way)\b",
    r"\b(?:your|the best) (?:pick|route|option|approach)\b",
)
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


def read_act(
    text: str,
    intent: str,
    facts: int,
    followup: bool = False,
    answering: bool = False,
    files: bool = False,
) -> ActReading:
    """The act of one message: the learned reader's (agent/learned/act_model.py) when it is sure,
    within what the message's structure allows; the rule reading when it is unsure. A
    on-topic follow-up the rules can only call off topic, with no fact stated, is a question:
    it gets the grounded answer (explain), never "outside what I can help with". A reply to the
    questions the assistant just asked (`answering`) is read by the rules: "The output
    format." answers "what needs to improve?"; a reply that states nothing and asks a question
    of its own is read like any other message. `files`: the message names a data file (the
    understanding's file paths)."""
    rule = rule_act(text, intent, facts)
    if answering and (facts or not text.rstrip().endswith("?")):
        return rule  # a reply to the questions; one that only asks a question of its own is not
    learned, p = act_model.read(text)
    if (rule.act == "tool") != (learned == "tool") and learned not in ("plan", "cancel"):
        # a file to validate, launch on, evaluate: the tool intent owns it; a tool cue with no
        # file in a message the reader is sure is something else ("how can I create a data set
        # from our support chats?" asks how, it does not order synthetic data) does not
        sure = p >= act_model.FLOOR
        # and the reverse: a data file the reader is sure the message asks a tool about
        # ("check data/train.jsonl for bedrock"); the policy runs the validator on it
        if files and sure and learned == "tool" and not answering:
            return rule.model_copy(update={"act": "tool"})
        if files or not (sure and rule.act == "tool" and learned != "synth"):
            return rule
    if p < act_model.FLOOR:
        # a follow-up with no fact that the rules could only call advice (and does not ask for
        # the advice) or off topic (and the reader does not take for off topic) is a question
        # in the conversation: it gets the grounded answer, not the advice again
        unsure = (
            followup
            and facts == 0
            and (
                (rule.act == "advise" and not ASKS_ADVICE.search(text))
                or (rule.act == "off_topic" and learned != "off_topic")
            )
        )
        return rule.model_copy(update={"act": "explain"}) if unsure else rule
    if (
        learned == "advise"
        and rule.act not in ("advise", "off_topic")
        and (followup or rule.act in REQUESTS)
    ):
        # advice is the catch-all: in a conversation, a specific cue the rules found (and a
        # request for a draft, a figure or a memo anywhere) is more telling; an opening
        # question is advice
        return rule
    if facts >= 2 and learned not in WITH_FACTS:
        return rule.model_copy(update={"act": "advise" if rule.act == "off_topic" else rule.act})
    if learned == "off_topic" and (DOMAIN.search(text) or not looks_english(text)):
        return rule.model_copy(update={"act": "explain" if followup else "advise"})
    return rule.model_copy(update={"act": learned})
