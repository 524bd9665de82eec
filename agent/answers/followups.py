"""Answers to follow-ups about the conversation itself: rewrites of the last answer, the
questions an interviewer would ask next, and synthetic training data.

A rewrite keeps the last answer's own sentences (it selects and reformats, never restates), so
two versions of one answer cannot contradict each other; it fits an asked word count within
10% where the sentences allow. Follow-up questions come with short model answers from the
knowledge base's answer units for the options the last answer discussed.
"""

from __future__ import annotations

import re

from tunewise.agent.answers import drafting
from tunewise.knowledge.sections import section_text

SPOKEN_WORDS = 150  # about a minute at an unhurried speaking pace
CITATION = re.compile(r"\s*\[[^\]]*>[^\]]*\]")
WORDS = re.compile(r"(\d{2,4})\s*(?:-\s*)?words?\b", re.I)
SHORTER = re.compile(r"\bshort|\bcut\b|tl;?dr|concise|condense|summar|brief|trim|punch", re.I)
SPOKEN = re.compile(
    r"\bspoken|out loud|\baloud\b|\d+[- ]second|a minute\b|phone screen|\bsay it\b", re.I
)
BULLETS = re.compile(r"\bbullet|\bslides?\b|\blist\b", re.I)
# "in 5 bullets", "three key points": that many bullets, the answer's lead first
COUNTED_BULLETS = re.compile(
    r"\b(?P<n>\d|three|four|five|six|seven|eight)\s+(?:short\s+|key\s+|main\s+)?"
    r"(?:bullets?|bullet points|points)\b",
    re.I,
)
NUMBER_WORDS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
EXEC = re.compile(r"\bexec|\bvp\b|\bcto\b|\bceo\b|leadership|elevator|\bboss\b", re.I)
FORMAL = re.compile(r"\bformal|professional", re.I)
CASUAL = re.compile(r"\bcasual|friendl|less robotic|conversational|relaxed", re.I)
PLAIN = re.compile(r"plain english|non-?technical|jargon|like i'?m a pm|simpl", re.I)
NO_CITES = re.compile(r"(?:drop|without|no|remove) (?:the )?citations?", re.I)
# a term's first use gets a gloss in plain words
JARGON = {
    "QLoRA": "a memory-saving way to train a small add-on",
    "LoRA": "a small add-on trained on top of an open model",
    "RAG": "looking up your own documents when a question comes in",
    "open-weight": "downloadable",
    "few-shot": "with worked examples in the instructions",
    "eval set": "a test set of graded answers",
    "JSONL": "a file with one example per line",
}
CONTRACT = {
    "do not": "don't",
    "does not": "doesn't",
    "is not": "isn't",
    "it is": "it's",
    "you are": "you're",
    "we are": "we're",
    "cannot": "can't",
    "will not": "won't",
}


def _sentences(text: str, cites: bool) -> list[str]:
    """The answer's prose sentences: no headings, tables, code or list markers."""
    lines, header, footnotes = [], [], False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):  # a table row becomes a sentence: "gpt-4o: per month $165"
            cells = [c.strip().replace("*", "").strip() for c in line.strip("|").split("|")]
            if not header:
                header = cells
            elif not all(set(c) <= set("-: ") for c in cells):
                pairs = [f"{h} {c}" for h, c in zip(header[1:], cells[1:], strict=False) if c]
                row = f"{cells[0]}: {', '.join(pairs)}."
                lines.append(row[0].upper() + row[1:])
            continue
        header = []
        if line == "Assumptions:":  # an estimate's footnotes: prices' provenance, not the answer
            footnotes = True
            continue
        if footnotes and line.startswith("- "):
            continue
        footnotes = False
        if not line or line.startswith(("#", "```", ">")):
            continue
        line = re.sub(r"^(?:[-*]|\d+\.)\s+", "", line).replace("**", "").replace("*", "")
        if line.endswith(":"):
            continue  # a list's lead-in ("Why, from what you told me:") says nothing alone
        line = line[0].upper() + line[1:]
        lines.append(line if line[-1] in ".!?]" else line + ".")
    body = " ".join(lines)
    if not cites:
        body = CITATION.sub("", body)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", body) if s.strip()]


def _count(text: str) -> int:
    return len(CITATION.sub("", text).split())


def fit(sentences: list[str], target: int) -> list[str]:
    """Sentences, in their order, that come closest to `target` words: the one that carries the
    answer (the recommendation, else the first) always, then each other one that still fits
    within 10% over."""
    if not sentences:
        return []
    lead = next((i for i, s in enumerate(sentences) if s.startswith("Recommendation")), 0)
    keep = {lead}
    for i, s in enumerate(sentences):
        if i != lead and sum(_count(sentences[j]) for j in keep) + _count(s) <= target * 1.1:
            keep.add(i)
    return [sentences[lead]] + [s for i, s in enumerate(sentences) if i in keep and i != lead]


def rewrite(last_answer: str, question: str) -> str:
    if not last_answer.strip():
        return "There is no earlier answer to rewrite yet. Ask your question first, then say *shorter*, *in 100 words*, *as bullets* or *a 60-second spoken version*."
    spoken = bool(SPOKEN.search(question))
    cites = not (spoken or NO_CITES.search(question))
    sents = _sentences(last_answer, cites)
    total = sum(map(_count, sents))
    asked = WORDS.search(question)
    if asked:
        target = int(asked.group(1))
    elif spoken:
        target = SPOKEN_WORDS
    elif EXEC.search(question):
        target = min(90, max(40, total // 2))
    elif SHORTER.search(question) or BULLETS.search(question):
        target = max(40, total // 2)
    else:
        target = total
    kept = fit(sents, target)
    if PLAIN.search(question):
        kept = plain(kept)
    if FORMAL.search(question):
        kept = [_formal(s) for s in kept]
    elif CASUAL.search(question) or spoken:
        kept = [_casual(s) for s in kept]
    words = sum(map(_count, kept))
    counted = COUNTED_BULLETS.search(question)
    if counted:
        n = NUMBER_WORDS.get(counted.group("n").lower()) or int(counted.group("n"))
        points = fit(sents, total)[:n]  # every sentence, lead first, then the first n
        short = (
            ""
            if len(points) == n
            else (
                f"\n\n(The earlier answer makes {len(points)} points, so this has {len(points)}.)"
            )
        )
        return "\n".join(f"- {x}" for x in points) + short
    if BULLETS.search(question) or EXEC.search(question):
        head, rest = kept[0], kept[1:]
        out = head + ("\n\n" + "\n".join(f"- {s}" for s in rest) if rest else "")
    else:
        out = " ".join(kept)
    note = ""
    if asked and abs(words - target) > 0.1 * target:
        note = f"\n\n({words} words: the earlier answer has {total}, so this is as close to {target} as its own sentences allow.)"
    return out + note


def plain(sentences: list[str]) -> list[str]:
    """Each jargon term glossed in plain words where it first appears (outside citations)."""
    out, seen = [], set()
    for s in sentences:
        parts = re.split(r"(\[[^\]]*\])", s)
        for i in range(0, len(parts), 2):  # even parts are outside citations
            for term, plain in JARGON.items():
                m = (
                    None
                    if term in seen
                    else re.search(rf"(?<![\w(-]){re.escape(term)}(?![\w)-])", parts[i])
                )
                if m:
                    seen.add(term)
                    parts[i] = parts[i][: m.end()] + f" ({plain})" + parts[i][m.end() :]
        out.append("".join(parts))
    return out


def _formal(s: str) -> str:
    for full, short in CONTRACT.items():
        s = re.sub(rf"\b{re.escape(short)}\b", full, s, flags=re.I)
    return s


def _casual(s: str) -> str:
    for full, short in CONTRACT.items():
        s = re.sub(rf"\b{full}\b", short, s)
    return s


FOLLOW_UPS = (
    ("When is {label} the right call, and when not?", "when it wins (short)"),
    ("What do you need before you start with {label}?", "prerequisites (short)"),
)
EVAL_SECTION = ("evaluation-base-vs-tuned", "What to compare")


LIST_HEAD = "Likely follow-ups, with short answers you can adapt:"
# one item of such a list: "2. **What do you need before ...?** answer [doc > section]"
LIST_ITEM = re.compile(r"^(\d+)\. \*\*(.+?)\*\* (.*?)(?: \[([^\]>]+) > ([^\]]+)\])?$", re.M)
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}  # "3rd": its digit
ORDINAL = re.compile(
    r"\b(?P<word>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\b"
    r"|(?:\bnumber|\bno\.|\bquestion|\bq|#)\s*(?P<num>\d)\b",
    re.I,
)


def expand_item(last_answer: str, question: str) -> str | None:
    """'How would I answer the first one?' after a list of likely follow-ups: that question
    with the fuller model answer (the long form of its unit, or its whole section). None when
    the last answer is no such list or the message names no item of it."""
    items = {int(m.group(1)): m for m in LIST_ITEM.finditer(last_answer or "")}
    pick = ORDINAL.search(question)
    if not last_answer.startswith(LIST_HEAD) or not items or not pick:
        return None
    word = (pick.group("word") or "").lower()
    n = max(items) if word == "last" else ORDINALS.get(word) or int(word[:1] or pick.group("num"))
    if n not in items:
        return (
            f"The list above has {len(items)} questions; say which one (first to {len(items)}th)."
        )
    m = items[n]
    doc, section = (m.group(4) or "").strip(), (m.group(5) or "").strip()
    fuller = ""
    if doc == drafting.DOC and section.endswith("(short)"):
        section = section[: -len("(short)")] + "(long)"
        label, part = section.split(": ", 1)
        key = next((k for k, (lab, _) in drafting.OPTIONS.items() if lab == label), None)
        fuller = drafting.unit(key, part) if key else ""
    elif doc and section:
        fuller = " ".join(_prose(section_text(doc, section) or "")[:5])
    answer = fuller or m.group(3)
    cite = f" [{doc} > {section}]" if doc else ""
    return f"**{m.group(2)}**\n\nA fuller answer: {answer}{cite}"


def interview_next(
    last_answer: str,
    first_message: str,
    primary: str | None = None,
    question: str = "",
    last_list: str = "",
) -> str:
    """Three or four follow-up questions an interviewer would likely ask after the last answer,
    each with a short model answer from the knowledge base; the thread's recommended route
    (`primary`) first when the answer names it. After such a list (`last_list`), "how would I
    answer the second one?" gets that question's fuller answer, and another request for
    follow-ups stays on the list's options with the questions it has not asked yet."""
    expanded = expand_item(last_list or last_answer, question)
    if expanded:
        return expanded
    text = (last_answer or first_message).strip()
    asked = last_list if last_list and _from_list(last_answer, last_list) else ""
    if asked:  # follow-ups of follow-ups: the same options, no drift
        topic = " ".join(m.group(2) for m in LIST_ITEM.finditer(asked))
    else:  # the answer's recommendation (else its first sentence) names its options
        rec = re.search(r"Recommendation:?\**:?\s*([^\n*]+)", text)
        topic = rec.group(1) if rec else re.split(r"(?<=[.!?])\s+", text)[0][:240]
        # "Choose X over Y when prompting has plateaued": the options come before the condition
        topic = re.split(r"\bwhen\b", topic, maxsplit=1)[0] or topic
    keys = sorted(drafting.options_in(topic), key=lambda k: drafting.APPROACH[k] != primary)[:2]
    items = []
    for key in keys:
        label = drafting.OPTIONS[key][0]
        for q, part in FOLLOW_UPS + (MORE_FOLLOW_UPS if asked else ()):
            unit = drafting.unit(key, part)
            if unit:
                answer = " ".join(re.split(r"(?<=[.!?])\s+", unit)[:2])
                items.append((q.format(label=label), answer, f"answer-units > {label}: {part}"))
    first_eval = (_prose(section_text(*EVAL_SECTION) or "") or [""])[0]
    if first_eval:
        cite = f"{EVAL_SECTION[0]} > {EVAL_SECTION[1]}"
        items.append(("How would you know it worked?", first_eval, cite))
    items = [i for i in items if f"**{i[0]}**" not in asked]
    if not items:
        return (
            "Those are the follow-ups I would expect on this. Say *how would I answer the "
            "second one?* for a fuller answer to any of them."
        )
    lines = [LIST_HEAD]
    lines += [f"{n}. **{q}** {a} [{c}]" for n, (q, a, c) in enumerate(items, 1)]
    return "\n".join(lines)


# asked once the first list is out: what each option is, in one go
MORE_FOLLOW_UPS = (("How would you explain {label} in one sentence?", "what it is"),)


def _from_list(last_answer: str, last_list: str) -> bool:
    """The last answer is the list itself, or one of its questions answered in full."""
    if last_answer.startswith(LIST_HEAD):
        return True
    m = re.match(r"\*\*(.+?)\*\*", last_answer)
    return bool(m) and f"**{m.group(1)}**" in last_list


def _prose(body: str) -> list[str]:
    """A section's sentences with its line wraps joined (headings dropped)."""
    text = " ".join(x.strip() for x in body.splitlines() if x.strip() and not x.startswith("#"))
    return [x for x in re.split(r"(?<=[.!?])\s+", text) if x]


SYNTH_SECTIONS = (("synthetic-data", "A pipeline that holds up"), ("synthetic-data", "Limits"))


def synth_answer(has_file: bool = False) -> str:
    """Synthetic training data: what the generator does and the teacher's caveats."""
    parts = []
    for doc, section in SYNTH_SECTIONS:
        first = " ".join(_sentences(section_text(doc, section) or "", cites=False)[:3])
        if first:
            parts.append(f"{first} [{doc} > {section}]")
    how = (
        "I can generate rows from a seed file: give me its path (e.g. *generate 200 more rows "
        'like data/seeds.jsonl*), or run `tunewise synth --task "..." --seeds seeds.jsonl '
        "--count 200 --out synth.jsonl`. Rows are filtered (duplicates, near-duplicates, length, "
        "the validator) and written with a provenance file. The offline teachers (template, "
        "smollm2) need no key; a hosted teacher (GPT-4o, Claude) writes better rows but its "
        "provider's terms decide whether its outputs may train a competing model, and your seed "
        "rows are sent to it."
    )
    return "\n\n".join([*parts, how])
