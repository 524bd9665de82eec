"""Retrieval benchmark: recall@k, MRR and p50 query latency, dense-only vs hybrid, one run.

A question counts as found at rank r when the r-th hit is from the expected document and its
text contains the expected phrase (development set) or its section is one of the expected
sections (held-out set, written and frozen before the fusion was tuned).
Usage: python -m bench.retrieval [-k 4] [--split dev|heldout|all] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel

QUESTIONS = Path(__file__).parent / "data" / "retrieval_questions.jsonl"
HELDOUT = Path(__file__).parent / "data" / "retrieval_heldout.jsonl"


class Question(BaseModel):
    q: str
    doc: str
    phrase: str = ""
    sections: list[str] = []

    def found_in(self, hit) -> bool:  # noqa: ANN001 - a SearchHit
        if hit.doc != self.doc:
            return False
        return self.phrase in hit.text if self.phrase else hit.section in self.sections


class ModeResult(BaseModel):
    mode: str
    recall_at_k: float
    mrr: float
    p50_ms: float
    misses: list[str]


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    return [
        Question.model_validate_json(line) for line in path.read_text().splitlines() if line.strip()
    ]


def load_split(split: str) -> list[Question]:
    if split == "dev":
        return load_questions(QUESTIONS)
    if split == "heldout":
        return load_questions(HELDOUT)
    return load_questions(QUESTIONS) + load_questions(HELDOUT)


def evaluate(index, questions: list[Question], mode: str, k: int) -> ModeResult:  # noqa: ANN001
    index.search(questions[0].q, k, mode=mode)  # warm caches outside the timing
    ranks, times, misses = [], [], []
    for question in questions:
        t0 = time.perf_counter()
        hits = index.search(question.q, 10, mode=mode)
        times.append((time.perf_counter() - t0) * 1000)
        rank = next((i for i, h in enumerate(hits, 1) if question.found_in(h)), None)
        ranks.append(rank)
        if rank is None or rank > k:
            misses.append(question.q)
    return ModeResult(
        mode=mode,
        recall_at_k=sum(1 for r in ranks if r and r <= k) / len(questions),
        mrr=sum(1 / r for r in ranks if r) / len(questions),
        p50_ms=statistics.median(times),
        misses=misses,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-k", type=int, default=4)
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    from tunewise.core.settings import Settings, apply_offline_env

    with tempfile.TemporaryDirectory() as tmp:
        apply_offline_env(Settings(data_dir=Path(tmp)))
        from tunewise.knowledge.index import KnowledgeIndex

        index = KnowledgeIndex(path=Path(tmp) / "chroma")
        index.build()
        questions = load_split(args.split)
        results = [evaluate(index, questions, mode, args.k) for mode in ("dense", "bm25", "hybrid")]
    if args.json:
        print(json.dumps([r.model_dump() for r in results], indent=2))
        return
    dense = next(r for r in results if r.mode == "dense")
    print(f"{len(questions)} questions ({args.split}), k={args.k}")
    print(f"{'mode':8} {'recall@k':>9} {'MRR':>6} {'p50 ms':>7}  vs dense (recall, MRR)")
    for r in results:
        print(
            f"{r.mode:8} {r.recall_at_k:9.3f} {r.mrr:6.3f} {r.p50_ms:7.1f}  "
            f"x{r.recall_at_k / dense.recall_at_k:.2f}, x{r.mrr / dense.mrr:.2f}"
        )
    for r in results:
        for q in r.misses:
            print(f"  miss[{r.mode}]: {q}")


if __name__ == "__main__":
    main()
