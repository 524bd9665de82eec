"""The offline agent using the cost, validation and LoRA pre-flight tools through LangGraph's
ToolNode: the tool is really called, and the answer carries the tool's figures."""

from __future__ import annotations

import json

import pytest

from tests.jobwait import wait_for_job
from tests.test_validate import chat, write
from tunewise.agent.runtime.assistant import Assistant
from tunewise.core.settings import Settings


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    return Assistant(Settings(data_dir=tmp_path_factory.mktemp("agent-tools")))


def test_cost_question_calls_estimate_cost(assistant):
    r = assistant.ask(
        "What does 100k queries a day at 2000 prompt tokens and 500 completion tokens cost "
        "on gpt-4-turbo vs ft:gpt-3.5-turbo?",
        "cost-1",
    )
    [call] = r.tool_calls
    assert call.name == "estimate_cost"
    assert call.args["queries_per_day"] == 100_000 and call.args["prompt_tokens"] == 2000
    assert call.args["model"] == "gpt-4-turbo" and call.args["compare"] == ["ft:gpt-3.5-turbo"]
    assert "$3,500.00" in r.answer and "as of" in r.answer
    assert r.recommendation.primary is None


def test_cost_question_without_numbers_assumes_them_then_uses_the_thread(assistant):
    """Never a dead end: missing figures are assumed, said so, and asked for in one line."""
    first = assistant.ask("How much would it cost to run this?", "cost-2")
    assert [c.name for c in first.tool_calls] == ["estimate_cost"]
    assert "Assumed (tell me yours" in first.answer and "requests a day" in first.answer
    assert "$" in first.answer
    second = assistant.ask(
        "About 20,000 requests per day, 800 input tokens and 200 output tokens; estimate the "
        "cost on gpt-4o-mini",
        "cost-2",
    )
    assert [c.name for c in second.tool_calls] == ["estimate_cost"]
    assert "gpt-4o-mini" in second.answer and "per month" in second.answer
    assert (
        "From your figures: 20,000 requests a day, 800 tokens in, 200 tokens out" in second.answer
    )


def test_validation_request_runs_the_validator_on_the_named_file(assistant, tmp_path):
    rows: list = [chat(i) for i in range(60)] + [b"{oops"]
    path = write(tmp_path / "train.jsonl", rows)
    r = assistant.ask(f"validate {path} for openai please", "val-1")
    [call] = r.tool_calls
    assert call.name == "validate_data" and call.args == {
        "path": str(path),
        "format": "openai_chat",
    }
    assert "line 61: `invalid_json`" in r.answer and "60 valid examples" in r.answer
    # "check FILE for bedrock" once read as advice: a named data file the learned reader is
    # sure the message asks a tool about is validated, for the target it names
    r = assistant.ask(f"check {path} for bedrock", "val-3")
    [call] = r.tool_calls
    assert call.name == "validate_data" and call.args["format"] == "bedrock_haiku"
    assert "format **bedrock_haiku**" in r.answer


def test_validation_of_a_missing_file_reports_the_tool_error(assistant, tmp_path):
    r = assistant.ask(f"validate {tmp_path / 'nope.jsonl'}", "val-2")
    assert [c.name for c in r.tool_calls] == ["validate_data"]
    assert "no such file" in r.answer and "Traceback" not in r.answer


def test_lora_plan_request_calls_plan_lora(assistant):
    r = assistant.ask("Plan a QLoRA run of mistral-7b on 2,000 examples", "lora-1")
    [call] = r.tool_calls
    assert call.name == "plan_lora" and call.args["bits"] == 4
    assert "GB** of GPU memory" in r.answer and "confirmation" in r.answer


def test_lora_plan_uses_the_model_and_size_the_user_named(assistant):
    """'How much GPU memory for qwen2.5-vl-7b?' once got a plan for llama-3.1-8b: a model
    that is not a preset is planned at the size its name gives, under its own name."""
    r = assistant.ask("How many VRAMs are needed to fine-tune RWKV-13B with LoRA?", "sz1")
    [call] = [c for c in r.tool_calls if c.name == "plan_lora"]
    assert call.args["model"] == "RWKV-13B" and call.args["params_b"] == 13.0
    assert "RWKV-13B** (13B)" in r.answer and "a Llama's scaled to 13B" in r.answer
    r = assistant.ask("How much GPU memory does LoRA on the 7B model take?", "sz2")
    [call] = [c for c in r.tool_calls if c.name == "plan_lora"]
    assert call.args["params_b"] == 7.0
    # a count of rows is not a model size
    r = assistant.ask("how much GPU memory to LoRA mistral-7b on our 3B rows?", "sz3")
    [call] = [c for c in r.tool_calls if c.name == "plan_lora"]
    assert call.args == {"model": "mistral-7b", "bits": 16}


def test_cli_ask_json_lists_the_tool_call(cli_env):
    from tests.test_cli import run

    proc = run(
        [
            "ask",
            "estimate the cost for 50,000 requests per day, 1500 input tokens, 300 output "
            "tokens on claude-3-haiku-20240307",
            "--json",
        ],
        cli_env,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["tool_calls"][0]["name"] == "estimate_cost"
    assert data["tool_calls"][0]["args"]["model"] == "claude-3-haiku-20240307"


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    from tests.tiny_model import make_tiny_llama

    return make_tiny_llama(tmp_path_factory.mktemp("tiny"))


def test_launch_pauses_for_confirmation_and_no_cancels(assistant, tiny_llama, tmp_path):
    from tests.tiny_model import chat_rows, write_jsonl
    from tunewise.tools.train.jobs import JobStore

    data = write_jsonl(tmp_path / "train.jsonl", chat_rows(40))
    store = JobStore(assistant.settings.data_dir / "jobs.sqlite")
    ask = f"kick off a LoRA run on {data} with base model {tiny_llama} for 6 steps"
    first = assistant.ask(ask, "launch-1")
    assert [c.name for c in first.tool_calls] == ["launch_training"]
    assert "Reply **yes**" in first.answer and "**Plan:**" in first.answer
    assert store.list() == []  # paused: nothing started
    no = assistant.ask("no, not now", "launch-1")
    assert "Not launched" in no.answer and store.list() == []

    assistant.ask(ask, "launch-2")
    yes = assistant.ask("yes", "launch-2")
    assert "Launched job" in yes.answer
    [job] = store.list()
    wait_for_job(lambda: store.get(job.id), lambda j: j.status != "running")
    assert store.get(job.id).status == "completed"
    status = assistant.ask("what is the status of my training job?", "launch-2")
    assert job.id in status.answer and "completed" in status.answer


def test_launch_on_bad_data_is_refused_without_asking(assistant, tmp_path):
    from tests.tiny_model import chat_rows, write_jsonl

    data = write_jsonl(tmp_path / "bad.jsonl", chat_rows(30) + [{"messages": []}])
    r = assistant.ask(f"launch a LoRA run on {data}", "launch-3")
    assert "Reply **yes**" not in r.answer
    assert "missing_messages" in r.answer and "Nothing was started" in r.answer


def test_generate_data_request_runs_the_synth_tool(assistant, tmp_path):
    from tests.test_synth import seed_file

    seeds = seed_file(tmp_path)
    r = assistant.ask(f"generate 25 examples from {seeds}", "synth-1")
    [call] = r.tool_calls
    assert call.name == "generate_synthetic_data"
    assert call.args["seeds_file"] == str(seeds) and call.args["count"] == 25
    assert "Generated **25 of 25** rows" in r.answer and "not teacher quality" in r.answer
    out = assistant.settings.data_dir / "synthetic" / "seeds.synthetic.jsonl"
    assert len(out.read_text().splitlines()) == 25
    missing = assistant.ask("generate 25 examples please", "synth-2")
    assert "generate_synthetic_data" not in [c.name for c in missing.tool_calls]
    assert "seed file" in missing.answer
