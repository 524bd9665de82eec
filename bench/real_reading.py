"""Primary-step reading of real public messages (corpus/real_messages.jsonl, issue 25).

A scenario is right when the recommended primary is one of the approaches its label accepts
(an answer that is a LoRA plan, with its memory figures, takes the LoRA route; counted so
from 2026-12-07, batch 9);
a vague message (`clarify`) is right when the assistant asks (or answers with an accepted
approach); `clarify_ok` accepts asking too. Each message is read as a new conversation
through the offline assistant, exactly as `tunewise ask` would.

usage: python -m bench.real_reading [--split dev|heldout|all] [--batch N] [--show-failures] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "real_messages.jsonl"


def load(split: str, batch: int | None = None) -> list[dict]:
    rows = [json.loads(x) for x in CORPUS.read_text().splitlines() if x.strip()]
    return [
        r
        for r in rows
        if r["kind"] == "scenario"
        and split in ("all", r["split"])
        and batch in (None, r.get("batch", 1))
    ]


def judge(row: dict, primary: str | None, asked: bool) -> bool:
    if asked and primary is None:
        return bool(row.get("clarify") or row.get("clarify_ok"))
    return primary in row.get("accept", [])


def route_of(res) -> str | None:
    """The route an answer takes: the recommendation's primary, or LoRA when the answer is a
    LoRA plan ("how much GPU memory to LoRA a 7B model?" is answered with the plan itself)."""
    if res.recommendation.primary:
        return res.recommendation.primary
    return "lora_open_weight" if any(c.name == "plan_lora" for c in res.tool_calls) else None


def read_one(assistant, r: dict, thread: str) -> tuple[str | None, bool, bool]:
    """One message read as a new conversation: the route taken, whether it asked instead,
    and whether that is right by the row's label."""
    res = assistant.ask(r["text"], thread)
    primary = route_of(res)
    asked = bool(res.clarifying_questions) and primary is None
    return primary, asked, judge(r, primary, asked)


def run(split: str, batch: int | None = None) -> dict:
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings

    rows = load(split, batch)
    right, asked_n, failures = 0, 0, []
    outcome: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        for r in rows:
            primary, asked, ok = read_one(assistant, r, f"real-{r['id']}")
            asked_n += asked
            right += ok
            outcome["asked" if asked else primary or "none"] += 1
            if not ok:
                failures.append(
                    {
                        "id": r["id"],
                        "got": "asked" if asked else primary,
                        "accept": r.get("accept"),
                        "text": r["text"][:90],
                    }
                )
    return {
        "split": split,
        "n": len(rows),
        "right": right,
        "asked": asked_n,
        "outcomes": dict(outcome),
        "failures": failures,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "heldout", "all"])
    ap.add_argument("--batch", type=int, help="only the rows gathered in this batch")
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = run(args.split, args.batch)
    if args.json:
        print(json.dumps(r))
        return
    print(
        f"{r['split']}: right {r['right']}/{r['n']} ({r['right'] / max(r['n'], 1):.3f}); "
        f"asked instead of answering {r['asked']}; outcomes {r['outcomes']}"
    )
    if args.show_failures:
        for f in r["failures"]:
            print(f"  {f['id']}: got {f['got']}, accept {f['accept']}: {f['text']}")


if __name__ == "__main__":
    main()
