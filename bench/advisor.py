"""Advisor benchmark: accuracy on the public scenarios and on our own differently-worded cases,
clarify behaviour, and warm p50/p95 latency of a full offline agent turn.

Usage: python -m bench.advisor [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
PUBLIC = HERE.parent.parent / "shared" / "eval" / "scenarios_public.jsonl"
OWN = HERE / "data" / "advisor_cases.jsonl"
CLARIFY = HERE / "data" / "clarify_cases.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def accuracy(cases: list[dict]) -> tuple[float, list[str]]:
    from tunewise.agent.decision.advisor import advise
    from tunewise.agent.reading.understand import extract

    misses = []
    for c in cases:
        rec = advise(extract(c["text"]).profile)
        ok = rec.primary in c["accept"] and (not c.get("provider") or rec.provider == c["provider"])
        if not ok:
            misses.append(
                f"{c['id']}: got {rec.primary}/{rec.provider}, want {c['accept']}/{c.get('provider')}"
            )
    return 1 - len(misses) / len(cases), misses


def clarify_accuracy(cases: list[dict]) -> tuple[float, list[str]]:
    from tunewise.agent.decision.advisor import advise
    from tunewise.agent.decision.clarify import questions_for
    from tunewise.agent.reading.understand import extract

    misses = []
    for c in cases:
        p = extract(c["text"]).profile
        asked = bool(questions_for(p, advise(p)))
        if asked != c["clarify"]:
            misses.append(f"{c['id']}: asked={asked}, want {c['clarify']}")
    return 1 - len(misses) / len(cases), misses


def turn_latency(texts: list[str]) -> tuple[float, float]:
    from tunewise.core.settings import Settings, apply_offline_env

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        apply_offline_env(settings)
        from tunewise.agent.runtime.assistant import Assistant

        assistant = Assistant(settings)
        assistant.ask(texts[0], thread_id="warm")
        times = []
        for i, text in enumerate(texts):
            t0 = time.perf_counter()
            assistant.ask(text, thread_id=f"bench-{i}")
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-latency", action="store_true")
    args = ap.parse_args()
    public, own, clar = load(PUBLIC), load(OWN), load(CLARIFY)
    pub_acc, pub_miss = accuracy(public)
    own_acc, own_miss = accuracy(own)
    cl_acc, cl_miss = clarify_accuracy(clar)
    result = {
        "public": {"n": len(public), "accuracy": pub_acc, "misses": pub_miss},
        "own": {"n": len(own), "accuracy": own_acc, "misses": own_miss},
        "clarify": {"n": len(clar), "accuracy": cl_acc, "misses": cl_miss},
    }
    if not args.no_latency:
        p50, p95 = turn_latency([c["text"] for c in public + own])
        result["turn_ms"] = {"p50": round(p50, 1), "p95": round(p95, 1), "target_p50": 150}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key in ("public", "own", "clarify"):
        r = result[key]
        print(f"{key:8} n={r['n']:3}  accuracy {r['accuracy']:.3f}  (target >= 0.90)")
        for m in r["misses"]:
            print(f"   miss {m}")
    if "turn_ms" in result:
        t = result["turn_ms"]
        print(
            f"offline agent turn (warm): p50 {t['p50']} ms, p95 {t['p95']} ms; p50 target 150 ms -> x{t['p50'] / 150:.2f} of budget"
        )


if __name__ == "__main__":
    main()
