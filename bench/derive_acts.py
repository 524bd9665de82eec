"""Training rows for the learned act reader (agent/learned/act_model.py), from dev halves only (a
held-out row is never read here): the hand-written rows (agent/learned/data/act_written.jsonl), the
conversation set's dev turns, the understanding set's dev messages (a scenario or an answer to
a question is advice, a correction a correction), the need reader's dev messages (first
messages: advice) and the real follow-ups of the corpus's dev half (with source and
corpus_id). Written to agent/learned/data/act_messages.jsonl.

Usage: python -m bench.derive_acts [--check]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "agent" / "learned" / "data" / "act_messages.jsonl"
WRITTEN = ROOT / "agent" / "learned" / "data" / "act_written.jsonl"
UNDERSTANDING_ACTS = {"scenario": "advise", "answer": "advise", "correction": "correction"}


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def derive() -> list[dict]:
    rows: dict[str, dict] = {}

    def add(text: str, act: str, origin: str, **extra: str) -> None:
        rows.setdefault(text.strip(), {"text": text.strip(), "act": act, "origin": origin, **extra})

    for r in _jsonl(WRITTEN):
        add(r["text"], r["act"], "written", **({"tool": r["tool"]} if "tool" in r else {}))
    for c in _jsonl(ROOT / "bench" / "data" / "conversation_cases.jsonl"):
        if c["split"] == "dev":
            add(c["turn"], c["act"], "conversation-set")
    for c in _jsonl(ROOT / "corpus" / "real_messages.jsonl"):
        if c["split"] == "dev" and c["kind"] == "followup":
            add(c["text"], c["act"], "real", source=c["source"], corpus_id=c["id"])
    for c in _jsonl(ROOT / "bench" / "data" / "understanding_cases.jsonl"):
        if c["split"] == "dev" and c["kind"] in UNDERSTANDING_ACTS:
            add(c["text"], UNDERSTANDING_ACTS[c["kind"]], "understanding-set")
    for r in _jsonl(ROOT / "agent" / "learned" / "data" / "need_messages.jsonl"):
        # "how much VRAM does QLoRA need for a 13B model?" opens a case as advice but, later in
        # a conversation, asks for the plan: a tune_task row says nothing about the act
        if r["need"] not in ("other", "tune_task"):
            extra = {k: r[k] for k in ("source", "corpus_id") if k in r}
            origin = r.get("origin", "written")
            if origin.startswith("http"):  # a real message: the origin is its thread
                extra.setdefault("source", origin)
                origin = "real"
            add(r["text"], "advise", origin, **extra)
    return list(rows.values())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = ap.parse_args()
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in derive())
    if args.check:
        raise SystemExit(
            0 if OUT.read_text(encoding="utf-8") == text else "act_messages.jsonl is out of date"
        )
    OUT.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10))} rows -> {OUT}")


if __name__ == "__main__":
    main()
