"""Prototype sentences per fact value (descriptions of situations in our own words, not the
evaluation cases), each fact's topic words (GATES: a similar-sounding clause must also touch the
fact's topic) and the denial pattern. The similarity reader (agent/reading/semantic.py) compares
clauses with the prototypes; the learned readers train on them."""

from __future__ import annotations

import re
from typing import Any

PROTOTYPES: dict[tuple[str, Any], tuple[str, ...]] = {
    ("hallucination_issue", True): (
        "the model makes things up",
        "it invents facts and details that are not true",
        "answers contain fabricated information",
        "the assistant confidently states wrong facts",
        "it fabricates specifications and figures that do not exist",
    ),
    ("latency_pressure", True): (
        "responses are too slow for our users",
        "people wait too long for an answer",
        "we need much faster replies",
    ),
    ("cost_pressure", True): (
        "running the model is too expensive",
        "we need to cut what we spend on inference",
    ),
    ("task:style", True): (
        "it should sound like our brand",
        "replies must match our company's tone of voice",
        "write in the voice and personality of our team",
    ),
    ("task:format", True): (
        "the output must always follow a fixed structure",
        "every answer has to be valid JSON in our schema",
    ),
    ("task:knowledge", True): (
        "it needs to know the contents of our internal documents",
        "it must answer questions about our own product catalogue and policies",
    ),
    ("eval_ready", False): (
        "we have no way to measure quality",
        "no one has created any evaluation data",
        "there is no evaluation of the outputs",
        "we would not know whether a new model is better or worse",
        "quality is judged by looking at a few answers by hand",
        "we only hear about mistakes when users complain",
    ),
    ("eval_ready", True): (
        "we have a graded evaluation set",
        "an evaluation harness scores every model change",
        "we score every release against reference answers",
        "a script grades outputs on a labelled holdout",
        "every release is checked against a fixed list of questions with known answers",
        "our reviewers score a sample of answers each week with a checklist",
        "we compare each new version against the old one on the same cases",
    ),
    ("data_may_leave", False): (
        "the data cannot leave our company",
        "customer records must not go to any outside vendor",
        "everything has to be self-hosted",
        "we may not send customer text to any outside company",
    ),
    ("data_may_leave", True): (
        "we are happy to send the data to a cloud AI provider",
        "legal approved sending our data to the vendor",
        "the provider may process our data",
    ),
    ("multi_tenant", True): (
        "every customer gets their own customised version of the model",
        "each client wants the assistant adapted to them",
    ),
    ("tried_prompting", "plateaued"): (
        "we have worked on the prompt for weeks and it stopped improving",
        "changing the prompt no longer moves the score",
        "prompting has reached its limit for us",
        "we got everything we could out of prompt engineering",
        "our prompt results have been flat for a while",
        "rewording the instructions does not improve the results anymore",
        "the prompt is as good as we can make it and quality is still not there",
        "we tried many versions of the instructions and they all score the same",
    ),
    ("tried_prompting", "none"): (
        "we have not tried writing a real prompt yet",
        "the model runs with its default instructions",
        "nobody has worked on the prompt",
        "we skipped prompt engineering",
        "the prompt was written once and never improved",
        "we are using the model as it comes without any instructions",
        "nobody has spent time on the instructions yet",
        "we went straight to asking about training without trying anything else",
    ),
    ("change_velocity", "high"): (
        "the information changes every day",
        "our catalogue and prices are updated all the time",
    ),
}


# A similar-sounding clause must also touch the fact's topic ("we have no data yet" sounds like
# "we have no way to measure quality" to MiniLM, but says nothing about evaluation).
GATES: dict[str, re.Pattern[str]] = {
    field: re.compile(pattern, re.I)
    for field, pattern in {
        "eval_ready": r"eval|test|measur|benchmark|grad|metric|scor|qualit|better|worse|judg|check|qa\b",
        "data_may_leave": r"data|record|file|document|information|content|shar|send|sent|vendor|"
        r"compan|third|outside|cloud|provider|leave|upload|aws|azure|openai|anthropic|bedrock|"
        r"\bapi|host|network|vpc|premis|server|legal|privacy|confiden|regulat|public|secur",
        "hallucination_issue": r"invent|make|made|fabricat|wrong|false|untrue|exist|never|fake|"
        r"cite|quot|claim|confiden|hallucin|accura",
        "latency_pressure": r"slow|fast|wait|second|ms\b|latenc|quick|long|time|speed|delay|forever|ages|lag",
        "cost_pressure": r"cost|bill|invoice|spend|expens|price|cheap|budget|money|\$",
        "multi_tenant": r"customer|client|tenant|each|every|per\b|own",
        "change_velocity": r"chang|updat|revis|new|daily|week|hour|day|constant|time",
        "tried_prompting": r"prompt|instruction|few[- ]shot|system|default|out[- ]of[- ]the[- ]box",
    }.items()
}


# A clause that opens or closes on a denial ("Nothing formal for evaluation, no") says the
# opposite of what it sounds like to an embedding: a yes is never read from it.
DENIAL = re.compile(
    r"^\W*(?:no|nothing|none|nobody|no one|not|nope|nah)\b|[,;]\s*(?:no|nope|nah)\W*$", re.I
)


def denied(clause: str, value: Any) -> bool:
    return value is True and bool(DENIAL.search(clause))
