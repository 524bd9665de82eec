"""The learned reader of three facts: how far prompting has been pushed, whether an evaluation
set exists, and whether the data may leave (no word list reads them any more; only a form-style
"Evals: no" is read exactly). A logistic regression per fact (classes weighted equally) over one
clause's MiniLM embedding and its negation-marked word n-grams
(agent/learned/clause_features.py), trained on the labelled clauses below (written for this
purpose, in many voices; none is an evaluation case), the generated ones
(agent/learned/clause_data.py), the clauses derived from the understanding set's dev half, the
written clause set's dev half and the similarity prototypes of these facts. A reading counts
only above one probability floor, on any words (the topic words, prototypes.GATES, only choose
which other facts' clauses train a head as its "no reading" class). The
weights are trained at set-up with the other readers (`python -m
tunewise.agent.learned.train_readers`; else on first use) and kept beside the ONNX export,
keyed by the training data's hash."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tunewise.agent.learned.clause_data import generated
from tunewise.agent.learned.clause_features import DIM, VERSION, WEIGHT, features
from tunewise.agent.learned.fitting import (
    L2,
    STEPS,
    cached_weights,
    fit_balanced,
    read_rows,
    softmax,
)
from tunewise.agent.learned.prototypes import GATES, PROTOTYPES
from tunewise.knowledge.embeddings import embed

MIN_PROB = 0.7

CLAUSES: dict[str, dict[Any, tuple[str, ...]]] = {
    "tried_prompting": {
        "plateaued": (
            "we have rewritten the instructions many times and the score does not improve",
            "prompt changes have stopped making a difference",
            "after weeks of prompt work we are stuck at the same accuracy",
            "we have tried every prompt trick we know",
            "the prompt is as good as it is going to get",
            "few-shot examples got us part of the way and then nothing more",
            "our prompt engineering has hit a wall",
            "more examples in the prompt no longer help",
            "quality has been flat since we finished tuning the prompt",
            "we iterated on the system message for two months",
            "we pushed prompting as far as it goes",
            "every new version of the prompt scores about the same",
            "chain of thought and few-shot both failed to move the number",
            "the best prompt we have still gets a third of cases wrong",
            "reviewers still reject a quarter of the outputs whatever we put in the prompt",
            "we have a long carefully tuned prompt and it still misses",
            "the prompting approach has reached its ceiling",
            "tweaking the wording does nothing anymore",
            "we ran out of ideas for the prompt",
            "prompt iterations gave diminishing returns",
        ),
        "none": (
            "we have not tried prompting yet",
            "nobody has worked on the prompt",
            "we are using the model with its default instructions",
            "we went straight to fine-tuning without trying anything else",
            "we only wrote a one-line instruction",
            "the prompt is just a single sentence",
            "we have not experimented with the prompt at all",
            "we just paste the ticket in and ask for a reply",
            "we have not optimised the instructions",
            "no few-shot examples yet, just a bare request",
            "we are at the very start and have tried nothing",
            "the system message is whatever the vendor ships",
            "we gave it a quick try for an afternoon",
            "we have barely looked at the prompt",
            "nothing has been done on prompting so far",
            "we skipped prompt engineering entirely",
            "the model runs zero-shot with no instructions",
            "we have not written a proper prompt",
            "nobody on the team has touched the instructions",
            "we did a couple of quick prompt tweaks and stopped",
        ),
    },
    "eval_ready": {
        True: (
            "we have a labelled test set",
            "every release is scored against a golden set",
            "an automated evaluation runs on each change",
            "we grade a fixed sample of answers every week",
            "our QA team scores outputs with a rubric",
            "we keep a benchmark of hand-checked cases",
            "we measure accuracy on a held-out split",
            "a regression suite checks the outputs nightly",
            "we compare each version against reference answers",
            "we A/B test changes and track the pass rate",
            "there is an evaluation harness in CI",
            "we have 300 graded examples to test against",
            "we score the model on a checklist before shipping",
            "our eval set covers the main ticket types",
            "we track precision and recall on labelled data",
            "a script checks every answer against the expected one",
            "we have reference outputs for two hundred cases",
            "human raters grade a sample of conversations each release",
            "we already measure quality with a scoring rubric",
            "the team maintains a test suite of real questions",
        ),
        False: (
            "we have no way to measure quality",
            "we would not know whether a new model is better",
            "nobody has built an evaluation",
            "we judge the answers by eye",
            "we only spot-check a few outputs",
            "there is no test set",
            "we find out about mistakes when customers complain",
            "we have never measured accuracy",
            "quality is a gut feeling for now",
            "we lack any ground truth to compare against",
            "no metrics have been defined",
            "we have nothing to evaluate a new model against",
            "we just ship it and see what happens",
            "there are no labelled examples for testing",
            "success criteria were never agreed",
            "we have not set up any evaluation",
            "we look at a handful of answers and decide",
            "we cannot tell if a change helped",
            "we rely on user complaints to catch errors",
            "there is no benchmark yet",
        ),
    },
    "data_may_leave": {
        True: (
            "we can send the data to openai",
            "our legal team cleared the provider for customer data",
            "the data is not sensitive at all",
            "we already use aws for everything and bedrock is approved",
            "sharing the transcripts with a cloud provider is fine",
            "the vendor may process our records under our contract",
            "there are no restrictions on where the data goes",
            "privacy is not a concern for this data set",
            "anthropic may see the examples",
            "everything in it is public information",
            "we have a data processing agreement with the provider",
            "compliance signed off on the hosted api",
            "uploading the examples to a hosted service is allowed",
            "the content is already published on our website",
            "microsoft is our vendor so azure is fine",
        ),
        False: (
            "the data cannot leave our network",
            "nothing may go to an outside company",
            "we are not allowed to use hosted apis",
            "regulators forbid sending records to third parties",
            "customer data must be processed on our own machines",
            "the documents are confidential and stay in house",
            "everything runs in our own data centre",
            "patient records can never be uploaded anywhere",
            "we have to self-host whatever model we use",
            "our security team bans external llm services",
            "the files may not be shared with any vendor",
            "all processing happens inside our private cloud",
            "client data has to stay on premises",
            "we cannot send anything to openai or anyone else",
            "it must stay behind our firewall",
        ),
    },
}
NEUTRAL = (
    "we have about five thousand labelled support tickets",
    "we serve fifty thousand requests a day",
    "each request has about two thousand tokens",
    "the answers need to be valid JSON",
    "the bot should sound like our brand",
    "our product catalogue changes every week",
    "latency must stay under 300 milliseconds",
    "we have a few A100 GPUs",
    "the model invents policies that do not exist",
    "our budget is about two thousand dollars a month",
    "we are a fintech startup",
    "the task is to classify insurance claims",
    "we use GPT-4 today and it works well",
    "the model does not know our internal product names",
    "each customer wants their own tone",
    "we have ten thousand outputs from a bigger model",
    "the release notes follow a five-section template",
    "our support team handles refunds and shipping",
    "the assistant runs on phones without internet",
    "we need SOC 2 compliance",
    "it should answer from our HR handbook",
    "we want to cut the monthly bill",
    "responses are too slow for live chat",
    "the documents are contracts and invoices",
    "our engineers know PyTorch",
    "users are doctors and nurses",
    "the summaries go to managers every Friday",
)


def _training_set(field: str) -> tuple[list[str], list[Any]]:
    """The hand-written clauses, the generated ones (agent/learned/clause_data.py), and as 'about
    something else' the neutral clauses and every other fact's clauses."""

    gen = generated()
    texts, labels = [], []
    for value, clauses in CLAUSES[field].items():
        texts += [*clauses, *gen[field][value]]
        labels += [value] * (len(clauses) + len(gen[field][value]))

    prototypes = [
        {"field": f, "value": v, "text": t} for (f, v), ts in PROTOTYPES.items() for t in ts
    ]
    for row in (*_dev_clauses(), *written_clauses(), *prototypes):
        if row["field"] == field:
            texts.append(row["text"])
            labels.append(row["value"])
    others = [c for f, by in CLAUSES.items() if f != field for cs in by.values() for c in cs]
    # another fact's dev clause is 'about something else' only when it does not touch this
    # fact's topic words too
    others += [
        r["text"]
        for r in _dev_clauses()
        if r["field"] != field and not GATES[field].search(r["text"])
    ]
    others += [
        c
        for f, by in gen.items()
        if f != field
        for v, cs in by.items()
        if v is not None
        for c in cs
    ]
    # written near misses (questions, plans, other topics) and other facts' written clauses
    others += [
        r["text"]
        for r in written_clauses()
        if r["field"] != field and (r["field"] is None or not GATES[field].search(r["text"]))
    ]
    for c in dict.fromkeys((*NEUTRAL, *gen[field][None], *others)):
        texts.append(c)
        labels.append(None)
    return texts, labels


DEV_CLAUSES = Path(__file__).parent / "data" / "dev_clauses.jsonl"
# Short clauses written in one sitting (bench/clause_reading.py); only the dev half trains.
WRITTEN_CLAUSES = Path(__file__).parent / "data" / "written_clauses.jsonl"


@lru_cache(maxsize=1)
def _dev_clauses() -> list[dict]:
    """Clauses labelled from the understanding set's dev half (bench/derive_clauses.py)."""
    return read_rows(DEV_CLAUSES)


@lru_cache(maxsize=1)
def written_clauses() -> list[dict]:
    """The written clause set's dev half; its held-out half is never trained on."""
    return [r for r in read_rows(WRITTEN_CLAUSES) if r["split"] == "dev"]


def _key() -> str:
    learned = {f"{f}={v}": ts for (f, v), ts in PROTOTYPES.items() if f in CLAUSES}
    data = [CLAUSES, NEUTRAL, generated(), _dev_clauses(), written_clauses(), learned]
    data += [DIM, WEIGHT, VERSION, STEPS, L2]
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:16]


def train_field(field: str) -> tuple[list[Any], np.ndarray]:
    """(class values, weights) for one fact, trained on its current training set."""

    classes = [None, *CLAUSES[field]]
    texts, labels = _training_set(field)
    x = features(texts, np.asarray(embed(texts), dtype=np.float32))
    y = np.asarray([classes.index(v) for v in labels])
    return classes, fit_balanced(x, y, len(classes))


@lru_cache(maxsize=1)
def models() -> dict[str, tuple[list[Any], np.ndarray]]:
    """field -> (class values, weights); read from the cache file or trained and saved."""

    weights = cached_weights(
        "clause-model", _key(), CLAUSES, lambda: {f: train_field(f)[1] for f in CLAUSES}
    )
    return {f: ([None, *CLAUSES[f]], weights[f]) for f in CLAUSES}


def predict(clauses: list[str], x: np.ndarray, known: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """For the fields `known` leaves empty: the value read and the clause it was read from,
    from the clauses' features (clause_features.features: embedding and negation-marked
    n-grams). The likeliest clause above the floor wins."""

    found: dict[str, tuple[Any, str]] = {}
    for field, (classes, w) in models().items():
        if known.get(field) is not None:
            continue
        p = softmax(x, w)
        best_prob, best = 0.0, None
        for clause, row in zip(clauses, p, strict=True):
            i = int(row.argmax())
            if i == 0 or row[i] < MIN_PROB:
                continue
            if row[i] > best_prob:
                best_prob, best = float(row[i]), (classes[i], clause)
        if best is not None:
            found[field] = best
    return found
