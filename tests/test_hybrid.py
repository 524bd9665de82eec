"""BM25 tokenisation and reciprocal-rank fusion."""

from tunewise.knowledge.hybrid import BM25Ranker, reciprocal_rank_fusion, tokenize


def test_tokenize_drops_stopwords_and_plurals():
    assert tokenize("What are the LoRA adapters for GPT-4o?") == ["lora", "adapter", "gpt-4o"]


def test_rrf_rewards_agreement():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert [i for i, _ in fused][0] == "b"
    only_one = reciprocal_rank_fusion([["x"], []])
    assert only_one == [("x", 1 / 61)]


def test_bm25_ranks_exact_terms_first():
    ranker = BM25Ranker(
        ["prompt engineering basics", "QLoRA needs 0.5 GB per billion", "retrieval"]
    )
    assert ranker.rank("qlora memory", 3)[0] == 1
    assert ranker.rank("zzzz unknownword", 3) == []
