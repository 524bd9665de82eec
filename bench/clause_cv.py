"""Five-fold check of the learned clause reader on the dev-derived clauses
(agent/learned/data/dev_clauses.jsonl): each fold is read by a reader trained without it, once with
the other folds' dev clauses added to its training set and once without any. Prints right,
wrong and abstained readings for both. Caveat: paraphrases of one case can fall in different
folds, so this is kinder than a new author's words.

Usage: python -m bench.clause_cv [NGRAM_WEIGHT]   (0: the embedding alone)
"""

from __future__ import annotations

import random
import sys
from unittest import mock

import numpy as np

FIELDS = ("tried_prompting", "eval_ready", "data_may_leave")


def _train(train_rows: list[dict]) -> dict:
    import tunewise.agent.learned.clause_model as M

    dev = [r for r in train_rows if r.get("split") is None]
    written = [r for r in train_rows if r.get("split") == "dev"]
    with (
        mock.patch.object(M, "_dev_clauses", lambda: dev),
        mock.patch.object(M, "written_clauses", lambda: written),
    ):
        return {field: M.train_field(field) for field in FIELDS}


def _read(models: dict, row: dict) -> object:
    """The reader's value for one clause, or 'abstain' below its probability floor."""
    import tunewise.agent.learned.clause_model as M
    from tunewise.agent.learned.clause_features import features
    from tunewise.agent.learned.prototypes import GATES
    from tunewise.knowledge.embeddings import embed

    classes, w = models[row["field"]]
    v = features([row["text"]], np.asarray(embed([row["text"]]), dtype=np.float32))
    z = np.hstack([v, np.ones((1, 1), dtype=np.float32)]) @ w
    p = np.exp(z - z.max())
    p /= p.sum()
    i = int(p[0].argmax())
    floor = M.MIN_PROB if GATES[row["field"]].search(row["text"]) else M.SURE_PROB
    return "abstain" if i == 0 or p[0][i] < floor else classes[i]


def main() -> None:
    import tunewise.agent.learned.clause_features as F
    import tunewise.agent.learned.clause_model as M

    if len(sys.argv) > 1:  # python -m bench.clause_cv 0 -> the embedding alone
        F.WEIGHT = float(sys.argv[1])

    # the dev-derived clauses and the written set's dev half (labelled ones only)
    rows = [*M._dev_clauses(), *(r for r in M.written_clauses() if r["field"])]
    near_misses = [r for r in M.written_clauses() if not r["field"]]
    order = list(range(len(rows)))
    random.Random(0).shuffle(order)
    folds = [set(order[i::5]) for i in range(5)]
    for use_dev in (False, True):
        right = wrong = abstain = 0
        for fold in folds:
            train = [r for i, r in enumerate(rows) if i not in fold] if use_dev else []
            train += near_misses
            models = _train(train)
            for i in fold:
                got = _read(models, rows[i])
                if got == "abstain":
                    abstain += 1
                elif got == rows[i]["value"]:
                    right += 1
                else:
                    wrong += 1
        label = "with the other folds' dev clauses" if use_dev else "without dev clauses"
        print(f"{label}: right {right}, wrong {wrong}, abstained {abstain} of {len(rows)}")


if __name__ == "__main__":
    main()
