"""Interview-style drafts composed from whole answer units.

The question decides the content: the options it names (or prompting, Claude on Bedrock and
LoRA when it names none), in a sensible order (cheapest first), one paragraph each built from
that option's own units in the knowledge base (knowledge/docs/answer-units.md: what it is,
when it wins, prerequisites; each in a short and a long form). The draft fits the asked word
count (+-10%) by choosing which forms to use, never by cutting a sentence; it closes with a
recommendation tailored to the facts in the question and the dated caveats of hosted routes.
The offline model still searches the knowledge base once per option (through the ToolNode),
so the material shows as tool steps; the draft itself reads the units by section."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from tunewise.agent.decision.advisor import LABELS, advise
from tunewise.agent.decision.clarify import deciding_facts, strong_signal
from tunewise.agent.decision.policy import TurnView
from tunewise.agent.reading.understand import extract
from tunewise.agent.schema.facts import understood
from tunewise.core.lifecycle import load_lifecycle
from tunewise.knowledge.sections import section_text

DOC = "answer-units"
# key -> (label, pattern in the question); the label is also the units' heading prefix
OPTIONS = {
    "prompt": ("Prompt engineering", r"\bprompt"),
    "rag": ("Retrieval (RAG)", r"\brag\b|retriev"),
    "llama": (
        "LoRA on an open-weight model",
        r"llama|open[- ]?weight|(?<!q)lora|mistral|phi|open[- ]source",
    ),
    "qlora": ("QLoRA", r"\bqlora\b"),
    "full": (
        "Full fine-tuning",
        r"\bfull(?:[- ](?:parameter|weights?|model))? fine[- ]?tun|\bfull[- ]parameter\b",
    ),
    "openai": ("Fine-tuning an OpenAI model", r"openai|\bgpt"),
    "claude": ("Fine-tuning Claude on AWS Bedrock", r"claude|bedrock|anthropic|haiku"),
    "distill": ("Distillation", r"distill|student model|teacher model"),
}
ORDER = ["prompt", "rag", "distill", "llama", "qlora", "full", "openai", "claude"]
APPROACH = {
    "prompt": "prompt_engineering",
    "rag": "rag",
    "llama": "lora_open_weight",
    "qlora": "lora_open_weight",
    "full": "full_finetune",
    "openai": "proprietary_finetune",
    "claude": "proprietary_finetune",
    "distill": "distillation",
}
HOSTED = {"openai", "claude"}
QUERIES = {
    "prompt": "prompting first few-shot examples system prompt before fine-tuning",
    "rag": "retrieval for facts that change hallucination threshold",
    "llama": "choose an open-weight model with LoRA data privacy GPUs",
    "qlora": "QLoRA 4-bit memory LoRA vs QLoRA",
    "full": "full fine-tuning every weight new capability when justified",
    "openai": "OpenAI fine-tuning examples distillation deprecation dates",
    "claude": "choose the hosted Claude route on Bedrock Haiku fine-tuning safety SLA",
    "distill": "distillation teacher student cost latency high volume",
}
DEFINE = re.compile(
    r"\bwhat(?:'s| is| are)\b|\bexplain\b|\bdefine\b|\bhow (?:does|do|would) .{1,60}? work|"
    r"\bhow .{1,40}? works\b",
    re.I,
)
# the relation a question asks about: "when would you choose X over Y", "when is X better than
# Y", "X instead of Y: when?"; "why X" (its case: when it wins); "how X works" (DEFINE)
OVER = re.compile(
    r"\bwhen\b(?P<lead>[^?.]{0,60}?)\b(?:choose|pick|use|prefer|go (?:with|for)|opt for|"
    r"favou?r|is|are)\s+(?P<x>[^?.]{2,80}?)\s+(?:over|instead of|rather than|better than|"
    r"vs\.?|versus)\s+(?P<y>[^?.;:]{2,80})",
    re.I,
)
BEATS = re.compile(
    r"\bwhen\s+(?:does\s+|do\s+|would\s+|should\s+)?(?P<x>[^?.]{2,60}?)\s+(?:beats?|outperforms?|"
    r"wins? over|is better than|are better than)\s+(?P<y>[^?.;:]{2,80})",
    re.I,
)
WHY = re.compile(r"^\W*(?:and\s+)?why\b(?!\s+not\b)", re.I)
GENERIC_FT = re.compile(r"fine[- ]?tun\w*|\btrain(?:ing)? (?:a|our own) model", re.I)
OPEN_MODEL = re.compile(r"\b(llama ?\d(?:\.\d)?|mistral(?: \d+b)?|phi-?\d)\b", re.I)
COUNTED = re.compile(
    r"(\d[\d,.]*\s*k?)\s+(?:[a-z-]+\s+){0,3}?(transcripts|tickets|examples|conversations|"
    r"documents|emails|rows|chats|reviews|records)",
    re.I,
)


def options_in(question: str, fill: bool = True) -> list[str]:
    """The options the question names, cheapest first; the three main ones when it names
    none (unless `fill` is off); plain 'fine-tuning' means both fine-tuning routes (open
    model and hosted)."""
    q = question.lower()
    keys = {k for k, (_, pat) in OPTIONS.items() if re.search(pat, q)}
    if GENERIC_FT.search(q) and not keys & {"llama", "openai", "claude", "qlora", "full"}:
        keys |= {"llama", "claude"}
    if not keys and fill:
        keys = {"prompt", "llama", "claude"}
    return [k for k in ORDER if k in keys]


@dataclass(frozen=True)
class Relation:
    """What the question asks of its options: 'over' (X over Y: the condition for each, X
    first), 'why' (X's case first), or None (the options side by side); `said` holds the
    question's own words for X and Y."""

    kind: str | None
    first: list[str]
    second: list[str]
    said: tuple[str, str] = ("", "")


def relation(question: str) -> Relation:
    m = OVER.search(question) or BEATS.search(question)
    if m:
        x, y = options_in(m.group("x"), fill=False), options_in(m.group("y"), fill=False)
        if x and y and not set(x) & set(y):
            return Relation("over", x, y, (m.group("x"), m.group("y")))
    if WHY.search(question):
        return Relation("why", options_in(question), [])
    return Relation(None, [], [])


def _condition(key: str) -> str:
    """'the problem is missing or changing knowledge' from the option's short 'when it wins'
    unit ('It wins when the problem is ...'); empty when the unit is not of that shape."""
    text = unit(key, "when it wins (short)")
    m = re.match(r"(?:It wins|Pick it) when (.+?)\.?$", text)
    if not m:
        return ""
    return re.split(r",\s*because\b|:\s", m.group(1))[0].rstrip(" ,;")


def _in_sentence(label: str) -> str:
    """A label inside a sentence: 'Retrieval (RAG)' -> 'retrieval (RAG)'; 'LoRA ...' kept."""
    first = label.split(" ", 1)[0]
    return label[0].lower() + label[1:] if first[1:] == first[1:].lower() else label


def _group_label(keys: list[str], said: str) -> str:
    if len(keys) == 1:
        return _in_sentence(OPTIONS[keys[0]][0])
    return f"{said.strip()} ({' or '.join(_in_sentence(OPTIONS[k][0]) for k in keys)})"


def thesis(rel: Relation) -> str:
    """The sentence that answers 'when X over Y' before the options' paragraphs."""
    x_label = _group_label(rel.first, rel.said[0])
    y_label = _group_label(rel.second, rel.said[1])
    x_cond, y_cond = _condition(rel.first[0]), _condition(rel.second[0])
    parts = []
    if x_cond:
        parts.append(f"Choose {x_label} over {y_label} when {x_cond}")
    else:
        parts.append(f"Choose {x_label} over {y_label} when the conditions below hold")
    if y_cond:
        parts.append(f"{y_label} stays the better choice when {y_cond}")
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


def _relation_close(rel: Relation) -> tuple[str, ...]:
    """(tiny, short, long) closings for an 'over' question with no case of its own: the
    relation restated, not a route picked for facts nobody gave."""
    x = " or ".join(_in_sentence(OPTIONS[k][0]) for k in rel.first)
    y = " or ".join(_in_sentence(OPTIONS[k][0]) for k in rel.second)
    return (
        f"In short: {x} when the conditions above hold, otherwise {y}.",
        f"In short: {x} over {y} only when the conditions above hold; measure both on the "
        "same held-out set before switching.",
        f"In short: {x} over {y} only when the conditions above hold and the gain shows on "
        f"a held-out evaluation set; until then {y} is the simpler choice to keep.",
    )


def unit(key: str, part: str) -> str:
    text = section_text(DOC, f"{OPTIONS[key][0]}: {part}") or ""
    body = "\n".join(x for x in text.splitlines() if not x.startswith("#"))
    return " ".join(body.split())


def _words(text: str) -> int:
    return len(text.split())


def _label(key: str, question: str) -> str:
    label = OPTIONS[key][0]
    named = OPEN_MODEL.search(question) if key == "llama" else None
    return (
        f"{label} ({named.group(1).title().replace('Llama', 'Llama ').replace('  ', ' ')})"
        if named
        else label
    )


def _paragraph(key: str, question: str, what: bool, when: str | None, needs: str) -> str:
    """One option's paragraph; with no 'when' unit it is the label and its prerequisites."""
    parts = [unit(key, "what it is")] if what else []
    if when:
        parts.append(unit(key, f"when it wins ({when})"))
    needs_text = "Prerequisites: " + unit(key, f"prerequisites ({needs})")
    label = _label(key, question)
    if not parts:
        return f"{label}. {needs_text}"
    return f"{label}: " + " ".join(parts) + " " + needs_text


def best_key(keys: list[str], rec: Any) -> str:
    """The named option the advice on the facts ranks highest."""
    order = [r.approach for r in rec.ranked]
    return min(keys, key=lambda k: order.index(APPROACH[k]) if APPROACH[k] in order else 99)


def _recommendation(
    question: str, keys: list[str], rec: Any, ours: bool = False
) -> tuple[str, ...]:
    """(tiny, short, long) closing paragraphs: the best named option for the question's facts
    (`rec`, the advice on them)."""
    best = best_key(keys, rec)
    counted = COUNTED.search(question)
    tailored = (
        f"with {counted.group(1).strip()} {counted.group(2).lower()}, the data supports a "
        "fine-tune once prompting has hit a measured ceiling. "
        if counted and len(keys) > 1
        else ""
    )
    label = OPTIONS[best][0]
    short = f"My recommendation: {tailored}go with {label} first and measure it on held-out data."
    long = (
        f"My recommendation: {tailored}start with {label}, measure it on a held-out "
        "evaluation set, and move to the next option only when the numbers say so, choosing "
        "by whether privacy, safety and service levels, or cost leads."
    )
    tiny = f"My recommendation: {label} first, measured on held-out data."
    if len(keys) == 1 and not ours:  # a question about one option, not a case to decide
        tiny = "In short: worth it when its prerequisites are met."
        short = f"In short: {label} is worth it when its prerequisites are met."
        long = (
            f"In short: {label} is worth it when its prerequisites are met; measure it against "
            "the simpler option on a held-out evaluation set before committing."
        )
    return tiny, short, long


KEY_OF = {
    "prompt_engineering": "prompt",
    "rag": "rag",
    "lora_open_weight": "llama",
    "full_finetune": "full",
    "distillation": "distill",
}


def conversation_keys(rec: Any, profile: Any) -> list[str]:
    """The options a draft about the conversation's case covers: the recommended route and
    its runner-up, when they have answer units (building evals first has none); a hosted
    route is Claude on Bedrock when that is the provider allowed."""
    providers = {p.lower() for p in (profile.providers_ok or [])}
    hosted = "claude" if providers & {"bedrock", "anthropic", "aws"} else "openai"
    keys = []
    for r in rec.ranked[:2]:  # the runner-up only when it has units of its own
        key = hosted if r.approach == "proprietary_finetune" else KEY_OF.get(r.approach)
        if key and key not in keys:
            keys.append(key)
    return keys or ["prompt"]


def ruled_out(keys: list[str], profile: Any) -> list[str]:
    """Without the routes the facts rule out (a hosted fine-tune when data may not leave)."""
    kept = [k for k in keys if not (k in HOSTED and profile.data_may_leave is False)]
    return kept or keys


def _dated(keys: list[str]) -> str:
    """The hosted routes' lifecycle events, dated and compact, each with its alternative."""
    import datetime as dt

    providers = {{"openai": "openai", "claude": "bedrock"}.get(k) for k in keys}
    out = []
    for e in load_lifecycle().entries:
        if e.provider in providers:
            days = e.days_from(dt.date.today())
            when = f"{-days} days ago" if days < 0 else f"in {days} days"
            alt = f" Instead: {e.alternative.rstrip('.')}." if e.alternative else ""
            out.append(f"{e.subject.split(' (')[0]}: {e.event} {e.date.isoformat()} ({when}).{alt}")
    return ("First, a dated caveat: " + " ".join(out)) if out else ""


def _case_opening(profile: Any, rec: Any, ours: bool = False) -> str:
    """When the question lays out a case ("the emails are too formal and the team has not
    tried prompting"), the draft opens on that case: what it states (`profile`) and the
    approach its facts point to (`rec`), with the advisor's own reasons. Empty when it states
    no deciding fact."""

    facts = understood(profile)
    if not facts or not (deciding_facts(profile) or strong_signal(profile)):
        return ""  # a named model alone ("Claude on Bedrock") is not a case
    top = rec.ranked[0]
    # the case's own reasons first; the always-true "cheapest place to start" only when alone
    own = [r for r in top.reasons if not r.startswith("prompting is the cheapest")]
    why = "; ".join((own or top.reasons)[:2])
    lead = (
        f"In {'our' if ours else 'this'} case ({facts}), the first move is {LABELS[top.approach]}"
    )
    text = f"{lead}: {why}." if why else f"{lead}."
    if ours:
        for rx, repl in FIRST_PERSON:
            text = rx.sub(repl, text)
        return text
    return _third_person(text)


# The advisor speaks to the user; a draft about someone else's case speaks of them.
FIRST_PERSON = [  # a draft about our own case (the conversation's) speaks as "we"
    (re.compile(r"\byour\b"), "our"),
    (re.compile(r"\byou (have|need|use|named|already|may|can)\b"), r"we \1"),
]
THIRD_PERSON = [
    (re.compile(r"\byour environment\b"), "its own environment"),
    (re.compile(r"\byour (data|examples|own)\b"), r"their \1"),
    (re.compile(r"\byou (have|need|use|named|already|may|can)\b"), r"they \1"),
]


def _third_person(text: str) -> str:
    for rx, repl in THIRD_PERSON:
        text = rx.sub(repl, text)
    return text


def _names_options(question: str) -> bool:
    q = question.lower()
    return any(re.search(pat, q) for _, pat in OPTIONS.values()) or bool(GENERIC_FT.search(q))


def draft(question: str, words: int, view: TurnView | None = None) -> str:
    """A draft of about `words` words on the options `question` names. In a conversation that
    already has advice (`view`), the draft is about its case: its facts and, when the question
    names no option, its recommended route and runner-up; routes its facts rule out are left
    out. A dated caveat is named only for a hosted route the draft recommends."""

    keys = options_in(question)
    profile = extract(question, semantic=False).profile
    ours = view is not None and bool(view.prev_primary)
    if view is not None and ours:
        case = view.profile
        profile = case.merge(profile)
        if not _names_options(question) and view.recommendation is not None:
            keys = conversation_keys(view.recommendation, case)
    rel = relation(question)
    if rel.kind == "over":  # X first, then Y; the sentence that answers "when" leads
        keys = [*rel.first, *(k for k in rel.second if k not in rel.first)]
    rec = advise(profile)
    opening = _case_opening(profile, rec, ours)
    if opening and not ours and not _names_options(question):
        # a case laid out with no option named ("a bank's policies change monthly; what would
        # you recommend?"): the route its facts point to and the runner-up, not a default trio
        keys = conversation_keys(rec, profile)
    keys = ruled_out(keys, profile)
    closing = _recommendation(question, keys, rec, ours)
    best = best_key(keys, rec)
    dated = _dated([best]) if best in HOSTED else ""
    lead = ""
    if rel.kind == "over" and set(rel.first) <= set(keys) and set(rel.second) <= set(keys):
        lead = thesis(rel)
        # a dated caveat only for a hosted route the question itself argues for by name
        argued = rel.first[0] if len(rel.first) == 1 and rel.first[0] in HOSTED else None
        dated = _dated([argued]) if argued else ""
        if not opening and not COUNTED.search(question):
            closing = _relation_close(rel)  # no case given: the relation, not a pick
    levels = {None: 0, "short": 1, "long": 2}
    variants = [
        [
            (
                int(what) + levels[when] + (needs == "long"),
                _paragraph(k, question, what, when, needs),
            )
            for what, when, needs in itertools.product(
                (False, True), (None, "short", "long"), ("short", "long")
            )
            if (when or not what)  # no 'what it is' without its 'when'
            and (what or not DEFINE.search(question))  # "what is X?" starts with what X is
            and (when or rel.kind != "why")  # "why X": its case ("over": in the lead)
        ]
        for k in keys
    ]
    best: tuple[float, str] | None = None
    for combo in itertools.product(*variants):
        depth = [d for d, _ in combo]
        for close in closing:
            parts = [dated, opening, lead, *(t for _, t in combo), close]
            text = "\n\n".join(x for x in parts if x)
            n = _words(text)
            miss = abs(n - words) / max(words, 1)
            inside = miss <= 0.1
            # within +-10% first; then options treated evenly; then the closest fit
            score = (0 if inside else 10 + miss) + 0.02 * (max(depth) - min(depth)) + 0.1 * miss
            if best is None or score < best[0]:
                best = (score, text)
    assert best is not None
    text = best[1]
    n = _words(text)
    if n > words * 1.1:
        text = (
            f"({words} words is too short for a useful answer on this; here is the shortest "
            f"version, {n} words.)\n\n{text}"
        )
    elif n < words * 0.9:
        text += (
            f"\n\n(That is all the knowledge base holds on {'these options' if len(keys) > 1 else 'this'}: "
            f"{n} words, short of the {words:,} asked; I did not pad it.)"
        )
    return text
