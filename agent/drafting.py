"""Interview-style drafts composed from retrieved passages.

The offline model searches the knowledge base once per option the question names (through
the ToolNode, like any tool call); this module picks, for each option, the sentence that says
when it wins and the sentences that state its prerequisites (numbers, data, privacy, hardware,
cost, evaluation), and fits the whole to the asked word count (+-10%)."""

from __future__ import annotations

import re

OPTIONS = {
    "prompt": ("Prompt engineering", r"prompt"),
    "claude": ("Fine-tuning Claude on AWS Bedrock", r"claude|bedrock|anthropic"),
    "openai": ("Fine-tuning an OpenAI model", r"openai|gpt"),
    "llama": (
        "LoRA on an open-weight model (Llama 4, Phi-4, Mistral)",
        r"llama|open[- ]weight|lora|mistral|phi",
    ),
    "rag": ("Retrieval (RAG)", r"\brag\b|retriev"),
}
QUERIES = {
    "prompt": "prompting first few-shot examples system prompt before fine-tuning",
    "claude": "choose the hosted Claude route on Bedrock Haiku fine-tuning safety SLA",
    "openai": "OpenAI fine-tuning examples distillation deprecation dates",
    "llama": "choose an open-weight model with LoRA data privacy GPUs",
    "rag": "retrieval for facts that change hallucination threshold",
}
PREREQ = re.compile(
    r"\b(?:examples?|data|privacy|leave|gpus?|a100|memory|cost|price|evaluat\w*|eval|sla|soc 2|"
    r"hipaa|safety|skills?|serving|monitor\w*|hours?|weeks?|documents?|end of life|deprecat\w*|"
    r"availab\w*|hallucinat\w*)\b",
    re.I,
)
WHEN = re.compile(r"\b(?:when|choose|use it|start|first|best|wins?|default|primary)\b", re.I)


def options_in(question: str) -> list[str]:
    q = question.lower()
    keys = [k for k, (_, pat) in OPTIONS.items() if re.search(pat, q)]
    if not set(keys) - {"prompt"}:  # "prompt or fine-tune?": the two main fine-tuning routes
        keys += ["claude", "llama"]
    return keys if "prompt" in keys else ["prompt", *keys]


def sentences(passages: list[dict]) -> list[str]:
    """Plain sentences from passages: headings, tables and code dropped, bullets split."""
    out: list[str] = []
    for p in passages:
        text = re.sub(r"```.*?```", " ", p["text"], flags=re.S)
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(("#", "|"))]
        text = re.sub(r"\n\s*(?:[-*]|\d+\.)\s+", "\n\n", "\n" + "\n".join(lines))
        for block in re.split(r"\n\s*\n", text):
            block = re.sub(r"\s+", " ", block.replace("**", "").replace("`", "")).strip(" -")
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", block):
                s = s.strip()
                if 6 <= len(s.split()) <= 40 and not s.endswith(":") and "->" not in s:
                    out.append(s if s[-1] in ".!?" else s + ".")
    return out


def _score(s: str, pattern: re.Pattern[str]) -> float:
    return 2 * bool(re.search(r"\d", s)) + min(2, len(pattern.findall(s))) - len(s.split()) / 40


def _count(text: str) -> int:
    return len(text.split())


class _Option:
    """One option's paragraph: a 'when' sentence and prerequisite sentences, each with
    ranked alternatives so the whole can be fitted to a word count without cutting text."""

    def __init__(self, key: str, pool: list[str], used: set[str]) -> None:
        self.label = OPTIONS[key][0]
        own = re.compile(OPTIONS[key][1], re.I)
        fresh = [x for x in pool if x not in used]
        whens = sorted(fresh, key=lambda x: -(_score(x, WHEN) + 2 * bool(own.search(x))))
        self.when_alts = [x for x in whens if WHEN.search(x) or own.search(x)] or whens
        self.when = self.when_alts[0] if self.when_alts else None
        used.add(self.when or "")
        others = [re.compile(p, re.I) for k, (_, p) in OPTIONS.items() if k != key]

        def about_another(x: str) -> bool:
            return not own.search(x) and any(o.search(x) for o in others)

        self.needs_alts = sorted(
            (x for x in fresh if PREREQ.search(x) and x not in used and not about_another(x)),
            key=lambda x: -_score(x, PREREQ),
        )
        self.rest = [x for x in fresh if not about_another(x)]
        self.needs = self.needs_alts[:1]
        used.update(self.needs)

    def text(self) -> str:
        if self.when is None and self.needs:
            return f"{self.label}. Prerequisites: " + " ".join(self.needs)
        part = f"{self.label}: {self.when or 'see the knowledge base.'}"
        return part + (" Prerequisites: " + " ".join(self.needs) if self.needs else "")

    def shorten(self) -> bool:
        """Swap the longest sentence for a shorter alternative; False when none is left."""
        if len(self.needs) > 1:
            self.needs.pop()
            return True
        need = self.needs[0] if self.needs else None
        if self.when is not None and _count(self.when) >= _count(need or ""):
            best = self._shorter(self.when_alts, self.when, WHEN)
            if best:
                self.when = best
                return True
        if need is not None:
            best = self._shorter(self.needs_alts, need, PREREQ)
            if best:
                self.needs = [best]
                return True
        return False

    def _shorter(self, alts: list[str], current: str, pattern: re.Pattern[str]) -> str | None:
        """The best-scoring alternative shorter than `current` that is not already shown."""
        shorter = [
            x
            for x in alts
            if _count(x) < _count(current) and x not in self.needs and x != self.when
        ]
        return max(shorter, key=lambda x: _score(x, pattern)) if shorter else None

    def grow(self, used: set[str]) -> str | None:
        for x in self.needs_alts:
            if x not in used and x not in self.needs and x != self.when:
                return x
        return None


def draft(question: str, words: int, by_option: dict[str, list[dict]]) -> str:
    intro = "Start with prompt engineering, then choose a route by your primary constraint."
    closing = (
        "My recommendation: prompt first and measure; fine-tune only past a measured ceiling, "
        "choosing by whether privacy, safety and service levels, or cost leads."
    )
    used: set[str] = set()
    opts = [_Option(k, sentences(by_option.get(k, [])), used) for k in options_in(question)]
    lo, hi = int(words * 0.9), int(words * 1.1)

    def total() -> int:
        return _count(" ".join([intro, *(o.text() for o in opts), closing]))

    while total() > hi:  # shorten the longest paragraph first
        if not any(o.shorten() for o in sorted(opts, key=lambda o: -_count(o.text()))):
            break
    if total() > hi:
        intro = ""
    for o in sorted(opts, key=lambda o: -_count(o.text())):  # tiny targets: prerequisites only
        if total() <= hi:
            break
        if o.needs:
            o.when = None
    grown = True
    while total() < lo and grown:  # add prerequisites round-robin while they fit
        grown = False
        for o in opts:
            extra = o.grow(used)
            if extra and total() + _count(extra) <= hi:
                o.needs.append(extra)
                used.add(extra)
                grown = True
    tail: list[str] = []
    spare = sorted(
        {x for o in opts for x in o.rest if x not in used}, key=lambda x: -_score(x, PREREQ)
    )
    for x in spare:  # still short: the most factual leftovers, before the closing line
        if total() + _count(" ".join(tail)) >= lo:
            break
        if total() + _count(" ".join([*tail, x])) <= hi:
            tail.append(x)
    return " ".join(x for x in [intro, *(o.text() for o in opts), *tail, closing] if x)
