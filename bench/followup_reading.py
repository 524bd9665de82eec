"""Follow-ups people actually send (issue 26): the real follow-ups of corpus/real_messages.jsonl.

Each row is a later message of a public thread, with the earlier messages of its writer
(`history`). The history is asked first, as one conversation, then the follow-up. A row is
right when the dialogue act read is one its label accepts (`accept_acts`) and the answer is
not a dead end: not empty, not "outside what I can help with", not the repeated
recommendation ("My recommendation is still ..."), and, for the act's own check, a hardware
answer with memory figures and a short answer to a thanks.

usage: python -m bench.followup_reading [--split dev|heldout|all] [--show-failures] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "real_messages.jsonl"
DEAD_ENDS = ("outside what I can help with", "My recommendation is still")


def load(split: str) -> list[dict]:
    rows = [json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if r["kind"] == "followup" and split in ("all", r["split"])]


def problems(row: dict, act: str | None, answer: str) -> list[str]:
    accept = row.get("accept_acts") or [row["act"]]
    out = [] if act in accept else [f"act {act!r} not in {accept}"]
    if not answer.strip() or "Traceback" in answer:
        return out + ["empty answer or traceback"]
    out += [f"dead end ({d!r})" for d in DEAD_ENDS if d in answer]
    if act == "plan" and not re.search(r"\d\s*GB", answer):
        out.append("no memory figures")
    if act == "thanks" and len(answer.split()) > 80:
        out.append("long answer to a thanks")
    return out


def run(split: str) -> dict:
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings

    rows = load(split)
    right, failures = 0, []
    acts: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        for r in rows:
            thread = f"follow-{r['id']}"
            for h in r.get("history", []):
                assistant.ask(h, thread)
            res = assistant.ask(r["text"], thread)
            act = getattr(res, "act", None)
            acts[act] += 1
            bad = problems(r, act, res.answer)
            right += not bad
            if bad:
                failures.append({"id": r["id"], "problems": bad, "text": r["text"][:90]})
    return {
        "split": split,
        "n": len(rows),
        "right": right,
        "acts": dict(acts),
        "failures": failures,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "heldout", "all"])
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = run(args.split)
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
        return
    print(
        f"{r['split']}: {r['right']}/{r['n']} follow-ups answered ({r['right'] / max(r['n'], 1):.3f})"
    )
    print("  acts read: " + ", ".join(f"{k}={v}" for k, v in sorted(r["acts"].items(), key=str)))
    if args.show_failures:
        for f in r["failures"]:
            print(f"  {f['id']}: {'; '.join(f['problems'])} | {f['text']}")


if __name__ == "__main__":
    main()
