"""Offline understanding: free text -> profile facts and an intent.

General means, not sample sentences: lexicons (agent/reading/lexicon.py), numbers in any usual form
attached to the unit words that follow them, and negation scoped to the clause before a cue.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from tunewise.agent.reading import lexicon as L
from tunewise.agent.reading.numbers import find_numbers, looks_english
from tunewise.agent.reading.quantities import read_numbers
from tunewise.agent.reading.semantic import read_facts
from tunewise.agent.schema.profile import Profile

# Clauses: sentences, semicolons, a comma before a conjunction, "but", and an "and" that
# starts a new subject ("they measure with a rubric and the data isn't sensitive").
_CLAUSE = re.compile(
    r"(?<=[.!?;])\s+|\s*;\s*|,\s+(?:but|and|so|although|though|while|yet)\s+|\s+but\s+|\s*\n+\s*"
    r"|\s+and\s+(?=(?:the|our|we|we've|we're|they|they've|their|i|i've|nothing|nobody|no one)\s)"
    # a second predicate of the same subject: "a clinic that can't share records and has 8k notes"
    r"|\s+and\s+(?=(?:has|have|had|is|are|was|were|can|can't|cannot|must|does|doesn't|did|didn't|"
    r"wants|needs|uses|gets|keeps|holds)\s)"
)
# A sentence that asks or imagines: its facts are hypothetical, never stored.
ASKING = re.compile(
    r"^\W*(?:and |so |but |ok,? |hypothetically,? )?(?:what|how|why|which|who|when|where|can|could|would|should|"
    r"is|are|do|does|did|will|was|were|if|suppose|imagine|hypothetically)\b",
    re.I,
)
SUBJECT_FIELDS = ("task_kinds", "wants_weight_change", "narrow_task")
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")

SEMANTIC_CLAUSES = 30  # bounds the embedding work on very long messages


class Understanding(BaseModel):
    profile: Profile
    hypothetical: Profile = Profile()  # facts named in questions and what-ifs: never stored
    language_ok: bool = True
    file_paths: list[str] = []
    model_ids: list[str] = []
    word_count: int | None = None


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c and c.strip()]


def negated(clause: str, start: int, window: int = 7) -> bool:
    """A negation cue among the `window` words before position `start` in the clause."""
    before = re.split(r"[,;:]|\s-\s", clause[:start])[-1]  # a negation's scope ends at a comma
    if NEGATED_SUBJECT.match(before):  # "No one on the team has put together a benchmark"
        return True
    words = re.findall(r"[\w']+", before)[-window:]
    return bool(L.NEGATION.search(" ".join(words)))


# A negative subject negates its whole predicate, however long.
NEGATED_SUBJECT = re.compile(
    r"^\W*(?:but |and )?(?:no one|nobody|none of us|nothing|no team)\b", re.I
)


# A described case, not the user's own hypothetical: "Suppose a bank has ...", "Imagine a team
# that ..." (interview scenarios); "suppose we had ..." stays hypothetical.
THIRD_PARTY_SCENARIO = re.compile(
    r"^\W*(?:so,? )?(?:suppose|imagine|say|let's say|consider|picture|assume|what if)\b,?\s+(?:that\s+)?"
    r"(?:a|an|the|your|some|one)\s+(?:[\w-]+\s+){0,2}?(?:company|team|bank|startup|start-up|client|"
    r"customer|retailer|hospital|clinic|firm|business|organi[sz]ation|org|enterprise|insurer|agency|"
    r"school|university|lab|marketplace|platform|vendor|saas|fintech|e-?commerce|shop|store|"
    r"publisher|airline|telco|manufacturer|government|department)(?:'s|s)?\b",
    re.I,
)
# "Imagine 2 million requests a day and a team with 10,000 examples": a case laid out for
# advice, not the user's own what-if, when it names no one of ours ("imagine we had",
# "suppose volume were 1M" stay hypothetical).
DESCRIBED_CASE = re.compile(
    r"^\W*(?:so,? )?(?:imagine|picture|consider|suppose|let's say)\b,?\s+(?:that\s+)?"
    r"(?!(?:we|i|our|us|you|your|if|what|how)\b)",
    re.I,
)
OUR_OWN = re.compile(r"\b(?:we|we're|we'd|our|us|i|i'm|my|were|instead)\b", re.I)
# "How would you handle an assistant that makes up specs?": the situation is described, only
# the handling is asked; an "if" part stays hypothetical.
HANDLE_QUESTION = re.compile(
    r"^\W*(?:and |so )?how (?:would|should|do|can|could|might) (?:you|we|i|one|a team) "
    r"(?:handle|approach|advise|fix|solve|deal with|tackle|improve|stop|prevent|address|lower|reduce|cut|"
    r"bring down|speed up)\s+(?P<rest>.+)$",
    re.I | re.S,
)

# "Explain why an eval set matters", "walk me through LoRA": a request names a topic and states
# no fact; a case after its colon ("tell me what to do: we have 3k tickets") is stated.
REQUEST = re.compile(
    r"^\W*(?:please,? |ok,? |so,? )?(?:explain|tell me|describe|walk me through|give me|show me|"
    r"outline|summari[sz]e|define|remind me)\b[^:]*",
    re.I,
)

DEFINING = re.compile(
    r"\b(?:explain|define|what(?:'s| is| are| does)\b.{0,30}\bmean|difference between|versus|vs\.?)"
    r"(?=\W)",
    re.I,
)

# "How would you decide between RAG and fine-tuning for a legal assistant whose case law
# updates daily?", "What would you recommend for a team with 12k labelled tickets?": the
# question is the choice; the case it is for is laid out as stated (a third party's case).
CHOICE_FOR_CASE = re.compile(
    r"^\W*(?:and |so )?(?:how (?:would|should|do|can|could) (?:you|one|a team) (?:decide|choose|pick)"
    r"|(?:what|which)(?: \w+)? (?:would|should|do) (?:you|one) (?:recommend|suggest|pick|choose|do|use))"
    r"\b[^?]*?\bfor (?P<rest>(?:an?|the|this|that) .+)$",
    re.I | re.S,
)

# A question the user answers at once, as in a form: "Test set? Yes, 400 cases." states it.
SELF_ANSWERED = re.compile(
    r"(?:^|(?<=[.!\n]))\s*(?P<key>[A-Za-z][\w /'-]{1,30}?)\?\s+(?P<answer>(?:yes|yep|no|nope|none)\b)",
    re.I,
)


WHAT_IF_MARK = re.compile(
    r"\b(?:what if|suppose|imagine|hypothetically|what would (?:you|it) (?:say|recommend|be) if)\b[,:]?\s*",
    re.I,
)


def split_hypothetical(text: str) -> tuple[str, str]:
    """(statements, questions and hypotheticals): a sentence that asks ("how much memory
    would we need?") or imagines ("what if we could use AWS?") states no fact. In a sentence
    ending in '?', the comma-separated parts before the asking part still state facts
    ("we have 20k examples, should we fine-tune?")."""
    stated, asked = [], []
    text = SELF_ANSWERED.sub(lambda m: f"{m.group('key')}: {m.group('answer')}", text)
    for sentence in SENTENCE.split(text):
        if not sentence.strip():
            continue
        if THIRD_PARTY_SCENARIO.search(sentence):
            stated.append(THIRD_PARTY_SCENARIO.sub("", sentence).rstrip("?"))
            continue
        case = DESCRIBED_CASE.match(sentence)
        if case and not OUR_OWN.search(sentence) and len(find_numbers(sentence)) >= 2:
            stated.append(sentence[case.end() :].rstrip("?"))
            continue
        request = REQUEST.match(sentence)
        if request:
            asked.append(request.group(0))
            rest = sentence[request.end() :].lstrip(":").strip()
            if rest:
                stated.append(rest)
            continue
        choice = CHOICE_FOR_CASE.match(sentence)
        if choice and not OUR_OWN.search(choice.group("rest")):
            stated.append(choice.group("rest").rstrip("?"))  # the case the choice is for
            continue
        handle = HANDLE_QUESTION.match(sentence)
        if handle:
            rest, _, condition = handle.group("rest").partition(" if ")
            stated.append(rest.rstrip("?"))
            if condition:
                asked.append("if " + condition)
            continue
        if ASKING.search(sentence) or re.search(r"\bwhat if\b", sentence, re.I):
            asked.append(sentence)
        elif sentence.rstrip().endswith("?"):
            parts = re.split(r"[,;]\s+|\s+-\s+", sentence)
            cut = next((i for i, x in enumerate(parts) if ASKING.search(x)), len(parts) - 1)
            stated += parts[:cut]
            asked.append(" ".join(parts[cut:]))
        else:
            stated.append(sentence)
    return ". ".join(x.rstrip(".") for x in stated), " ".join(asked)


def extract(text: str, semantic: bool = True) -> Understanding:
    """Read one message; return only the facts it states (unknown stays None), and apart from
    them the facts its questions and hypotheticals name. With `semantic`, facts the lexicon
    leaves unknown are read by embedding similarity."""
    stated, asked = split_hypothetical(text)
    profile = _read(stated, semantic, text) if stated.strip() else Profile()
    # a what-if names changed facts in the words of a statement ("what if legal approved
    # sending the data to AWS"): without its marker it is read like one; other questions are
    # read by the lexicon only
    imagined = WHAT_IF_MARK.sub("", asked) if WHAT_IF_MARK.search(asked) else ""
    hypothetical = (
        _read(imagined, semantic)
        if imagined.strip()
        else _read(asked, semantic=False)
        if asked.strip()
        else Profile()
    )
    # What a question is about (fine-tuning, brand voice) is its subject, not a hypothetical;
    # a question about words ("explain extraction versus classification") has no such subject.
    subject = {
        k: getattr(hypothetical, k)
        for k in SUBJECT_FIELDS
        if getattr(hypothetical, k) and not DEFINING.search(asked)
    }
    if subject:
        profile = profile.merge(Profile.model_validate(subject))
        profile.notes = []
    return Understanding(
        profile=profile,
        hypothetical=hypothetical,
        language_ok=looks_english(text),
        file_paths=re.findall(r"[\w./~-]+\.jsonl\b", text),
        model_ids=model_ids(text),
        word_count=_word_count(text),
    )


TUNED_BEFORE = re.compile(r"(?:fine[- ]?tuned|tuned|custom)\s+(?:version of\s+)?$", re.I)


def model_ids(text: str) -> list[str]:
    """Model ids as typed; "fine-tuned gpt-3.5" names the tuned route (ft:gpt-3.5)."""
    out = []
    for m in L.MODEL_ID.finditer(text):
        mid = m.group().rstrip(".,;:")
        if not mid.startswith("ft:") and TUNED_BEFORE.search(
            text[max(0, m.start() - 25) : m.start()]
        ):
            mid = f"ft:{mid}"
        out.append(mid)
    return out


def _read(text: str, semantic: bool, message: str = "") -> Profile:
    p: dict = {"task_kinds": [], "providers_ok": [], "compliance": []}
    for clause in clauses(text):
        low = clause.lower()
        read_numbers(clause, p, message or text)
        for name, rxp in L.COMPLIANCE.items():
            m = rxp.search(clause)
            if m and not negated(clause, m.start()):
                p["compliance"].append(name)
        if re.search(
            r"(?:we(?:'re| are)|already) (?:on|an?|using|use) (?:aws|amazon)|aws shop", low
        ):
            p["providers_ok"].append("bedrock")
        keyed = KEYED_ANSWER.match(clause)
        field, value = _keyed(keyed) if keyed else (None, None)
        if field:  # "Evals - no.", "Prompt work: none yet.", "Data can leave: yes"
            p[field] = value
            continue
        for kind, rxp in L.TASK_KINDS.items():
            m = rxp.search(clause)
            if m and not negated(clause, m.start(), 4) and kind not in p["task_kinds"]:
                p["task_kinds"].append(kind)
        for key, rxp, window in (
            ("own_hardware", L.HARDWARE, 6),
            ("ml_skills", L.ML_SKILLS, 4),
            ("multi_tenant", L.MULTI_TENANT, 4),
            ("on_device", L.ON_DEVICE, 3),
            ("sft_done", L.SFT_DONE, 3),
            ("uses_large_model", L.LARGE_MODEL, 3),
            ("hallucination_issue", L.HALLUCINATION, 3),
            ("wants_weight_change", L.WEIGHT_CHANGE, 2),
            ("narrow_task", L.NARROW, 3),
        ):
            m = rxp.search(clause)
            if m:
                value = not negated(clause, m.start(), window)
                if value or key in (
                    "own_hardware",
                    "ml_skills",
                    "multi_tenant",
                    "on_device",
                    "sft_done",
                ):
                    p[key] = value if key not in p or value else p[key]
        if L.TEACHER.search(clause) or (
            L.OUTPUTS_KEPT.search(clause) and L.LARGE_MODEL.search(text)
        ):
            p["teacher_outputs"] = True
        if L.CHANGE_HIGH.search(clause):
            p["change_velocity"] = "high"
        elif L.CHANGE_LOW.search(clause):
            p["change_velocity"] = "low"
        if re.search(
            r"\b(?:no|don't have any|do not have any|zero|without any) (?:labell?ed |training )?(?:data|examples|dataset)\b",
            low,
        ):
            p["n_examples"] = 0
    # a safety need named through the model family: strict safety and Claude/Anthropic wanted
    family = SAFETY_FAMILY.search(text)
    if family and SAFETY_NEED.search(text) and not _provider_refused(text, family):
        p["compliance"].append("anthropic_safety")
    p["compliance"] = list(dict.fromkeys(p["compliance"]))
    p.pop("_unit", None)  # read_numbers' note of the last counted noun, not a fact
    if p.get("narrow_task") and "stable" in text.lower():
        p.setdefault("change_velocity", "low")
    facts, sources = read_facts(list(clauses(text))[:SEMANTIC_CLAUSES], p, semantic)
    p.update(facts)
    if facts.get("data_may_leave"):  # the providers named where the data was let go
        said = sources["data_may_leave"]
        p["providers_ok"] += [
            k
            for k, rxp in L.PROVIDERS.items()
            if (m := rxp.search(said)) and not _provider_refused(said, m)
        ]
    p["providers_ok"] = list(dict.fromkeys(p["providers_ok"]))
    return Profile.model_validate({k: v for k, v in p.items() if v is not None})


SAFETY_FAMILY = re.compile(r"\b(?:anthropic|claude)\b", re.I)
SAFETY_NEED = re.compile(
    r"\b(?:safety|safe for (?:kids|children|minors)|harmless\w*|guardrails?|child[- ]safe)\b", re.I
)


# A fact given as a key and a yes or no: "Eval set: yes", "Evals - no", "Prompting: none yet".
KEYED_ANSWER = re.compile(
    r"^\W*(?P<key>[a-z][a-z /'-]{1,40}?)\s*(?:[:=\u2013]|\s-|\?)\s*"
    r"(?P<value>yes|yep|yeah|y|no|nope|nah|n|none|none yet|not yet|nothing|nothing yet|zero|n/a)\b\W*$",
    re.I,
)
KEY_FIELDS = (
    (
        "eval_ready",
        re.compile(
            r"\b(?:evals?|evaluation|test set|eval set|benchmark|golden set|harness)\b", re.I
        ),
    ),
    ("tried_prompting", re.compile(r"\bprompt", re.I)),
    (
        "data_may_leave",
        re.compile(r"\b(?:data|it) (?:can|may) (?:leave|go out|be shared)|\bhosted ok\b", re.I),
    ),
)


def _keyed(m: re.Match[str]) -> tuple[str | None, Any]:
    """(field, value) for a key-and-answer clause whose key names one of the polar facts;
    (None, None) when it names none, or for a bare yes about prompting, which says nothing of
    how far it got."""
    yes = m.group("value").lower() in ("yes", "yep", "yeah", "y")
    for field, key in KEY_FIELDS:
        if key.search(m.group("key")):
            if field == "tried_prompting":
                return (None, None) if yes else (field, "none")
            return field, yes
    return None, None


def _provider_refused(clause: str, m: re.Match[str]) -> bool:
    """'OpenAI is not (allowed)', 'but not OpenAI', 'no OpenAI': a provider ruled out."""
    after = clause[m.end() : m.end() + 30].lower()
    before = clause[max(0, m.start() - 12) : m.start()].lower()
    return bool(
        re.match(r"^\W*(?:is|are|was)?\s*(?:not|n't|never)\b|^\s*isn't", after)
        or re.search(r"\b(?:not|no|never|except)\s+$", before)
    )


def _word_count(text: str) -> int | None:
    m = re.search(r"\b(\d[\d,]*)[- ]?words?\b", text, re.I)
    return max(1, min(int(m.group(1).replace(",", "")), 100_000)) if m else None
