"""BM25 tokenisation and score fusion."""

from tunewise.knowledge.hybrid import BM25Ranker, asked_for, convex_fusion, tokenize


def test_tokenize_drops_stopwords_and_plurals():
    assert tokenize("What are the LoRA adapters for GPT-4o?") == ["lora", "adapter", "gpt-4o"]


def test_fusion_rewards_agreement():
    fused = convex_fusion(
        [("a", 0.9), ("b", 0.85), ("c", 0.2)], [("b", 8.0), ("c", 7.0), ("a", 1.0)]
    )
    assert [i for i, _ in fused][0] == "b"
    assert convex_fusion([("x", 0.7)], []) == [("x", 0.0)]  # one candidate: no spread


def test_fusion_keeps_a_decisive_keyword_match():
    """A section BM25 scores far above the rest beats ones both lists rank middling (the case
    reciprocal-rank fusion got wrong: it sees ranks, not margins)."""
    dense = [("mid1", 0.60), ("mid2", 0.59), ("exact", 0.45), ("low", 0.30)]
    sparse = [("exact", 12.0), ("mid1", 2.0), ("mid2", 1.9)]
    assert convex_fusion(dense, sparse)[0][0] == "exact"


def test_bm25_ranks_exact_terms_first():
    ranker = BM25Ranker(
        ["prompt engineering basics", "QLoRA needs 0.5 GB per billion", "retrieval"]
    )
    assert ranker.rank("qlora memory", 3)[0] == 1
    assert ranker.rank("zzzz unknownword", 3) == []


def test_what_a_question_asks_for_outweighs_names_it_shares():
    """'What JSONL format does Bedrock expect for Claude 3 Haiku?': the section about the format
    comes before a section that only repeats the names (Bedrock, Claude, Haiku)."""
    texts = [
        "Claude 3 Haiku on Bedrock ends; Claude on Bedrock is the Claude route",
        "Haiku on Bedrock: JSONL records with a system field and alternating messages; format rules",
        "Open-weight models take any chat template",
        "OpenAI chat lines",
        "Bedrock pricing",
        "prompt writing",
    ]
    q = "What JSONL format does Bedrock expect for Claude 3 Haiku?"
    assert asked_for(q) == ["jsonl", "format"]
    assert BM25Ranker(texts).rank(q, 3)[0] == 1
    # without the asked-for words counted twice, the names win
    assert BM25Ranker(texts).rank("JSONL format Bedrock expect Claude 3 Haiku", 3)[0] == 0
    assert asked_for("how many rows do I need?") == []  # the unit counted, often worded otherwise
    assert asked_for("why LoRA?") == []


def test_a_figure_in_the_question_is_not_a_keyword():
    """'Is 2,000 examples enough?' ranked a cost worked example first because it quotes 2,000
    prompt tokens; the user's figure is not the topic."""
    texts = [
        "Each request carries about 2,000 prompt tokens and 500 completion tokens",
        "About 500 to 1,000 examples is where gains become reliable; enough examples",
    ]
    assert BM25Ranker(texts).rank("Is 2,000 examples enough?", 2)[0] == 1
    assert BM25Ranker(texts).rank("2,000", 2) == []  # a bare figure names no topic
