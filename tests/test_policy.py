"""The turn policy, without the graph: readings built by hand (no reader, no model) go
through agent/decision/policy.py's `decide`, and the decision is checked on its fields."""

from __future__ import annotations

from tunewise.agent.decision.policy import decide
from tunewise.agent.reading.acts import ActReading
from tunewise.agent.reading.turn_reader import Memory, TurnReading, might_need
from tunewise.agent.reading.understand import Understanding
from tunewise.agent.schema.profile import Profile

ADVISED = Memory(
    profile=Profile(
        n_examples=3000, data_may_leave=False, tried_prompting="plateaued", eval_ready=True
    ),
    last_primary="lora_open_weight",
    followup=True,
)


def reading(
    act: str,
    text: str = "",
    stated: Profile | None = None,
    hypothetical: Profile | None = None,
    need: str | None = None,
    approaches: tuple[str, ...] = (),
    tool: str | None = None,
    files: tuple[str, ...] = (),
) -> TurnReading:
    return TurnReading(
        text=text,
        understanding=Understanding(
            profile=stated or Profile(),
            hypothetical=hypothetical or Profile(),
            file_paths=list(files),
        ),
        act=ActReading(act=act, approaches=list(approaches), tool=tool),
        need=need,
    )


def test_a_statement_is_stored_and_a_question_is_not() -> None:
    said = decide(reading("advise", stated=Profile(daily_volume=50_000)), ADVISED)
    assert said.profile.daily_volume == 50_000 and said.stored_profile.daily_volume is None
    asked = decide(reading("why", stated=Profile(daily_volume=50_000)), ADVISED)
    assert asked.act == "why" and asked.profile.daily_volume is None
    assert asked.last_primary == "lora_open_weight"  # a question leaves the advice standing


def test_a_what_if_is_advised_on_a_copy() -> None:
    d = decide(reading("what_if", hypothetical=Profile(data_may_leave=True)), ADVISED)
    assert d.act == "what_if" and d.whatif is not None
    assert d.whatif.profile.data_may_leave is True and d.profile.data_may_leave is False
    assert d.whatif.recommendation.primary != d.recommendation.primary


def test_a_proposal_gets_a_verdict_not_questions() -> None:
    """'what if we distilled GPT-4 into a small model?' changes no fact: advice at once."""
    d = decide(reading("what_if", approaches=("distillation",)), Memory())
    assert d.act == "advise" and d.questions == [] and d.whatif is None
    # the same words with a fact that differs are a what-if
    changed = reading("what_if", approaches=("distillation",), hypothetical=Profile(n_examples=50))
    assert decide(changed, ADVISED).act == "what_if"


def test_compare_before_any_advice_asks_what_decides_it() -> None:
    d = decide(reading("compare", approaches=("rag", "lora_open_weight")), Memory())
    assert d.act == "advise" and d.questions and d.last_primary is None
    after = decide(reading("compare", approaches=("rag", "lora_open_weight")), ADVISED)
    assert after.act == "compare" and after.questions == []


def test_a_need_on_an_opening_message_is_advice_given_at_once() -> None:
    d = decide(
        reading("explain", text="how do I make it answer from our wiki?", need="knowledge"),
        Memory(),
    )
    assert d.act == "advise" and d.questions == [] and d.recommendation.primary == "rag"
    assert d.last_primary == "rag" and d.profile.task_kinds == ["knowledge"]
    # the same need read on a follow-up question is not a new subject
    later = decide(reading("explain", need="knowledge"), ADVISED)
    assert later.act == "explain" and later.profile.task_kinds == []


def test_a_cost_question_lends_its_workload_to_the_estimate() -> None:
    d = decide(reading("cost", hypothetical=Profile(daily_volume=3000, prompt_tokens=900)), ADVISED)
    assert d.profile.daily_volume == 3000 and d.profile.prompt_tokens == 900


def test_it_means_the_last_file() -> None:
    memory = ADVISED.model_copy(update={"last_file": "/data/train.jsonl"})
    d = decide(reading("tool", text="validate it for openai", tool="validate_data"), memory)
    assert d.file_paths == ["/data/train.jsonl"] and d.intent == "validate_data"
    named = reading("tool", text="validate b.jsonl", tool="validate_data", files=("b.jsonl",))
    assert decide(named, memory).last_file == "b.jsonl"


def test_the_need_is_read_only_where_the_policy_can_use_it() -> None:
    assert might_need(ActReading(act="advise"), ADVISED)
    assert might_need(ActReading(act="explain"), Memory())  # an opening question
    # an opening question naming a concept: the need is read, and only a sure one makes it advice
    assert might_need(ActReading(act="explain", concept="lora"), Memory())
    assert not might_need(ActReading(act="explain", concept="lora"), ADVISED)
    assert not might_need(ActReading(act="rewrite"), ADVISED)
    assert not might_need(ActReading(act="compare"), ADVISED)


def test_an_opening_question_naming_a_concept_is_advice_only_when_the_need_is_sure() -> None:
    poor = "I fine-tuned on my own data and the results are poor; which values should I adjust?"
    r = reading("explain", text=poor, need="measure")
    r.act.concept = "fine_tuning"
    assert decide(r, Memory()).act == "explain"  # unsure: the explanation stays
    r.need_sure = True
    d = decide(r, Memory())
    assert d.act == "advise" and d.recommendation.primary == "build_evals_first"


def test_the_learned_reader_owns_the_act_and_the_tool() -> None:
    from tunewise.agent.reading.acts import read_act

    how = (
        "I have huge data of chats between clients and our support engineers, how can I "
        "create a data set from these conversations for an assistant?"
    )
    assert read_act(how, 0).act != "tool"  # asks how; it orders nothing
    checked = read_act("check data/train.jsonl for bedrock", 0, files=["data/train.jsonl"])
    assert (checked.act, checked.tool) == ("tool", "validate_data")
    status = read_act("how's my fine-tuning job doing?", 0, followup=True)
    assert (status.act, status.tool) == ("tool", "job_status")
    # synthetic data from a named seeds file is the generator's request
    seeds = read_act("make 100 more rows from data/seeds.jsonl", 0, files=["data/seeds.jsonl"])
    assert (seeds.act, seeds.tool) == ("tool", "generate_data")
    assert read_act("make 100 more rows from data/seeds.jsonl", 0, followup=True).act == "synth"
    # a message stating a case is advice whatever it ends on
    case = "We have 8k labelled tickets, evals in CI, data must stay on-prem. Draft or not?"
    assert read_act(case, 3).act == "advise"


def test_an_unsure_greeting_reading_of_a_follow_up_is_not_a_greeting(monkeypatch) -> None:
    """A fresh clone read 'So what do you recommend?' as smalltalk at 0.21 (advise 0.21) and
    answered a conversation's follow-up with 'Hi! I help decide ...'. An unsure reading of a
    follow-up with no fact gets the advice when it asks for it, else the grounded answer; a
    sure greeting stays one. The reader's probabilities are fixed here to test the rule."""
    from tunewise.agent.learned import act_model
    from tunewise.agent.reading.acts import read_act

    unsure = {a: 0.0 for a in act_model.HEAD.classes} | {"smalltalk": 0.21, "advise": 0.2}
    monkeypatch.setattr(act_model, "probabilities", lambda text: unsure)
    assert read_act("So what do you recommend?", 0, followup=True).act == "advise"
    assert read_act("and the other part of it?", 0, followup=True).act == "explain"
    sure = {a: 0.0 for a in act_model.HEAD.classes} | {"smalltalk": 0.9}
    monkeypatch.setattr(act_model, "probabilities", lambda text: sure)
    assert read_act("hi again!", 0, followup=True).act == "smalltalk"
