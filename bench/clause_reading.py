"""The whole offline reading, clause by clause, on two clause sets written on 2026-12-02,
each in one sitting, with a seeded random half frozen as held-out before any change for it:
- `written` (agent/learned/data/written_clauses.jsonl dev, bench/data/written_clauses_heldout.jsonl, 232): prompting effort, eval set, data
  permission; the learned clause reader trains on its dev half only;
- `facts` (agent/learned/data/fact_clauses.jsonl dev, bench/data/fact_clauses_heldout.jsonl, 146): what needs fixing (format, style, domain
  vocabulary, knowledge, reasoning, extraction, a new capability), invented facts, speed,
  cost, kept teacher outputs, on-device, fast-changing facts, per-client needs.
Both have near misses (questions, what-ifs, other topics). Each clause is sent alone as a
new conversation; a labelled clause must store its fact (a task kind among the kinds read),
a near miss must store none of the set's facts.

Usage: python -m bench.clause_reading [--set written|facts] [--split dev|heldout] [--show-failures]
"""

from __future__ import annotations

import argparse
import collections
import json
import tempfile
from pathlib import Path

AGENT_DATA = Path(__file__).parents[1] / "agent" / "learned" / "data"
BENCH_DATA = Path(__file__).parent / "data"


def load(which: str, split: str) -> list[dict]:
    """The dev half ships with the readers that train on it (agent/learned/data); the held-out half
    stays here, out of the package."""
    name = "written_clauses" if which == "written" else "fact_clauses"
    path = AGENT_DATA / f"{name}.jsonl" if split == "dev" else BENCH_DATA / f"{name}_heldout.jsonl"
    rows = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
    return [r for r in rows if r["split"] == split]


def _has(profile: dict, field: str, value) -> bool:
    got = profile.get(field)
    return value in (got or []) if field == "task_kinds" else got == value


def run(which: str, split: str) -> tuple[collections.Counter, list]:
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings

    tally: collections.Counter = collections.Counter()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        rows = load(which, split)
        fields = sorted({r["field"] for r in rows if r["field"]})
        for i, row in enumerate(rows):
            profile = assistant.ask(row["text"], f"clause-{i}").profile
            if row["field"] is None:
                stored = {f: profile.get(f) for f in fields if profile.get(f) not in (None, [])}
                tally["near miss, nothing stored" if not stored else "near miss, FACT STORED"] += 1
                if stored:
                    failures.append((row["text"], "nothing", stored))
                continue
            got = profile.get(row["field"])
            verdict = (
                "right"
                if _has(profile, row["field"], row["value"])
                else "missed"
                if got in (None, [])
                else "WRONG"
            )
            tally[verdict] += 1
            if verdict != "right":
                failures.append((row["text"], row["value"], got))
    return tally, failures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="written", choices=["written", "facts"])
    ap.add_argument("--split", default="dev", choices=["dev", "heldout"])
    ap.add_argument("--show-failures", action="store_true")
    args = ap.parse_args()
    tally, failures = run(args.set, args.split)
    labelled = tally["right"] + tally["WRONG"] + tally["missed"]
    near = tally["near miss, nothing stored"] + tally["near miss, FACT STORED"]
    print(
        f"{args.set} {args.split}: right {tally['right']}/{labelled}, wrong {tally['WRONG']}, "
        f"missed {tally['missed']}; near misses with a fact stored "
        f"{tally['near miss, FACT STORED']}/{near}"
    )
    if args.show_failures:
        for text, want, got in failures:
            print(f"  {text!r}: expected {want!r}, got {got!r}")


if __name__ == "__main__":
    main()
