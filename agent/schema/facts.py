"""One declaration per fact: how it is said back, asked for, edited on the card and described
when it changes. The Profile (profile.py) holds the values and their types; everything a user
sees about a fact is derived from its declaration here:

- the "Understood:" line (`understood`), in the order of FACTS;
- what changed, for corrections, card edits and what-ifs (`changes`, `scenario`), computed on
  the fields, never by comparing rendered text;
- the clarifying questions and their quick replies, with the values the value-of-information
  test tries (agent/decision/clarify.py);
- the web card's editor (ui/web/facts.py). (A revised value's short label in Profile.merge's
  note is the field's title, beside its type and description in profile.py.)

Adding a fact is its Profile field, its declaration here and its training rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tunewise.agent.schema.profile import Profile

PROVIDER_NAMES = {
    "openai": "OpenAI",
    "bedrock": "AWS Bedrock",
    "anthropic": "Anthropic",
    "azure": "Azure",
    "google": "Google",
}
COMPLIANCE_WORDS = {
    "anthropic_safety": "Claude-level safety",
    "sla": "an SLA",
    "soc2": "SOC 2",
    "hipaa": "HIPAA",
    "gdpr": "GDPR",
    "pci": "PCI DSS",
}


@dataclass(frozen=True)
class Ask:
    """The clarifying question for a fact, its quick replies (phrased so the offline reader
    parses them) and the values the value-of-information test tries."""

    text: str
    replies: tuple[str, ...]
    plausible: tuple[Any, ...]
    rank: int  # order among the questions when they decide equally


@dataclass(frozen=True)
class Card:
    """The fact's editor on the web card: a number, or a choice of labelled values."""

    label: str
    elem_id: str
    choices: dict[str, Any] | None = None  # label -> value; None: a number field


@dataclass(frozen=True)
class Fact:
    name: str  # what the user calls it in "Changed: examples: was 1,200, now 12,000"
    fields: tuple[str, ...]  # the Profile fields it covers (compared together)
    words: Callable[[Profile], str]  # its value in plain words; "" when unknown
    ask: Ask | None = None
    card: Card | None = None
    # its value as a clause that can follow "If" ("you had GPUs of your own"); words if None
    clause: Callable[[Profile], str] | None = None

    def as_clause(self, p: Profile) -> str:
        return (self.clause or self.words)(p)


def _num(n: float) -> str:
    return f"{n:,.0f}"


def _data(p: Profile) -> str:
    if p.data_may_leave is False:
        return "data must stay in your environment"
    if p.data_may_leave or p.providers_ok:
        who = " or ".join(PROVIDER_NAMES.get(x, x) for x in p.providers_ok)
        return f"data may go to {who}" if who else "data may go to a hosted provider"
    return ""


def _prompting(p: Profile) -> str:
    if p.tried_prompting == "plateaued":
        at = f" at about {p.prompting_score:.0%}" if p.prompting_score else ""
        return f"prompting plateaued{at}"
    if p.tried_prompting in ("none", "little"):
        return "prompting not pushed yet"
    return ""


def _yes_no(name: str, yes: str, no: str) -> Callable[[Profile], str]:
    def words(p: Profile) -> str:
        value = getattr(p, name)
        return yes if value is True else (no if value is False else "")

    return words


def _amount(name: str, template: str) -> Callable[[Profile], str]:
    def words(p: Profile) -> str:
        value = getattr(p, name)
        return template.format(_num(value)) if value is not None else ""

    return words


def _data_clause(p: Profile) -> str:
    if p.data_may_leave is False:
        return "the data had to stay in your environment"
    words = _data(p)
    return "the " + words.replace("may go", "could go") if words else ""


def _prompting_clause(p: Profile) -> str:
    if p.tried_prompting == "plateaued":
        at = f" at about {p.prompting_score:.0%}" if p.prompting_score else ""
        return f"prompting had plateaued{at}"
    if p.tried_prompting in ("none", "little"):
        return "prompting had not been pushed yet"
    return ""


def _model_clause(p: Profile) -> str:
    if p.teacher_outputs:
        return "you kept a large model's outputs to train on (a teacher)"
    return "you used a large model today" if p.uses_large_model else ""


def _model(p: Profile) -> str:
    if p.teacher_outputs:
        return "a large model's outputs are kept (a teacher)"
    return "a large model in use today" if p.uses_large_model else ""


# what needs to improve, in plain words (the task kinds)
TASK_WORDS = {
    "format": "the output format",
    "style": "the voice and tone",
    "domain_vocab": "domain vocabulary",
    "knowledge": "facts the model does not know",
    "reasoning": "its reasoning",
    "novel_capability": "a capability no model has",
    "preference": "which answers people prefer",
    "extraction": "pulling fields out of text",
}


def listed(parts: list[str]) -> str:
    """Parts in words: "a", "a and b", "a, b and c"."""
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def _kinds(p: Profile) -> str:
    return listed([TASK_WORDS[k] for k in p.task_kinds])


def _task(p: Profile) -> str:
    return f"to improve: {_kinds(p)}" if p.task_kinds else ""


def _task_clause(p: Profile) -> str:
    return f"the problem was {_kinds(p)}" if p.task_kinds else ""


FACTS: tuple[Fact, ...] = (
    Fact(
        "examples",
        ("n_examples",),
        _amount("n_examples", "{} examples"),
        clause=_amount("n_examples", "you had {} examples"),
        ask=Ask(
            "How many good input/output examples do you have?",
            ("About 40 examples", "About 500 examples", "Over 10,000 examples"),
            (30, 600, 10_000),
            rank=3,
        ),
        card=Card("Examples on hand", "fact-n_examples"),
    ),
    Fact(
        "data",
        ("data_may_leave", "providers_ok"),
        _data,
        clause=_data_clause,
        ask=Ask(
            "May the training data leave your environment, and to which providers?",
            (
                "The data must stay in our environment",
                "Data may go to AWS Bedrock",
                "OpenAI may see the data",
            ),
            (False, True),
            rank=2,
        ),
        card=Card(
            "Training data",
            "fact-data",
            {"unknown": None, "may go to a hosted provider": True, "must stay in-house": False},
        ),
    ),
    Fact(
        "prompting",
        ("tried_prompting", "prompting_score"),
        _prompting,
        clause=_prompting_clause,
        ask=Ask(
            "How far have you pushed prompting (a system prompt with few-shot examples)?",
            ("We haven't tried prompting yet", "Weeks of prompt work, it plateaued"),
            ("none", "plateaued"),
            rank=1,
        ),
        card=Card(
            "Prompting",
            "fact-prompting",
            {
                "unknown": None,
                "not tried yet": "none",
                "tried a little": "little",
                "plateaued": "plateaued",
            },
        ),
    ),
    Fact(
        "evaluation",
        ("eval_ready",),
        _yes_no("eval_ready", "an eval set exists", "no eval set yet"),
        clause=_yes_no("eval_ready", "you had an eval set", "you had no eval set"),
        ask=Ask(
            "Do you have an evaluation set that would show whether a change helped?",
            ("Yes, we have an eval set", "We have no eval set yet"),
            (True, False),
            rank=4,
        ),
        card=Card("Evaluation set", "fact-eval", {"unknown": None, "yes": True, "no": False}),
    ),
    Fact(
        "volume",
        ("daily_volume",),
        _amount("daily_volume", "{} requests a day"),
        clause=_amount("daily_volume", "you served {} requests a day"),
        ask=Ask(
            "Roughly how many requests a day?",
            (
                "About 500 requests a day",
                "About 50,000 requests a day",
                "Over 500,000 requests a day",
            ),
            (500, 50_000),
            rank=5,
        ),
        card=Card("Requests a day", "fact-daily_volume"),
    ),
    Fact(
        "budget",
        ("monthly_budget_usd",),
        lambda p: (
            f"a budget of ${p.monthly_budget_usd:,.0f} a month"
            if p.monthly_budget_usd is not None
            else ""
        ),
        clause=lambda p: (
            f"the budget was ${p.monthly_budget_usd:,.0f} a month"
            if p.monthly_budget_usd is not None
            else ""
        ),
    ),
    Fact(
        "tokens in",
        ("prompt_tokens",),
        _amount("prompt_tokens", "{} tokens in"),
        clause=_amount("prompt_tokens", "requests sent {} tokens in"),
        card=Card("Prompt tokens per request", "fact-prompt_tokens"),
    ),
    Fact(
        "tokens once tuned",
        ("tuned_prompt_tokens",),
        _amount("tuned_prompt_tokens", "{} prompt tokens once tuned"),
        clause=_amount("tuned_prompt_tokens", "a tuned model needed {} prompt tokens"),
    ),
    Fact(
        "tokens out",
        ("completion_tokens",),
        _amount("completion_tokens", "{} tokens out"),
        clause=_amount("completion_tokens", "answers were {} tokens long"),
        card=Card("Completion tokens per request", "fact-completion_tokens"),
    ),
    Fact(
        "change",
        ("change_velocity",),
        lambda p: {"high": "facts change often", "low": "facts rarely change"}.get(
            p.change_velocity or "", ""
        ),
        clause=lambda p: {"high": "the facts changed often", "low": "the facts rarely changed"}.get(
            p.change_velocity or "", ""
        ),
    ),
    Fact(
        "compliance",
        ("compliance",),
        lambda p: (
            "needs " + ", ".join(COMPLIANCE_WORDS.get(c, c) for c in p.compliance)
            if p.compliance
            else ""
        ),
        clause=lambda p: (
            "you needed " + ", ".join(COMPLIANCE_WORDS.get(c, c) for c in p.compliance)
            if p.compliance
            else ""
        ),
    ),
    Fact("large model", ("teacher_outputs", "uses_large_model"), _model, clause=_model_clause),
    Fact(
        "cost",
        ("cost_pressure",),
        _yes_no("cost_pressure", "cost matters", ""),
        clause=_yes_no("cost_pressure", "cost mattered", ""),
    ),
    Fact(
        "speed",
        ("latency_pressure",),
        _yes_no("latency_pressure", "speed matters", ""),
        clause=_yes_no("latency_pressure", "speed mattered", ""),
    ),
    Fact(
        "latency target",
        ("latency_target_ms",),
        _amount("latency_target_ms", "a {} ms latency target"),
        clause=_amount("latency_target_ms", "answers had to come within {} ms"),
    ),
    Fact(
        "structured output",
        ("structured_output",),
        _yes_no(
            "structured_output",
            "structured output already enforces the format",
            "the format is only asked for in words",
        ),
        clause=_yes_no(
            "structured_output",
            "structured output already enforced the format",
            "the format was only asked for in words",
        ),
    ),
    Fact(
        "wrong facts",
        ("hallucination_issue",),
        _yes_no("hallucination_issue", "it states wrong facts", ""),
        clause=_yes_no("hallucination_issue", "it stated wrong facts", ""),
    ),
    Fact(
        "on device",
        ("on_device",),
        _yes_no("on_device", "it must run on the device, offline", "it may run in the cloud"),
        clause=_yes_no(
            "on_device", "it had to run on the device, offline", "it could run in the cloud"
        ),
    ),
    Fact(
        "hardware",
        ("own_hardware",),
        _yes_no("own_hardware", "GPUs of your own", "no GPUs of your own"),
        clause=_yes_no("own_hardware", "you had GPUs of your own", "you had no GPUs of your own"),
    ),
    Fact(
        "ML skills",
        ("ml_skills",),
        _yes_no("ml_skills", "ML engineers in-house", "no ML engineers in-house"),
        clause=_yes_no(
            "ml_skills", "you had ML engineers in-house", "you had no ML engineers in-house"
        ),
    ),
    Fact(
        "tenants",
        ("multi_tenant",),
        _yes_no("multi_tenant", "many tenants, each with its own behaviour", ""),
        clause=_yes_no("multi_tenant", "you served many tenants, each with its own behaviour", ""),
    ),
    Fact(
        "preference pairs",
        ("preference_pairs",),
        _amount("preference_pairs", "{} preference comparisons"),
        clause=_amount("preference_pairs", "you had {} preference comparisons"),
    ),
    Fact(
        "fine-tune",
        ("sft_done",),
        _yes_no("sft_done", "a fine-tune already exists", ""),
        clause=_yes_no("sft_done", "a fine-tune already existed", ""),
    ),
    Fact(
        "scope",
        ("narrow_task",),
        _yes_no("narrow_task", "a narrow, stable task", ""),
        clause=_yes_no("narrow_task", "the task was narrow and stable", ""),
    ),
    # last in the Understood line: the advice's reasons say it again
    Fact(
        "to improve",
        ("task_kinds",),
        _task,
        clause=_task_clause,
        ask=Ask(
            "What needs to improve: output format, style/voice, facts it doesn't know, "
            "reasoning, or a new capability?",
            (
                "The output format",
                "Our brand voice and tone",
                "Facts it doesn't know",
                "A task no model can do today",
            ),
            (["format"], ["style"], ["knowledge"]),
            rank=0,
        ),
    ),
    # what the user asks about, not a fact of their situation: never said back
    Fact("asks about tuning", ("wants_weight_change",), lambda p: ""),
)
QUESTION_FACTS = tuple(sorted((f for f in FACTS if f.ask), key=lambda f: f.ask.rank))  # type: ignore[union-attr]
CARD_FACTS = tuple(f for f in FACTS if f.card)


def understood(p: Profile) -> str:
    """The known facts in plain words ("1,200 examples, data may go to OpenAI, ...")."""
    return ", ".join(w for f in FACTS if (w := f.words(p)))


def changed(before: Profile, after: Profile) -> list[Fact]:
    """The facts whose fields differ, in declaration order."""
    return [f for f in FACTS if any(getattr(before, n) != getattr(after, n) for n in f.fields)]


def changes(before: Profile, after: Profile) -> list[str]:
    """What changed, in plain words ("examples: was 1,200, now 12,000")."""
    out = []
    for f in changed(before, after):
        b, a = f.words(before), f.words(after)
        if a == b:
            continue
        added = _added(f, before, after)
        if added is not None:  # a list fact that grew: only what was added
            out.append(f"also {f.words(added)}")
            continue
        if not a:
            out.append(f"{f.name}: no longer known (was {b})")
        else:
            named = a if a.startswith(f.name) else f"{f.name}: {a}"  # "prompting plateaued"
            out.append(f"{f.name}: was {b}, now {a}" if b else named)
    return out


def _added(f: Fact, before: Profile, after: Profile) -> Profile | None:
    """For a fact of list fields whose old values are all kept: a profile with only the new
    ones (what "also" adds); None otherwise."""
    olds = [getattr(before, n) for n in f.fields]
    news = [getattr(after, n) for n in f.fields]
    if not all(isinstance(x, list) for x in olds + news) or not any(olds):
        return None
    if not all(set(o) <= set(n) for o, n in zip(olds, news, strict=True)):
        return None
    return Profile.model_validate(
        {
            n: [v for v in new if v not in old]
            for n, old, new in zip(f.fields, olds, news, strict=True)
        }
    )


def scenario(before: Profile, after: Profile) -> str:
    """A what-if's changed facts as clauses that follow "If" ("you had GPUs of your own and
    the data could go to AWS Bedrock"), the new values only."""
    parts = [
        a for f in changed(before, after) if (a := f.as_clause(after)) and a != f.as_clause(before)
    ]
    return listed(parts)
