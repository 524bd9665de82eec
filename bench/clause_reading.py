"""The whole offline reading, clause by clause, on the written clause set
(agent/data/written_clauses.jsonl): 232 short clauses written in one sitting on 2026-12-02
(prompting effort, eval set, data permission, and near misses: questions, hypotheticals,
other topics), a seeded random half frozen as held-out before any change for them. Each
clause is sent alone as a new conversation; a labelled clause must store its fact, a near
miss must store none of the three. The learned reader trains on the dev half only.

Usage: python -m bench.clause_reading [--split dev|heldout] [--show-failures]
"""

from __future__ import annotations

import argparse
import collections
import json
import tempfile
from pathlib import Path

FIELDS = ("tried_prompting", "eval_ready", "data_may_leave")


def load(split: str) -> list[dict]:
    from tunewise.agent.clause_model import WRITTEN_CLAUSES

    rows = [json.loads(x) for x in WRITTEN_CLAUSES.read_text().splitlines() if x.strip()]
    return [r for r in rows if r["split"] == split]


def run(split: str) -> tuple[collections.Counter, list]:
    from tunewise.agent.runtime import Assistant
    from tunewise.core.settings import Settings

    tally: collections.Counter = collections.Counter()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        for i, row in enumerate(load(split)):
            profile = assistant.ask(row["text"], f"clause-{i}").profile
            if row["field"] is None:
                stored = {f: profile.get(f) for f in FIELDS if profile.get(f) is not None}
                tally["near miss, nothing stored" if not stored else "near miss, FACT STORED"] += 1
                if stored:
                    failures.append((row["text"], "nothing", stored))
                continue
            got = profile.get(row["field"])
            verdict = "missed" if got is None else "right" if got == row["value"] else "WRONG"
            tally[verdict] += 1
            if verdict != "right":
                failures.append((row["text"], row["value"], got))
    return tally, failures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "heldout"])
    ap.add_argument("--show-failures", action="store_true")
    args = ap.parse_args()
    tally, failures = run(args.split)
    labelled = tally["right"] + tally["WRONG"] + tally["missed"]
    near = tally["near miss, nothing stored"] + tally["near miss, FACT STORED"]
    print(
        f"{args.split}: right {tally['right']}/{labelled}, wrong {tally['WRONG']}, "
        f"missed {tally['missed']}; near misses with a fact stored "
        f"{tally['near miss, FACT STORED']}/{near}"
    )
    if args.show_failures:
        for text, want, got in failures:
            print(f"  {text!r}: expected {want!r}, got {got!r}")


if __name__ == "__main__":
    main()
