"""Generated training clauses for the learned clause reader (agent/learned/clause_model.py).

The hand-written clauses there are few; these are composed from parts (who, what they did,
how it turned out; what they keep, how they check, how they would not know), so the reader
sees the same fact said with many subjects, verbs, tenses and figures. Every part below was
written for this purpose and read back in composed samples (`python -m
tunewise.agent.learned.clause_data --sample 40`); none comes from an evaluation case. The composition
is seeded, so the set (and the cached weights keyed by its hash) is stable.
"""

from __future__ import annotations

import argparse
import itertools
import random
from functools import lru_cache
from typing import Any

# Plural or first-person subjects only, so every verb agrees without inflection rules.
WHO = (
    "we",
    "they",
    "I",
    "our engineers",
    "our ML folks",
    "the devs",
    "my team and I",
    "the analysts",
)
SPAN = ("for six weeks", "for two months", "all quarter", "since March", "for a few sprints")
SCORE = ("72%", "0.8", "around 65 percent", "the same number", "roughly two thirds")

PLATEAU_EFFORT = (
    "{have} rewritten the system prompt a dozen times",
    "{have} been tuning the instructions {span}",
    "tried few-shot, chain of thought and stricter output rules",
    "{have} added every example we could think of to the prompt",
    "{have} worked on the prompt wording {span}",
    "went through forty versions of the instructions",
    "{have} iterated on the prompt {span}",
    "reworked the few-shot examples again and again",
)
PLATEAU_RESULT = (
    "and it stopped getting better",
    "but the score sits at {score}",
    "and nothing has moved since",
    "with no gain in the last few rounds",
    "yet reviewers still reject a good share",
    "and it tops out at {score}",
    "but accuracy refuses to climb past {score}",
    "and each new version scores about the same",
)
PLATEAU_ALONE = (
    "whatever we change in the instructions the result stays at {score}",
    "prompting has given all it is going to give",
    "the prompt route has run dry",
    "better wording no longer buys us anything",
    "we are out of prompt ideas and stuck at {score}",
    "the instructions are as polished as they will get",
    "every prompt variant lands within a point of {score}",
    "prompt work stopped paying off a while ago",
)
NONE_DID = (
    "{havent} touched the prompt",
    "{havent} written any few-shot examples",
    "{havent} put real effort into the instructions",
    "{havent} tried a proper system prompt",
    "{havent} experimented with prompting at all",
    "only use the sample prompt from the vendor docs",
    "just send the raw ticket with no instructions",
    "run the model zero-shot with a one-line request",
    "jumped straight to asking about fine-tuning",
    "spent an afternoon on the prompt and moved on",
)
NONE_ALONE = (
    "the prompt is still the tutorial default",
    "prompting is the one thing nobody has tried",
    "the instructions are a single sentence for now",
    "there is no system prompt to speak of",
    "prompt work hasn't started",
    "the model runs exactly as it came out of the box",
    "we skipped the prompting step entirely",
    "any prompt engineering is still ahead of us",
)
EVAL_OBJECT = (
    "a golden set of {n} questions",
    "a labelled test split",
    "a rubric our reviewers apply",
    "an LLM-as-judge harness",
    "nightly regression checks",
    "a scored sample of {n} tickets",
    "a benchmark of hand-checked cases",
    "reference answers for {n} prompts",
)
EVAL_USE = (
    "{have} {obj} that we score every release on",
    "{have} {obj} and run it before each deploy",
    "keep {obj} to catch regressions",
    "maintain {obj} for every model change",
    "check each version against {obj}",
    "grade new prompts with {obj}",
)
EVAL_ALONE = (
    "every change is scored before it ships",
    "a script grades each answer against the expected one",
    "quality is tracked release over release on fixed cases",
    "our QA lead signs off only after the test suite passes",
    "we know our pass rate on the held-out cases to the point",
    "accuracy is measured on the same {n} cases each week",
)
NO_EVAL_DID = (
    "{havent} built {obj}",
    "{havent} got {obj} yet",
    "{havent} set up anything like {obj}",
    "never agreed on {obj}",
)
NO_EVAL_ALONE = (
    "we eyeball a few outputs and call it good",
    "quality is judged by feel",
    "we hear about bad answers from customers",
    "we would have no idea if a new model got worse",
    "nobody measures whether the answers are right",
    "there is nothing to score a new version against",
    "success has never been defined",
    "the only check is a quick read before launch",
    "mistakes surface when users complain",
    "we cannot say whether a change helped or hurt",
)
DATA_YES_DID = (
    "{have} approval to use Bedrock for this",
    "are cleared to send the transcripts to OpenAI",
    "can share the records with our cloud provider",
    "already run everything on AWS",
    "{have} a data processing agreement with Anthropic",
    "are fine with a hosted API seeing the data",
    "may upload the examples to Azure OpenAI",
    "got the green light from legal for the vendor",
)
DATA_YES_ALONE = (
    "the examples contain nothing private",
    "the data is synthetic anyway",
    "the content is public already",
    "OpenAI is on our approved vendor list",
    "customer consent covers processing by the provider",
    "there is no restriction on which provider sees it",
    "the documents are all from our public website",
    "sending it to a cloud API is allowed",
)
DATA_NO_DID = (
    "can't send anything outside our network",
    "aren't allowed to use external APIs",
    "must keep the records on our own servers",
    "have to self-host any model",
    "can't let the data leave the country",
    "are barred from sharing transcripts with vendors",
    "need everything to run inside our VPC",
    "may not upload customer files to any cloud service",
)
DATA_NO_ALONE = (
    "regulations keep the data in house",
    "the records fall under strict privacy rules",
    "nothing leaves the hospital network",
    "our contracts forbid third-party processing",
    "the material is classified",
    "the data never leaves our VPC",
    "security would never approve an outside API",
    "patient information must stay on site",
)
# Other facts, said with the same subjects and verbs: the reader must leave these alone.
OTHER = (
    "{have} {n} labelled examples for training",
    "{have} {n} support tickets from last year",
    "serve {n} requests a day",
    "{have} a couple of A100s in the office",
    "want the monthly bill to come down",
    "{have} outputs from GPT-4 for every ticket",
    "plan to label another {n} examples next month",
    "want to fine-tune Llama on our transcripts",
    "{have} used GPT-4o for a year",
    "need the answers as valid JSON",
    "answer refund questions for an online shop",
    "wrote a long prompt that lists every product",
    "care most about latency in live chat",
)
OTHER_ALONE = (
    "the answers must be valid JSON",
    "the bot should sound like our brand",
    "our prices change every week",
    "the model makes up policies that do not exist",
    "each customer wants its own tone",
    "the prompt is long and lists every product",
    "users are nurses on night shifts",
    "the summaries go out every Friday",
    "the prompt has five few-shot examples in it",
    "the eval team sits in Berlin",
    "quality matters more than cost for this product",
    "the tickets are in English and German",
    "the prompt template lives in our repo",
)


def _fill(template: str, who: str, rng: random.Random) -> str:
    return template.format(
        have="have",
        havent="haven't",
        span=rng.choice(SPAN),
        score=rng.choice(SCORE),
        n=rng.choice(("150", "300", "2,000", "5k", "twelve thousand")),
        obj=rng.choice(EVAL_OBJECT).format(n=rng.choice(("150", "200", "500"))),
    )


def _compose(parts: tuple[str, ...], rng: random.Random, k: int, prefix: bool = True) -> list[str]:
    out = []
    for template, who in itertools.islice(itertools.cycle(itertools.product(parts, WHO)), 0, k * 3):
        if rng.random() < 0.34:
            text = f"{who} {_fill(template, who, rng)}" if prefix else _fill(template, who, rng)
            out.append(text[0].upper() + text[1:])
    return list(dict.fromkeys(out))[:k]


@lru_cache(maxsize=1)
def generated() -> dict[str, dict[Any, list[str]]]:
    """field -> value -> clauses (None = about something else). Cached: read, never changed."""
    rng = random.Random(13)
    plateau = [
        f"{w} {_fill(e, w, rng)} {_fill(r, w, rng)}"
        for (e, r), w in zip(
            rng.sample(list(itertools.product(PLATEAU_EFFORT, PLATEAU_RESULT)), 48),
            itertools.cycle(WHO),
            strict=False,
        )
    ]
    plateau += [_fill(t, "we", rng) for t in PLATEAU_ALONE]
    none = _compose(NONE_DID, rng, 48) + [_fill(t, "we", rng) for t in NONE_ALONE]
    eval_yes = _compose(EVAL_USE, rng, 40) + [_fill(t, "we", rng) for t in EVAL_ALONE]
    eval_no = _compose(NO_EVAL_DID, rng, 32) + [_fill(t, "we", rng) for t in NO_EVAL_ALONE]
    data_yes = _compose(DATA_YES_DID, rng, 32) + [_fill(t, "we", rng) for t in DATA_YES_ALONE]
    data_no = _compose(DATA_NO_DID, rng, 32) + [_fill(t, "we", rng) for t in DATA_NO_ALONE]
    other = _compose(OTHER, rng, 45) + [_fill(t, "we", rng) for t in OTHER_ALONE]
    return {
        "tried_prompting": {"plateaued": plateau, "none": none, None: other},
        "eval_ready": {True: eval_yes, False: eval_no, None: other},
        "data_may_leave": {True: data_yes, False: data_no, None: other},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Print the generated clauses (or a sample).")
    ap.add_argument("--sample", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random()
    for field, by in generated().items():
        for value, texts in by.items():
            shown = rng.sample(texts, min(args.sample, len(texts))) if args.sample else texts
            print(f"## {field} = {value} ({len(texts)})")
            for t in shown:
                print("  ", t)


if __name__ == "__main__":
    main()
