"""Follow-ups people actually send (issue 26): one table of acts with a learned reader,
rewrites of the last answer, interview follow-ups, engineer questions through the tools, and
cancel from the chat against the real job store."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

from tests.jobwait import wait_for_job
from tunewise.agent.answers import followups
from tunewise.agent.answers.act_dispatch import answer_for
from tunewise.agent.learned import act_model
from tunewise.agent.reading.acts import Act
from tunewise.agent.runtime.assistant import Assistant
from tunewise.agent.schema.act_table import ACT_NAMES, ACTS
from tunewise.core.settings import Settings
from tunewise.tools.train.jobs import JobStore
from tunewise.tools.train.spec import JobSpec

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "real_messages.jsonl"
CASE = (
    "Our internal wiki changes every week and employees ask the bot about HR policies; the "
    "answers are often outdated. About 2,000 pages, and the data may go to OpenAI."
)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return Assistant(Settings(data_dir=tmp_path_factory.mktemp("followups")))


def test_every_act_is_declared_once_with_an_answer_and_training_rows() -> None:
    assert sorted(ACT_NAMES) == sorted(Act.__args__)  # the reading vocabulary is the table's
    assert len(set(ACT_NAMES)) == len(ACTS)
    counts = {a: 0 for a in ACT_NAMES}
    for r in act_model.rows():
        counts[r["act"]] += 1
    for decl in ACTS:
        fn = answer_for(decl.name)  # the offline model answers every act through this
        assert callable(fn) and fn.__name__ == decl.answer, decl.name
        assert len(inspect.signature(fn).parameters) == 1, f"{decl.answer} takes one Turn"
        assert counts[decl.name] >= 3, f"{decl.name} has {counts[decl.name]} training rows"


def test_no_held_out_message_trains_the_act_reader() -> None:
    held = {
        json.loads(x)["text"].strip()
        for x in CORPUS.read_text(encoding="utf-8").splitlines()
        if x.strip() and json.loads(x)["split"] == "heldout"
    }
    assert not held & {r["text"] for r in act_model.rows()}


def test_rewrite_keeps_the_answers_own_sentences_and_fits_the_count() -> None:
    last = (
        "**Recommendation: Retrieval (RAG)**, because the facts change weekly and must be "
        "cited.\n\nRetrieval puts the current documents into the prompt at question time, so "
        "answers follow the wiki as it changes [rag-retrieval > When]. It does not teach style. "
        "LoRA would need retraining every week, which is slow and costly. Start with 50 graded "
        "questions and measure groundedness before anything else. If the format is still off "
        "after that, a small LoRA can sit on top of the retrieval set-up later on."
    )
    source = followups._sentences(last, cites=True)
    for ask, target in (("make that 40 words", 40), ("shorter please", None)):
        out = followups.rewrite(last, ask)
        assert out.startswith("Recommendation: Retrieval (RAG)")
        for s in re.split(r"(?<=[.!?\]])\s+", out):
            assert any(s.strip() in x for x in source), s  # selected, never restated
        n = followups._count(out)
        assert n < followups._count(last)
        if target:
            assert abs(n - target) <= 0.1 * target
    spoken = followups.rewrite(last, "now a 60-second spoken version")
    assert "[" not in spoken and "**" not in spoken and "doesn't" in spoken
    bullets = followups.rewrite(last, "bullet points for my slides")
    assert bullets.count("\n- ") >= 2
    plain = followups.rewrite(last, "less jargon please, I'm a PM")
    assert "LoRA (a small add-on" in plain
    assert "no earlier answer" in followups.rewrite("", "shorter")


def test_conversation_follow_ups_get_their_own_answers(assistant: Assistant) -> None:
    first = assistant.ask(CASE, "f1")
    assert first.recommendation.primary == "rag"
    shorter = assistant.ask("make it shorter", "f1")
    assert shorter.act == "rewrite"
    assert len(shorter.answer.split()) < len(first.answer.split())
    assert "Retrieval" in shorter.answer and "outside what I can help" not in shorter.answer
    nxt = assistant.ask("what follow-up questions might the interviewer ask?", "f1")
    assert nxt.act == "interview_next" and nxt.answer.count("**") >= 6
    assert "Retrieval (RAG)" in nxt.answer.split("\n")[1]  # about the answer given
    gpu = assistant.ask("which base model and how big a GPU do we need?", "f1")
    assert gpu.act == "plan" and re.search(r"\d+(?:\.\d+)? GB", gpu.answer)
    assert [c.name for c in gpu.tool_calls] == ["plan_lora"]
    plan = assistant.ask("plan a QLoRA run of mistral-7b on it", "f1")
    assert [c.name for c in plan.tool_calls] == ["plan_lora"]  # planned, never launched
    assert plan.tool_calls[0].args["model"] == "mistral-7b"
    assert plan.tool_calls[0].args["bits"] == 4
    synth = assistant.ask("can GPT-4 write the training dialogues for me?", "f1")
    assert synth.act == "synth" and "teacher" in synth.answer
    thanks = assistant.ask("It definitely worked! Thank you.", "f1")
    assert thanks.act == "thanks" and len(thanks.answer.split()) < 60
    assert "My recommendation is still" not in thanks.answer


def test_cancel_from_the_chat_stops_the_real_run(tmp_path: Path, tiny: Path, data: Path) -> None:
    app = Assistant(Settings(data_dir=tmp_path / "d"))
    none = app.ask("cancel it", "c1")
    assert none.act == "cancel" and "nothing to cancel" in none.answer
    assert none.answer.rstrip().endswith(".")  # a sentence, not a cut-off line
    store = JobStore(tmp_path / "d" / "jobs.sqlite")
    job = store.launch(
        JobSpec(base_model=str(tiny), dataset=data, output_dir=tmp_path / "run", max_steps=400)
    )
    wait_for_job(lambda: store.get(job.id), lambda j: j.status == "running")
    r = app.ask(f"cancel my training run {job.id}", "c1")
    assert r.act == "cancel" and f"Cancelled job **{job.id}**" in r.answer
    assert store.get(job.id).status == "cancelled"


def test_act_rows_are_derived_from_their_sources() -> None:
    from bench.derive_acts import OUT, derive

    rows = [json.loads(x) for x in OUT.read_text(encoding="utf-8").splitlines() if x.strip()]
    assert rows == derive(), "run `python -m bench.derive_acts` after changing a source"


def test_a_draft_in_a_conversation_is_about_its_case(assistant: Assistant) -> None:
    from bench.conversation import words

    case = (
        "We classify support emails into 14 queues. 12k labelled examples, data must stay on "
        "our servers, few-shot tops out at 78% and we have a test set."
    )
    assert assistant.ask(case, "d1").recommendation.primary == "lora_open_weight"
    r = assistant.ask("write this up for my VP in 150 words", "d1")
    assert r.act == "draft"
    assert abs(words(r.answer) - 150) <= 15
    assert "our case" in r.answer and "12,000 examples" in r.answer
    assert re.search(r"My recommendation: (?:go with )?LoRA on an open-weight model", r.answer)
    assert not re.search(r"bedrock|openai|hosted", r.answer, re.I)  # ruled out by the facts


def test_a_draft_on_distillation_covers_distillation(assistant: Assistant) -> None:
    r = assistant.ask(
        "draft a 150 word interview answer on when distillation beats prompting", "d2"
    )
    assert r.act == "draft" and "Distillation:" in r.answer and "teacher" in r.answer


def _estimate(assistant: Assistant, question: str, thread: str) -> tuple:
    """The answer to a cost question and its one estimate_cost call."""
    r = assistant.ask(question, thread)
    [call] = [c for c in r.tool_calls if c.name == "estimate_cost"]
    return r, call


def test_cost_after_nothing_may_leave_compares_only_in_house_routes(assistant: Assistant) -> None:
    case = (
        "We classify support emails into 14 queues. 12k labelled examples, nothing may leave "
        "our servers, few-shot tops out at 78% and we have a test set."
    )
    assert assistant.ask(case, "k1").recommendation.primary == "lora_open_weight"
    r, call = _estimate(assistant, "what would it cost at 3,000 tickets a day?", "k1")
    routes = [call.args["model"], *call.args["compare"]]
    assert all(m.startswith("self-hosted") for m in routes), routes
    assert call.args["queries_per_day"] == 3000
    assert "gpt-4o" not in r.answer and "Why the recommended route costs" in r.answer
    assert "not because it is cheaper" in r.answer  # idle GPUs at 3,000 a day


def test_cost_when_aws_is_allowed_and_openai_is_not_compares_bedrock_routes(
    assistant: Assistant,
) -> None:
    """'Nothing can go to OpenAI but AWS is fine': the estimate compares Claude on Bedrock as
    it is, the Bedrock fine-tunes and in-house serving (no OpenAI row), and says why the
    recommended fine-tuned Claude costs what it does (provisioned throughput)."""
    case = (
        "Our sales team wants an assistant that writes follow-up emails in each rep's personal "
        "style. We have about 20k sent emails. Nothing can go to OpenAI but AWS is fine."
    )
    assert assistant.ask(case, "aws1").recommendation.primary == "proprietary_finetune"
    r, call = _estimate(assistant, "what would it cost us?", "aws1")
    routes = [call.args["model"], *call.args["compare"]]
    assert routes[0].startswith("anthropic.claude") and not any("gpt" in m for m in routes)
    assert "gpt-4o" not in r.answer and "provisioned throughput" in r.answer, r.answer[-600:]


def test_cost_at_high_volume_says_when_in_house_is_the_cheapest(assistant: Assistant) -> None:
    case = "GPT-4 answers 2M support chats a day for us; the bill is huge."
    assert assistant.ask(case, "k2").recommendation.primary == "distillation"
    r = assistant.ask("what would that cost us?", "k2")
    [call] = [c for c in r.tool_calls if c.name == "estimate_cost"]
    assert call.args["queries_per_day"] == 2_000_000
    assert "gpt-4o-mini" in r.answer  # hosted rows to compare with
    assert "it is the cheapest option here" in r.answer  # busy GPUs
    assert "not because it is cheaper" not in r.answer
    notices = [x for x in r.answer.splitlines() if x.startswith("- Lifecycle:")]
    assert notices and len(notices) == len(set(notices))  # one provider's notices said once


def test_a_what_if_that_changes_two_facts_reads_both(assistant: Assistant) -> None:
    case = (
        "We classify support emails into 14 queues. 12k labelled examples, data must stay on "
        "our servers, few-shot tops out at 78% and we have a test set."
    )
    assistant.ask(case, "w1")
    r = assistant.ask(
        "What if legal approved sending the data to AWS and we needed Anthropic's safety "
        "guarantees?",
        "w1",
    )
    assert r.act == "what_if" and "Hosted fine-tuning" in r.answer
    assert r.profile["data_may_leave"] is False  # a what-if stores nothing
    card = assistant.ask("what if we only had a single 24GB card?", "w1")
    assert card.act == "plan" and "On one 24 GB card" in card.answer and "QLoRA" in card.answer


def test_drafts_answer_the_relation_asked(assistant: Assistant) -> None:
    """'when X over Y' leads with the condition for each, X first, and closes on the relation
    (no route picked for facts nobody gave, no dated caveat for a route not argued for);
    naming a hosted route as X puts its dated caveat first, with the alternative; 'why X'
    gives X's case; 'how X works' starts with what it is."""
    from bench.conversation import words

    r = assistant.ask("when would you choose fine-tuning over RAG? 200 words", "rel1")
    assert r.act == "draft" and abs(words(r.answer) - 200) <= 20, r.answer
    lead = r.answer.split("\n\n")[0]
    assert lead.startswith("Choose fine-tuning") and "over retrieval (RAG) when" in lead, lead
    assert "stays the better choice when the problem is missing or changing knowledge" in lead
    assert "My recommendation" not in r.answer and "dated caveat" not in r.answer
    order = [r.answer.index(x) for x in ("LoRA on an open-weight model", "Retrieval (RAG)")]
    assert order == sorted(order)

    r = assistant.ask(
        "Draft a 150-word answer: when is Claude on Bedrock better than LoRA?", "rel2"
    )
    assert r.answer.startswith("First, a dated caveat:") and "Instead:" in r.answer, r.answer
    second = r.answer.split("\n\n")[1]
    assert second.startswith("Choose fine-tuning Claude on AWS Bedrock over LoRA"), second
    assert abs(words(r.answer) - 150) <= 15

    r = assistant.ask("Draft a 120-word answer: why would a team choose distillation?", "rel3")
    assert r.answer.startswith("Distillation:") and "It wins when" in r.answer

    r = assistant.ask("Draft a 120-word answer: how does QLoRA work?", "rel4")
    assert r.answer.startswith("QLoRA: QLoRA is LoRA trained"), r.answer


def test_a_statement_that_changes_nothing_gets_the_next_steps_not_the_advice_again(
    assistant: Assistant,
) -> None:
    case = (
        "We want our support bot to answer from our help-center articles; they change every week."
    )
    assert assistant.ask(case, "st1").recommendation.primary == "rag"
    r = assistant.ask("our help center runs on zendesk", "st1")
    assert "My recommendation is still" not in r.answer
    assert r.answer.startswith("Noted; nothing in it changes the advice (Retrieval (RAG))")
    assert "Plan for Retrieval (RAG)" in r.answer
    again = assistant.ask("so what do you recommend?", "st1")  # asked for: the advice itself
    assert "Retrieval (RAG)" in again.answer and "Plan for" not in again.answer


def test_interview_follow_ups_start_with_the_recommended_route() -> None:
    """A draft that weighs prompting against LoRA names prompting first; the interviewer's
    questions are about the route the conversation recommended."""
    last = "Prompting has plateaued, so the first move is LoRA on an open-weight model."
    first_line = lambda primary: followups.interview_next(last, "", primary).split("\n")[1]  # noqa: E731
    assert "Prompt engineering" in first_line(None)
    assert "LoRA on an open-weight model" in first_line("lora_open_weight")


def test_lora_versus_full_fine_tuning_is_drafted_on_both(assistant: Assistant) -> None:
    """Full fine-tuning is a draft option of its own: 'when to use LoRA versus full
    fine-tuning?' leads with the condition for each and covers both, not LoRA alone."""
    r = assistant.ask(
        "I'm interviewing tomorrow. How would you explain when to use LoRA versus full "
        "fine-tuning?",
        "full1",
    )
    assert r.act == "draft", r.act
    lead = r.answer.split("\n\n")[0]
    assert lead.startswith("Choose LoRA on an open-weight model over full fine-tuning when"), lead
    assert "full fine-tuning stays the better choice when the task is genuinely new" in lead
    assert "Full fine-tuning: Full fine-tuning updates every weight" in r.answer


def test_interview_follow_ups_expand_an_item_and_stay_on_the_topic(assistant: Assistant) -> None:
    """After a list of likely questions, 'how would I answer the first one?' gets that
    question's fuller answer (the long unit), 'the last one' the last question's section, and
    'what else?' new questions on the same options, never a list about another route."""
    assistant.ask(
        "Interview prep: how would you explain when to use LoRA versus full fine-tuning?", "iv1"
    )
    listed = assistant.ask("what might they ask me next?", "iv1")
    assert listed.act == "interview_next", listed.act
    assert listed.answer.startswith(followups.LIST_HEAD)
    assert "Full fine-tuning" in listed.answer and "Prompt engineering" not in listed.answer
    first = re.search(r"^1\. \*\*(.+?)\*\*", listed.answer, re.M).group(1)
    one = assistant.ask("and how would I answer the first one?", "iv1")
    assert one.answer.startswith(f"**{first}**"), one.answer
    assert "A fuller answer:" in one.answer and "(long)]" in one.answer
    last = assistant.ask("what about the last one?", "iv1")  # still the list, not the answer
    assert last.answer.startswith("**How would you know it worked?**"), last.answer
    assert ",." not in last.answer  # the section's wrapped lines are joined, not cut
    more = assistant.ask("what else could they ask?", "iv1")
    assert more.answer.startswith(followups.LIST_HEAD), more.answer
    assert "Prompt engineering" not in more.answer and first not in more.answer


def test_a_rewrite_of_a_cost_table_keeps_its_rows_and_drops_the_price_footnotes() -> None:
    """A plain-words or shorter version of a cost estimate reads the table's rows as
    sentences and leaves out the per-price provenance under 'Assumptions:'."""
    last = (
        "Cost per option (baseline **gpt-4o**):\n\n| option | per month | one-off |\n"
        "|---|---:|---:|\n| gpt-4o | $165.00 | $0.00 |\n| ft:gpt-4o-mini * | $19.80 | $78.00 |"
        "\n\nAssumptions:\n- **gpt-4o** (prices as of 2026-11, genai-prices): 1,000 prompt tokens"
        "\n- prices change: each option says when its price was read\n\nWhy: it is cheaper."
    )
    out = followups.rewrite(last, "explain it like I'm a PM, no jargon")
    assert "Gpt-4o: per month $165.00, one-off $0.00." in out, out
    assert "Ft:gpt-4o-mini: per month $19.80" in out and "prices as of" not in out, out
    assert "|" not in out and out.endswith("Why: it is cheaper.")


def test_a_rewrite_into_n_bullets_keeps_n_points() -> None:
    last = (
        "Roughly two weeks for Prompt engineering.\n\nPlan:\n1. Data: collect 50 real inputs.\n"
        "2. Evaluation: score the current prompt.\n3. First run: a structured prompt.\n"
        "4. Rollout: ship it behind a flag."
    )
    out = followups.rewrite(last, "can you put that in 5 bullets for my boss?")
    assert out.count("\n- ") == 4 and out.startswith("- Roughly two weeks"), out
    assert "Rollout" in out
    three = followups.rewrite(last, "three bullet points please")
    assert three.count("- ") == 3, three
    six = followups.rewrite(last, "6 bullets")
    assert "makes 5 points" in six, six


def test_how_long_training_takes_before_any_run_gets_the_plan(tmp_path: Path) -> None:
    """Before any job exists, 'how long will training take?' after a LoRA recommendation is
    answered with the plan's memory and time (the status tool found no job); without a
    training route in the conversation it stays the job store's 'no jobs yet'."""
    fresh = Assistant(Settings(data_dir=tmp_path))
    case = "we have 2 A100 40GB and want to fine-tune llama 3 8b on 30k support transcripts, data can't leave"
    assert fresh.ask(case, "hl1").recommendation.primary == "lora_open_weight"
    r = fresh.ask("how long will training take roughly?", "hl1")
    assert [c.name for c in r.tool_calls] == ["job_status", "plan_lora"], r.tool_calls
    assert r.answer.startswith("No training job has been started yet"), r.answer
    assert "Time on H100-80GB" in r.answer and "There are no training jobs" not in r.answer
    rag = "We want our support bot to answer from our help-center articles; they change weekly."
    assert fresh.ask(rag, "hl2").recommendation.primary == "rag"
    r = fresh.ask("is my training done yet?", "hl2")
    assert r.answer.startswith("There are no training jobs yet"), r.answer


def test_a_gpu_question_after_a_route_that_trains_nothing_says_so(assistant: Assistant) -> None:
    """'Do we need a GPU?' after a prompting recommendation: no, and why, before what training
    an open model would take; after a LoRA recommendation, or for a named model size, the plan
    alone."""
    case = (
        "We need a chatbot for our hotel chain that answers guests' questions about amenities "
        "and check-in times, in English and Japanese."
    )
    primary = assistant.ask(case, "gpu1").recommendation.primary
    assert primary in ("prompt_engineering", "rag"), primary
    r = assistant.ask("do we need a GPU?", "gpu1")
    assert r.answer.startswith("Not for "), r.answer
    assert "LoRA pre-flight" in r.answer
    sized = assistant.ask("how much GPU memory for a 7B model?", "gpu1")
    assert sized.answer.startswith("LoRA pre-flight for **a 7B model**"), sized.answer
    lora = (
        "we have 2 A100 40GB and want to fine-tune llama 3 8b on 30k transcripts, data can't leave"
    )
    assert assistant.ask(lora, "gpu2").recommendation.primary == "lora_open_weight"
    assert assistant.ask("which GPU do we need?", "gpu2").answer.startswith("LoRA pre-flight")


def test_a_short_question_after_advice_is_about_the_recommended_route(
    assistant: Assistant,
) -> None:
    """'What are the risks?' names no topic of its own: after a hosted fine-tuning
    recommendation the search carries the route's name, so the answer is about that route
    (its provider lifecycle), not the section where the word 'risk' happens to appear."""
    case = (
        "Our sales team wants an assistant that writes follow-up emails in each rep's personal "
        "style. We have about 20k sent emails. Nothing can go to OpenAI but AWS is fine."
    )
    assert assistant.ask(case, "risk1").recommendation.primary == "proprietary_finetune"
    r = assistant.ask("what are the risks?", "risk1")
    [call] = [c for c in r.tool_calls if c.name == "search_knowledge"]
    assert call.args["query"].endswith("(Hosted fine-tuning)"), call.args
    assert "Chain of thought" not in r.answer and "[provider-lifecycle >" in r.answer, r.answer


def test_a_case_with_a_length_asked_is_drafted_on_its_own_route(assistant: Assistant) -> None:
    """'Interview: <a case>. What would you recommend and why? 150 words' is a draft, not the
    advice card: the length asked for keeps the reader's draft reading against the case's
    facts, and the draft covers the route those facts point to (RAG), not a default trio."""
    r = assistant.ask(
        "Interview: a bank wants a chatbot over its internal policies, which change monthly. "
        "What would you recommend and why? 150 words",
        "len1",
    )
    assert r.act == "draft", r.act
    assert "first move is Retrieval (RAG)" in r.answer and "\n\nRetrieval (RAG)" in r.answer
    assert "Fine-tuning Claude on AWS Bedrock" not in r.answer, r.answer


def test_a_complaint_and_a_code_request_after_advice(assistant: Assistant) -> None:
    """Seen as a user: 'I tried that but the loss doesn't go down.' got "You're welcome" and
    'Could you share some code to get started?' got the synthetic-data explanation."""
    assistant.ask(
        "How can I fine-tune Llama 3 8B on our support tickets? We have about 2,000 of them "
        "and can't send data outside.",
        "complaint",
    )
    r = assistant.ask("did what you said, loss still does not decrease", "complaint")
    assert r.act == "explain" and "You're welcome" not in r.answer
    r = assistant.ask("can you share a snippet to get me started?", "complaint")
    assert r.act == "next_steps" and "1. Data:" in r.answer


def test_a_question_that_names_a_concept_is_answered_from_its_section(
    assistant: Assistant,
) -> None:
    """Seen as a user: 'What does one training row look like for OpenAI fine-tuning?' got the
    'LoRA in short' paragraph, because the question names fine-tuning. Only a question about
    the concept itself gets its short definition; this one gets the section the retriever
    ranks first, its list kept as a list."""
    r = assistant.ask("What does one training row look like for OpenAI fine-tuning?", "row1")
    assert "OpenAI supervised fine-tuning" in r.answer and "LoRA in short" not in r.answer
    assert '{"messages": [...]}' in r.answer and "\n- At least 10 examples" in r.answer
    plain = assistant.ask("What is LoRA?", "row2").answer
    assert "LoRA in short" in plain
