"""Understanding benchmark: facts read from paraphrases written for this benchmark (not the
lexicon's phrases) plus texts that state none of them (a fact read there is a false positive),
with the embedding-similarity fallback on vs off in the same run, and the extra time it costs.

usage: python -m bench.understanding [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from tunewise.agent.learned.prototypes import PROTOTYPES
from tunewise.agent.reading.understand import extract

CASES = Path(__file__).parent / "data" / "paraphrase_facts.jsonl"
SEMANTIC_FIELDS = sorted(
    {
        f.removeprefix("task:").replace(f, "task_kinds") if f.startswith("task:") else f
        for f, _ in PROTOTYPES
    }
)


def score(semantic: bool, cases: list[dict]) -> tuple[float, float, list[str]]:
    hit, total, misses, times = 0, 0, [], []
    for c in cases:
        t0 = time.perf_counter()
        profile = extract(c["text"], semantic=semantic).profile.model_dump()
        times.append((time.perf_counter() - t0) * 1000)
        if c.get("absent"):  # nothing in the text: any fact the similarity adds is wrong
            total += 1
            extra = [f for f in SEMANTIC_FIELDS if profile.get(f) not in (None, [])]
            hit += not extra
            if extra:
                misses.append(f"{c['text'][:50]}: false fact(s) {extra}")
            continue
        for field, want in c["facts"].items():
            total += 1
            got = profile.get(field)
            ok = set(want) <= set(got or []) if isinstance(want, list) else got == want
            hit += ok
            if not ok:
                misses.append(f"{c['text'][:50]}: {field}={got!r}, want {want!r}")
    return hit / total, statistics.median(times), misses


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    cases = [json.loads(x) for x in CASES.read_text().splitlines() if x.strip()]
    extract("warm up the embedding model", semantic=True)
    lex, lex_ms, _ = score(False, cases)
    sem, sem_ms, misses = score(True, cases)
    res = {
        "cases": len(cases),
        "facts_lexicon_only": round(lex, 3),
        "facts_with_similarity": round(sem, 3),
        "ratio": round(sem / lex, 2) if lex else None,
        "ms_lexicon_only_p50": round(lex_ms, 2),
        "ms_with_similarity_p50": round(sem_ms, 2),
        "misses": misses,
    }
    if args.json:
        print(json.dumps(res))
        return
    print(
        f"facts right: lexicon only {lex:.3f}, with similarity {sem:.3f} (x{res['ratio']}); "
        f"p50 {lex_ms:.1f} ms vs {sem_ms:.1f} ms per message ({len(cases)} paraphrases)"
    )
    for m in misses:
        print("  miss:", m)


if __name__ == "__main__":
    main()
