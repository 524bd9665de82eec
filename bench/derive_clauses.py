"""Clause labels for the learned clause reader, derived from the understanding set's dev half
only (held-out halves are never read here).

A dev case names its facts for the whole message; a clause gets a fact's label when it is the
only stated clause (or comma-separated piece) of the case that touches the fact's topic words (semantic.GATES). Short
answers and corrections are usually that one clause. The result is written to
agent/learned/data/dev_clauses.jsonl, which agent/learned/clause_model.py adds to its training clauses.

Usage: python -m bench.derive_clauses [--check]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from bench.understanding_set import load

FIELDS = ("tried_prompting", "eval_ready", "data_may_leave")
OUT = Path(__file__).resolve().parent.parent / "agent" / "learned" / "data" / "dev_clauses.jsonl"


def derive() -> list[dict]:
    from tunewise.agent.learned.prototypes import GATES
    from tunewise.agent.reading.understand import clauses, split_hypothetical

    rows: dict[tuple[str, str], dict] = {}
    for case in load():
        if case["split"] != "dev":
            continue
        stated, _ = split_hypothetical(case["text"])
        # comma lists ("6k examples, test set, prompt ceiling ~80%") are split too, so a piece
        # carries one fact
        pieces = [x for c in clauses(stated) for x in re.split(r",\s+|\s+-\s+", c)]
        parts = [x.strip(" .") for x in pieces if len(x.split()) >= 2]
        for field in FIELDS:
            value = (case.get("facts") or {}).get(field)
            if value is None:
                continue
            touching = [c for c in parts if GATES[field].search(c)]
            if len(touching) == 1:
                key = (field, touching[0].lower())
                rows.setdefault(key, {"field": field, "value": value, "text": touching[0]})
    return sorted(rows.values(), key=lambda r: (r["field"], str(r["value"]), r["text"]))


def render(rows: list[dict]) -> str:
    """The file's text: one JSON object a line."""
    return "".join(json.dumps(r) + "\n" for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed file is stale")
    args = ap.parse_args()
    rows = derive()
    text = render(rows)
    if args.check:
        same = OUT.exists() and OUT.read_text() == text
        print("up to date" if same else f"{OUT} is stale: run python -m bench.derive_clauses")
        raise SystemExit(0 if same else 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    counts: dict[str, int] = {}
    for r in rows:
        counts[f"{r['field']}={r['value']}"] = counts.get(f"{r['field']}={r['value']}", 0) + 1
    print(f"wrote {OUT}: {counts}")


if __name__ == "__main__":
    main()
