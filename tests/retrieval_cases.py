"""Retrieval checks shared by the local-directory and the Chroma-server tests."""

from __future__ import annotations

from bench.retrieval import evaluate, load_questions


def check_retrieval_quality(index) -> None:  # noqa: ANN001
    questions = load_questions()
    assert len(questions) >= 30
    hybrid = evaluate(index, questions, "hybrid", 4)
    dense = evaluate(index, questions, "dense", 4)
    assert hybrid.recall_at_k >= 0.95, hybrid.misses
    assert hybrid.recall_at_k >= dense.recall_at_k
    assert hybrid.mrr >= dense.mrr


def check_hits_shape(index) -> None:  # noqa: ANN001
    hits = index.search("QLoRA memory per billion parameters", 3)
    assert len(hits) == 3
    assert hits[0].doc == "lora-peft" and hits[0].section == "Memory rules of thumb"
    assert hits[0].score >= hits[1].score >= hits[2].score > 0
