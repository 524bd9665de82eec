"""The learned clause reader (agent/learned/clause_model.py): it reads how far prompting got and
whether an eval set exists in words no list or prototype covers, and adds nothing to clauses
about other things. These sentences were used to choose its probability floor (dev, not
held-out)."""

from __future__ import annotations

import tunewise.agent.reading.semantic as semantic
from tunewise.agent.reading.understand import extract

READ = [
    ("Security would never sign off on an outside API.", "data_may_leave", False),
    ("Honestly the instructions we wrote are a first pass.", "tried_prompting", "none"),
    ("Prompting hasn't really been explored by the team.", "tried_prompting", "none"),
    ("We don't really have a way of knowing if answers are right.", "eval_ready", False),
    ("Nobody could tell you whether the new version answers better.", "eval_ready", False),
    (
        "Our instructions have been reworked for months without any gain.",
        "tried_prompting",
        "plateaued",
    ),
]
NOTHING = [
    "We have 3,000 tickets from last year.",
    "The data must stay in our VPC.",
    "Customers complain the tone is too formal.",
    "The system prompt is long and lists all our product names.",
    "We answer refund questions for an online shop.",
    "Our analysts are based in Berlin and Lisbon.",
]


def _reads(monkeypatch, on: bool) -> int:
    if not on:  # the clause heads switched off: the facts they own stay unread
        monkeypatch.setattr(semantic, "predict", lambda *a: {})
    return sum(getattr(extract(t).profile, f) == v for t, f, v in READ)


def test_reads_what_the_word_lists_miss(monkeypatch):
    with_model, without = _reads(monkeypatch, True), _reads(monkeypatch, False)
    assert with_model >= 4 and with_model > without, (with_model, without)


def test_adds_nothing_to_other_clauses():
    for text in NOTHING:
        p = extract(text).profile
        assert p.tried_prompting is None and p.eval_ready is None, text
        if "data" not in text.lower():
            assert p.data_may_leave is None, text


def test_dev_clause_file_matches_the_dev_half():
    """agent/learned/data/dev_clauses.jsonl is derived from the dev half; adding dev cases without
    re-deriving it would train the reader on a stale set."""
    from bench.derive_clauses import OUT, derive, render

    assert OUT.read_text() == render(derive()), "run: python -m bench.derive_clauses"


def test_negation_scope_marks_the_words_it_covers():
    from tunewise.agent.learned.clause_features import ngram_vectors, tokens

    assert tokens("we can't share it, but the rest is fine") == [
        "we", "ca", "not", "NOT_share", "NOT_it", ",", "but", "the", "rest", "is", "fine",
    ]  # fmt: skip
    yes, no = ngram_vectors(["we can share the data", "we can't share the data"])
    assert float(yes @ no) < 0.5  # the same words, apart once negation is marked


def test_polarity_is_read_from_the_words():
    """MiniLM alone put these on the wrong side or on the fence."""
    assert extract("We can't share customer data with OpenAI.").profile.data_may_leave is False
    assert extract("Security has no issue with hosted APIs.").profile.data_may_leave is True
    assert extract("Prompting hasn't been explored yet.").profile.tried_prompting == "none"


def test_a_request_states_no_fact_but_the_case_after_its_colon_does():
    assert extract("Explain why an eval set matters.").profile.eval_ready is None
    p = extract("Tell me what to do: we have no eval set and 3,000 tickets.").profile
    assert p.eval_ready is False and p.n_examples == 3000


KINDS = [
    ("Half the time it returns a paragraph when our app expects key-value pairs.", "format"),
    ("It writes like a textbook; our readers expect something chatty.", "style"),
]


def test_yes_no_heads_read_what_the_word_lists_miss(monkeypatch):
    """Sentences in no training set; without the heads these facts are not read."""
    real = semantic.predict_kinds
    for on in (False, True):
        monkeypatch.setattr(semantic, "predict_kinds", real if on else lambda *a: {})
        kinds = [kind in extract(text).profile.task_kinds for text, kind in KINDS]
        teacher = extract("We have the big model's answers for 40k past chats.").profile
        assert all(kinds) is on and (teacher.teacher_outputs is True) is on
    for text in NOTHING:
        p = extract(text).profile
        assert not p.teacher_outputs and not p.on_device and not p.hallucination_issue, text


def test_a_question_about_words_has_no_subject():
    assert extract("Can you explain extraction versus classification?").profile.task_kinds == []
    assert extract("Should we fine-tune for our brand voice?").profile.task_kinds == ["style"]
