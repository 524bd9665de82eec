"""Cross-validated reading of the act reader's own rows (issues 25 and 26).

The act reader (agent/learned/act_model.py) is trained on every row of
agent/learned/data/act_messages.jsonl, so reading those rows measures memory. This bench cuts
the rows into K folds by source (a real row's thread; a written or set row is its own source),
retrains the head without each fold and reads the fold through `read_act` with the structure
the rows carry none of (no facts, no file; an opening for understanding-set messages and the
need reader's rows, a follow-up otherwise). It prints the share right overall, on real rows and on rows that are not advice, and
the learned head alone beside the full reading (the structural bounds' effect).

usage: python -m bench.act_cv [--folds K] [--show-failures]
"""

from __future__ import annotations

import json
import time
from collections import Counter

from bench.real_cv import fold_args, fold_of
from bench.real_reading import CORPUS


def run(k: int) -> dict:
    from tunewise.agent.learned import act_model
    from tunewise.agent.reading.acts import read_act

    rows = act_model.rows()
    folds = [fold_of(r.get("source") or r["text"], k) for r in rows]  # a row's source, by thread
    kinds = {r["id"]: r["kind"] for r in map(json.loads, CORPUS.read_text().splitlines())}
    tally: Counter[str] = Counter()
    failures = []
    original = act_model.model
    t0 = time.perf_counter()
    try:
        for f in range(k):
            weights = act_model.train([r for r, g in zip(rows, folds, strict=True) if g != f])
            act_model.model = lambda w=weights: w  # type: ignore[assignment]
            for r in (r for r, g in zip(rows, folds, strict=True) if g == f):
                # an opening: an understanding-set message, a need reader's row (written for
                # it or a real first message); the rest are follow-ups in a conversation
                opening = (
                    r["origin"] in ("understanding-set",)
                    or r["origin"].startswith("written for training")
                    or kinds.get(r.get("corpus_id", "")) == "scenario"
                )
                head = act_model.read(r["text"])[0]
                act = read_act(r["text"], 0, followup=not opening).act
                groups = ["all"] + (["real"] if r["origin"] == "real" else [])
                groups += ["not advice"] if r["act"] != "advise" else []
                for g in groups:
                    tally[f"n {g}"] += 1
                    tally[f"read {g}"] += act == r["act"]
                    tally[f"head {g}"] += head == r["act"]
                if act != r["act"]:
                    failures.append(f"  {r['act']} read {act}: {r['text'][:100]}")
    finally:
        act_model.model = original  # type: ignore[assignment]
    return {"tally": tally, "failures": failures, "seconds": time.perf_counter() - t0}


def main() -> None:
    args = fold_args()
    out = run(args.folds)
    t = out["tally"]
    parts = []
    for g in ("all", "real", "not advice"):
        n = t[f"n {g}"]
        parts.append(
            f"{g} {t[f'read {g}']}/{n} ({t[f'read {g}'] / max(n, 1):.3f}; head alone "
            f"{t[f'head {g}']})"
        )
    print(
        f"act rows, {args.folds}-fold by source: " + "; ".join(parts) + f"; {out['seconds']:.0f} s"
    )
    if args.show_failures:
        print("\n".join(out["failures"]))


if __name__ == "__main__":
    main()
