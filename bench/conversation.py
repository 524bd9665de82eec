"""Conversation benchmark (issue 14): multi-turn cases, each checked for the dialogue act
recognized, the facts used, no repetition of the previous answer where none is due, and for
drafts the word count and the options covered. Reports the dev and held-out halves apart.

Usage: python -m bench.conversation [--split dev|heldout|all] [--show-failures] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

CASES = Path(__file__).parent / "data" / "conversation_cases.jsonl"
LABEL_WORDS = {
    "prompt_engineering": ["prompt"],
    "rag": ["retrieval", "rag"],
    "lora_open_weight": ["lora"],
    "proprietary_finetune": ["hosted fine-tun", "openai", "bedrock"],
    "build_evals_first": ["eval"],
    "qlora": ["qlora"],
    "full_finetune": ["full fine-tun"],
    "distillation": ["distill"],
}
REC_HEADER = "**Recommendation:"


def load() -> list[dict]:
    return [json.loads(x) for x in CASES.read_text().splitlines() if x.strip()]


def _mentions(text: str, approach: str) -> bool:
    low = text.lower()
    return any(w in low for w in LABEL_WORDS.get(approach, [approach]))


def words(text: str) -> int:
    body = re.sub(r"\[[^\]]*>[^\]]*\]", "", text)  # citations do not count
    return len(re.findall(r"[A-Za-z0-9][\w'’%.,-]*", body))


def check(case: dict, before: dict, prev: str, result) -> list[str]:
    """The reasons this case failed (empty: passed)."""
    a = result.answer
    act = case["act"]
    fails = []
    got_act = getattr(result, "act", None)
    if got_act != act:
        fails.append(f"act {got_act!r} != {act!r}")
    if not a.strip() or "Traceback" in a:
        return fails + ["empty answer or traceback"]
    # a correction may restate the advice; an export is a memo of it by definition
    repeat_ok = act in ("correction", "export") or case.get("first") or not prev
    if not repeat_ok and (a.strip() == prev.strip() or (REC_HEADER in a and REC_HEADER in prev)):
        if act != "what_if":
            fails.append("repeats the previous recommendation")
    after = result.profile
    if act == "why_not" and not case.get("first") and not _mentions(a, case["approach"]):
        fails.append("does not talk about the approach asked about")
    if act in ("why", "why_not") and not case.get("first") and "because" not in a.lower():
        fails.append("gives no reason")
    if act == "what_if":
        fact = case.get("fact")
        if fact and before.get(fact) != after.get(fact):
            fails.append(f"hypothetical stored as a fact ({fact})")
        if not case.get("unknown") and (
            not re.search(r"\b(?:would|if)\b", a.lower()) or a.startswith("I could not tell")
        ):
            fails.append("does not answer the hypothetical")
    if act == "compare":
        opts = case["options"]
        if not all(_mentions(a, o) for o in opts):
            fails.append("misses an option")
        if len(opts) > 1 and "|" not in a:
            fails.append("no side-by-side")
    if act == "cost":
        if "$" not in a:
            fails.append("no dollar figures")
        for f in case.get("figures", []):
            if f not in a:
                fails.append(f"does not use the conversation's {f}")
    if act == "next_steps" and len(re.findall(r"^\s*(?:\d+\.|-)\s", a, re.M)) < 3:
        fails.append("no concrete steps")
    if act == "explain":
        head = " ".join(re.split(r"(?<=[.!?])\s+", a)[:4]).lower()
        if not any(t.lower() in head for t in case.get("expect_any", [])):
            fails.append("does not answer in the first sentences")
        if re.search(r"\w-?$", a.strip()) and not a.strip().endswith((".", "]", ")")):
            fails.append("cut off mid-sentence")
    if act == "draft":
        n, target = words(a), case["words"]
        if target >= 50 and abs(n - target) > 0.1 * target:
            fails.append(f"{n} words for {target}")
        missing = [o for o in case["options"] if not _mentions(a, o)]
        if missing:
            fails.append(f"options not covered: {missing}")
        for t in case.get("tailor", []):
            if t not in a:
                fails.append(f"not tailored ({t})")
    if act == "correction":
        if after.get(case["fact"]) != case["value"]:
            fails.append(f"{case['fact']} is {after.get(case['fact'])!r}, not {case['value']!r}")
        if not re.search(r"updated|changed|was\b|now\b", a.lower()):
            fails.append("does not say what changed")
    if act in ("thanks", "smalltalk", "off_topic") and (len(a.split()) > 80 or REC_HEADER in a):
        fails.append("long answer to a short turn")
    if act == "export":
        if case.get("empty"):
            if "nothing" not in a.lower() and "no conversation" not in a.lower():
                fails.append("empty export not explained")
        elif "memo" not in a.lower():
            fails.append("no memo")
    return fails


def run(split: str) -> dict:
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings

    cases = [c for c in load() if split == "all" or c["split"] == split]
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        out = []
        for c in cases:
            prev, before = "", {}
            for h in c["history"]:
                r = assistant.ask(h, c["id"])
                prev, before = r.answer, r.profile
            result = assistant.ask(c["turn"], c["id"])
            fails = check(c, before, prev, result)
            out.append({"id": c["id"], "act": c["act"], "ok": not fails, "fails": fails})
    ok = sum(r["ok"] for r in out)
    acts = sum(not any(f.startswith("act ") for f in r["fails"]) for r in out)
    answers = sum(all(f.startswith("act ") for f in r["fails"]) for r in out)
    return {
        "split": split,
        "n": len(out),
        "passed": ok,
        "acts_right": acts,
        "answers_right": answers,
        "cases": out,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "heldout", "all"])
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    r = run(args.split)
    if args.json:
        print(json.dumps(r))
        return
    print(
        f"{r['split']}: {r['passed']}/{r['n']} cases pass ({r['passed'] / r['n']:.3f}); "
        f"act right in {r['acts_right']}/{r['n']}; answer checks pass in {r['answers_right']}/{r['n']}"
    )
    if args.show_failures:
        for c in r["cases"]:
            if not c["ok"]:
                print(f"  {c['id']} [{c['act']}]: {'; '.join(c['fails'])}")


if __name__ == "__main__":
    main()
