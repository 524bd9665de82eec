"""The fact schema (agent/schema/facts.py): every fact declared once, and what users see of
it derived from the declaration."""

from __future__ import annotations

from tunewise.agent.decision.clarify import PLAUSIBLE, QUESTIONS
from tunewise.agent.schema.facts import (
    CARD_FACTS,
    FACTS,
    QUESTION_FACTS,
    changes,
    scenario,
    understood,
)
from tunewise.agent.schema.profile import Profile
from tunewise.ui.web import facts as card


def test_every_profile_field_is_declared_once() -> None:
    declared = [f for fact in FACTS for f in fact.fields]
    assert len(declared) == len(set(declared)), "a field in two declarations"
    missing = set(Profile.model_fields) - set(declared) - {"notes"}
    assert not missing, f"declare these facts in agent/schema/facts.py: {sorted(missing)}"
    assert set(declared) <= set(Profile.model_fields)


def test_questions_and_card_come_from_the_declarations() -> None:
    assert [q.field for q in QUESTIONS] == [f.fields[0] for f in QUESTION_FACTS]
    assert QUESTIONS[0].field == "task_kinds" and len(QUESTIONS) == 6
    assert set(PLAUSIBLE) == {q.field for q in QUESTIONS}
    assert {f.fields[0] for f in card.EDITED} == {f.fields[0] for f in CARD_FACTS}
    profile = {"n_examples": 500, "data_may_leave": False, "tried_prompting": "plateaued"}
    shown = card.values(profile)
    assert shown[0] == 500 and "must stay in-house" in shown and "plateaued" in shown
    # the card hands back only what was edited, on the fields
    edited = list(shown)
    edited[card.EDITED.index(next(f for f in card.EDITED if f.fields[0] == "prompt_tokens"))] = 900
    assert card.changes(profile, *edited) == {"prompt_tokens": 900}


def test_changes_are_computed_on_fields_for_every_fact() -> None:
    before = Profile(n_examples=1200, data_may_leave=False)
    # token counts alone are a change (the card's edit once answered "no fact was changed")
    assert changes(before, before.model_copy(update={"prompt_tokens": 2000})) == [
        "tokens in: 2,000 tokens in"
    ]
    after = before.model_copy(update={"n_examples": 12000, "providers_ok": ["openai"]})
    after = after.model_copy(update={"data_may_leave": True})
    assert changes(before, after) == [
        "examples: was 1,200 examples, now 12,000 examples",
        "data: was data must stay in your environment, now data may go to OpenAI",
    ]
    assert changes(before, Profile(data_may_leave=False)) == [
        "examples: no longer known (was 1,200 examples)"
    ]
    assert changes(before, before) == []


def test_a_what_if_about_any_declared_fact_is_described() -> None:
    """'what if it had to run on phones, offline?' once got 'I could not tell which fact would
    change': the what-if's words come from the fact's declaration, for every fact."""
    base = Profile(n_examples=3000)
    assert scenario(base, base.model_copy(update={"on_device": True})) == (
        "it had to run on the device, offline"
    )
    assert scenario(base, base.model_copy(update={"own_hardware": False})) == (
        "you had no GPUs of your own"
    )
    assert scenario(base, base) == ""


def test_a_what_if_reads_as_clauses_after_if() -> None:
    """'If GPUs of your own; ML engineers in-house, ...' read stiffly: each fact says its value
    as a clause, and two changed facts are joined by 'and'."""
    both = Profile(own_hardware=True, ml_skills=True)
    assert scenario(Profile(), both) == (
        "you had GPUs of your own and you had ML engineers in-house"
    )
    three = Profile(n_examples=200, data_may_leave=True, providers_ok=["bedrock"], eval_ready=True)
    assert scenario(Profile(), three) == (
        "you had 200 examples, the data could go to AWS Bedrock and you had an eval set"
    )
    # every fact that can be said can be said after "If" (a subject and a verb, not a noun)
    samples = Profile(
        n_examples=10, data_may_leave=False, tried_prompting="none", eval_ready=False,
        daily_volume=5, monthly_budget_usd=9, prompt_tokens=5, tuned_prompt_tokens=5,
        completion_tokens=5, change_velocity="high", compliance=["hipaa"],
        uses_large_model=True, cost_pressure=True, latency_pressure=True, latency_target_ms=50,
        hallucination_issue=True, on_device=True, own_hardware=True, ml_skills=True,
        multi_tenant=True, preference_pairs=5, sft_done=True, narrow_task=True,
    )  # fmt: skip
    for fact in FACTS:
        said = fact.as_clause(samples)
        if fact.words(samples):
            assert fact.clause is not None and said != fact.words(samples), fact.name


def test_understood_says_the_known_facts_in_declaration_order() -> None:
    p = Profile(daily_volume=3000, n_examples=800, latency_target_ms=300, on_device=True)
    assert understood(p) == (
        "800 examples, 3,000 requests a day, a 300 ms latency target, "
        "it must run on the device, offline"
    )
    assert understood(Profile()) == ""
