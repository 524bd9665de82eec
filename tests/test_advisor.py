"""The advisor against the public scenarios and our own cases (>= 90% required), and its shape."""

import json
from pathlib import Path

import pytest

from bench.advisor import CLARIFY, OWN, PUBLIC, accuracy, clarify_accuracy, load
from tunewise.agent.decision.advisor import advise
from tunewise.agent.reading.understand import extract
from tunewise.agent.schema.profile import Profile


@pytest.mark.skipif(not PUBLIC.exists(), reason="shared eval set not present")
def test_public_scenarios():
    acc, misses = accuracy(load(PUBLIC))
    assert acc >= 0.9, misses


def test_own_cases():
    cases = load(OWN)
    assert len(cases) >= 30
    acc, misses = accuracy(cases)
    assert acc >= 0.9, misses


def test_clarify_cases():
    acc, misses = clarify_accuracy(load(CLARIFY))
    assert acc >= 0.9, misses


def test_recommendation_shape_and_citations():
    rec = advise(
        extract(
            "Data may go to AWS, we need Anthropic's safety guarantees, 400 examples, prompting plateaued."
        ).profile
    )
    assert rec.primary == "proprietary_finetune" and rec.provider == "bedrock"
    assert any("2026-09-10" in c for c in rec.caveats)
    assert rec.prerequisites and rec.what_would_change
    assert [r.score for r in rec.ranked] == sorted((r.score for r in rec.ranked), reverse=True)
    assert all(c.quote and c.section for c in rec.citations)
    assert {r.approach for r in rec.ranked} == set(
        json.loads(Path(__file__).with_name("approaches.json").read_text())
    )


def test_no_data_then_10k_latest_wins():
    p = Profile().merge(extract("We have no data.").profile)
    assert p.n_examples == 0
    p2 = p.merge(extract("Correction: we have 10k examples.").profile)
    assert p2.n_examples == 10_000
    assert any("labelled examples: was 0, now 10,000" in n for n in p2.notes)
