"""Five-fold check of the learned yes/no heads (agent/learned/kind_model.py) on the fact clause set's
dev half: each fold is read by heads trained without it. For each probability floor, how
many labelled clauses got their head (right), how many heads fired that were not the label
(extra; a near miss firing any head counts too). Caveat: a label's few dev clauses are
split across folds, so this reads the hand-written training clauses' reach more than a new
author's words.

Usage: python -m bench.kind_cv
"""

from __future__ import annotations

import random
from unittest import mock

import numpy as np

FLOORS = (0.5, 0.6, 0.7, 0.8, 0.9)


def main() -> None:
    import tunewise.agent.learned.kind_model as K
    from tunewise.agent.learned.clause_features import features
    from tunewise.knowledge.embeddings import embed

    rows = K._fact_dev()
    order = list(range(len(rows)))
    random.Random(0).shuffle(order)
    folds = [set(order[i::5]) for i in range(5)]
    right = dict.fromkeys(FLOORS, 0)
    extra = dict.fromkeys(FLOORS, 0)
    labelled = sum(1 for r in rows if r["field"])
    for fold in folds:
        train = [r for i, r in enumerate(rows) if i not in fold]
        with mock.patch.object(K, "_fact_dev", lambda train=train: train):
            models = K.train(K._positives(), K._elsewhere())
        test = [rows[i] for i in sorted(fold)]
        texts = [r["text"] for r in test]
        probs = K.probabilities(models, features(texts, np.asarray(embed(texts), dtype=np.float32)))
        for j, r in enumerate(test):
            want = K.label_of(r["field"], r["value"]) if r["field"] else None
            for floor in FLOORS:
                fired = {label for label, p in probs.items() if p[j] >= floor}
                right[floor] += want in fired
                extra[floor] += len(fired - {want})
    for floor in FLOORS:
        print(f"floor {floor}: right {right[floor]}/{labelled}, extra heads fired {extra[floor]}")


if __name__ == "__main__":
    main()
