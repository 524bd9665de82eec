"""What a number counts, on a set of 60 short statements written on 2026-12-02 in one sitting
(bench/data/number_clauses.jsonl: example counts, traffic, tokens, latency, budget, scores,
preference pairs, mixtures of them, and numbers that count none of them), a seeded random
half frozen as held-out before any change for it. Each is sent alone as a new conversation.
A named fact must be read within 5%; example count and daily volume must stay unset where
not named.

Usage: python -m bench.number_reading [--split dev|heldout] [--show-failures]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

CASES = Path(__file__).parent / "data" / "number_clauses.jsonl"
UNSET = ("n_examples", "daily_volume")


def _close(want: float, got) -> bool:
    if got is None:
        return False
    return got == want if want == 0 else abs(got - want) / want <= 0.05


def run(split: str) -> tuple[int, int, list]:
    from tunewise.agent.runtime.assistant import Assistant
    from tunewise.core.settings import Settings

    rows = [json.loads(x) for x in CASES.read_text().splitlines() if x.strip()]
    right, failures = 0, []
    rows = [r for r in rows if r["split"] == split]
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(data_dir=Path(tmp)))
        for i, row in enumerate(rows):
            profile = assistant.ask(row["text"], f"number-{i}").profile
            wrong = {
                f: profile.get(f) for f, v in row["facts"].items() if not _close(v, profile.get(f))
            }
            wrong |= {
                f: profile.get(f)
                for f in UNSET
                if f not in row["facts"] and profile.get(f) is not None
            }
            if wrong:
                failures.append((row["text"], row["facts"], wrong))
            else:
                right += 1
    return right, len(rows), failures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "heldout"])
    ap.add_argument("--show-failures", action="store_true")
    args = ap.parse_args()
    right, n, failures = run(args.split)
    print(f"numbers {args.split}: {right}/{n} statements read right")
    if args.show_failures:
        for text, want, got in failures:
            print(f"  {text!r}: expected {want}, got {got}")


if __name__ == "__main__":
    main()
