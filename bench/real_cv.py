"""Cross-validated primary-step reading of the real dev messages (issue 25).

The real dev rows train the need reader (agent/learned/data/need_messages.jsonl), so
`bench.real_reading --split dev` reads messages the reader was trained on. This bench reads
each dev message with a need reader that never saw its thread: the dev threads are cut into K
folds by source, and for each fold the reader is retrained on the written rows and the other
folds' real rows, then the full offline assistant answers the fold's messages (as `tunewise
ask` would). It measures how the learned reader generalises to other people's words without
touching the held-out half, so it can be read as often as needed.

usage: python -m bench.real_cv [--folds K] [--show-failures]
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from bench.real_reading import load, read_one


def fold_of(source: str, k: int) -> int:
    return hashlib.sha256(source.encode()).digest()[1] % k


def run(k: int) -> dict:
    from tunewise.agent.learned import need_model
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings

    rows = load("dev")
    train_rows = need_model.rows()
    texts_in_fold = {f: {r["text"] for r in rows if fold_of(r["source"], k) == f} for f in range(k)}
    right, asked_n, failures, need_right, need_n = 0, 0, [], 0, 0
    original = need_model.model
    t0 = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            assistant = Assistant(Settings(data_dir=Path(tmp)))
            for f in range(k):
                held = texts_in_fold[f]
                weights = need_model.train([r for r in train_rows if r["text"] not in held])
                need_model.model = lambda w=weights: w  # type: ignore[assignment]
                for r in (r for r in rows if r["text"] in held):
                    primary, asked, ok = read_one(assistant, r, f"cv-{r['id']}")
                    asked_n += asked
                    right += ok
                    if r.get("need"):
                        need_n += 1
                        need_right += (need_model.read_need(r["text"]) or "other") == r["need"]
                    if not ok:
                        failures.append(
                            {
                                "id": r["id"],
                                "got": "asked" if asked else primary,
                                "accept": r.get("accept"),
                                "need": r.get("need"),
                                "read": need_model.read_need(r["text"]),
                                "text": r["text"][:90],
                            }
                        )
    finally:
        need_model.model = original  # type: ignore[assignment]
    return {
        "n": len(rows),
        "right": right,
        "asked": asked_n,
        "need_right": need_right,
        "need_n": need_n,
        "seconds": time.perf_counter() - t0,
        "failures": failures,
    }


def fold_args() -> argparse.Namespace:
    """The command line of a cross-validation bench: --folds K, --show-failures."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--show-failures", action="store_true")
    return ap.parse_args()


def main() -> None:
    args = fold_args()
    out = run(args.folds)
    print(
        f"real dev, {args.folds}-fold by source: right {out['right']}/{out['n']} "
        f"({out['right'] / out['n']:.3f}); asked instead of answering {out['asked']}; "
        f"need read right {out['need_right']}/{out['need_n']}; {out['seconds']:.0f} s"
    )
    if args.show_failures:
        for f in out["failures"]:
            print(
                f"  {f['id']}: got {f['got']}, accept {f['accept']}, need {f['need']}, "
                f"read {f['read']}: {f['text']}"
            )


if __name__ == "__main__":
    main()
