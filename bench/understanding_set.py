"""Understanding benchmark on the issue-13 case set (bench/data/understanding_cases.jsonl):
whole scenarios (primary in the accepted list, or clarifying questions where the case is
vague), short answers to clarifying questions and corrections (the fact read, the primary
where given), and questions or hypotheticals (no fact may be stored). Dev and held-out
halves are reported apart.

Usage: python -m bench.understanding_set [--split dev|heldout|heldout2|heldout3|all] [--show-failures] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

CASES = Path(__file__).parent / "data" / "understanding_cases.jsonl"


def load() -> list[dict]:
    return [json.loads(x) for x in CASES.read_text().splitlines() if x.strip()]


def _same(expected, got) -> bool:
    return got == expected


def run(split: str) -> dict:
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings

    cases = [c for c in load() if split == "all" or c["split"] == split]
    tally = {"primary": [0, 0], "clarify": [0, 0], "facts": [0, 0], "no_false_facts": [0, 0]}
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        for c in cases:
            before = {}
            for h in c.get("history") or []:
                before = assistant.ask(h, c["id"]).profile
            r = assistant.ask(c["text"], c["id"])
            why = []
            if c.get("clarify"):
                tally["clarify"][1] += 1
                if r.clarifying_questions and r.recommendation.primary is None:
                    tally["clarify"][0] += 1
                else:
                    why.append(f"no clarifying question (primary {r.recommendation.primary})")
            elif c.get("accept"):
                tally["primary"][1] += 1
                if r.recommendation.primary in c["accept"]:
                    tally["primary"][0] += 1
                else:
                    asked = " (asked instead)" if r.clarifying_questions else ""
                    why.append(f"primary {r.recommendation.primary}{asked} not in {c['accept']}")
            for field, value in (c.get("facts") or {}).items():
                if value is None:
                    continue
                tally["facts"][1] += 1
                if _same(value, r.profile.get(field)):
                    tally["facts"][0] += 1
                else:
                    why.append(f"{field}={r.profile.get(field)!r}, expected {value!r}")
            for field in c.get("no_facts") or []:
                tally["no_false_facts"][1] += 1
                if r.profile.get(field) == before.get(field) or (
                    r.profile.get(field) in (None, []) and before.get(field) in (None, [])
                ):
                    tally["no_false_facts"][0] += 1
                else:
                    why.append(f"read {field}={r.profile.get(field)!r} from a question")
            if why:
                failures.append({"id": c["id"], "kind": c["kind"], "why": why})
    return {
        "split": split,
        "n": len(cases),
        **{k: {"right": v[0], "of": v[1]} for k, v in tally.items()},
        "failures": failures,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--split", default="dev", choices=["dev", "heldout", "heldout2", "heldout3", "all"]
    )
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = run(args.split)
    if args.json:
        print(json.dumps(r))
        return
    parts = [
        f"{k} {r[k]['right']}/{r[k]['of']} ({r[k]['right'] / max(r[k]['of'], 1):.3f})"
        for k in ("primary", "clarify", "facts", "no_false_facts")
    ]
    print(f"{r['split']} (n={r['n']}): " + "; ".join(parts))
    if args.show_failures:
        for f in r["failures"]:
            print(f"  {f['id']} [{f['kind']}]: {'; '.join(f['why'])}")


if __name__ == "__main__":
    main()
