"""Five-fold check of the learned clause reader on the dev-derived clauses
(agent/data/dev_clauses.jsonl): each fold is read by a reader trained without it, once with
the other folds' dev clauses added to its training set and once without any. Prints right,
wrong and abstained readings for both. Caveat: paraphrases of one case can fall in different
folds, so this is kinder than a new author's words.

Usage: python -m bench.clause_cv
"""

import random, numpy as np
import tunewise.agent.clause_model as M
from tunewise.knowledge.embeddings import embed
from tunewise.agent.semantic import GATES

rows = M._dev_clauses()
rng = random.Random(0)
idx = list(range(len(rows)))
rng.shuffle(idx)
folds = [idx[i::5] for i in range(5)]
res = {True: [0, 0, 0], False: [0, 0, 0]}  # right, wrong, abstain
for use_dev in (False, True):
    for f in folds:
        test = [rows[i] for i in f]
        train = [rows[i] for i in range(len(rows)) if i not in set(f)]
        M._dev_clauses.cache_clear()
        orig = M._dev_clauses
        M._dev_clauses = lambda train=train, use_dev=use_dev: train if use_dev else []
        M._dev_clauses.cache_clear = lambda: None
        models = {}
        for field in ("tried_prompting", "eval_ready", "data_may_leave"):
            texts, labels = M._training_set(field)
            classes = [None, *M.CLAUSES[field]]
            x = np.asarray(embed(texts), dtype=np.float32)
            y = np.asarray([classes.index(v) for v in labels])
            models[field] = (classes, M._fit(x, y, len(classes)))
        M._dev_clauses = orig
        for r in test:
            classes, w = models[r["field"]]
            v = np.asarray(embed([r["text"]]), dtype=np.float32)
            xb = np.hstack([v, np.ones((1, 1), dtype=np.float32)])
            z = xb @ w
            z -= z.max()
            p = np.exp(z)
            p /= p.sum()
            i = int(p[0].argmax())
            floor = M.MIN_PROB if GATES[r["field"]].search(r["text"]) else M.SURE_PROB
            if i == 0 or p[0][i] < floor:
                res[use_dev][2] += 1
            elif classes[i] == r["value"]:
                res[use_dev][0] += 1
            else:
                res[use_dev][1] += 1
for k, v in res.items():
    print("with dev clauses" if k else "without", "right %d wrong %d abstain %d" % tuple(v))
