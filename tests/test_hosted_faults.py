"""Hosted failures are one line with the URL or variable to check, through the real SDKs; the
user's message is kept, so sending it again once the back end is up answers it (once)."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from tests.loopback import LoopbackServer
from tests.test_cli import run
from tests.test_providers import FINAL, script
from tests.webserver import free_port
from tunewise.agent.runtime.assistant import Assistant
from tunewise.core.errors import AskError
from tunewise.core.settings import Settings

TEXT = "Tell me what to do with our support data."


def closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there


def test_unreachable_backend_keeps_the_message_and_a_retry_answers_it(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    down = Assistant(
        Settings(data_dir=tmp_path, llm="openai-compatible:m", llm_base_url=closed_url())
    )
    with pytest.raises(AskError, match="cannot reach .*TUNEWISE_LLM_BASE_URL.*kept") as err:
        down.ask(TEXT, "t")
    assert "\n" not in str(err.value)
    humans = [m for m in down.history("t") if isinstance(m, HumanMessage)]
    assert [h.content for h in humans] == [TEXT]  # kept, not answered

    with LoopbackServer(script) as server:
        up = Assistant(
            Settings(data_dir=tmp_path, llm="openai-compatible:m", llm_base_url=server.url)
        )
        result = up.ask(TEXT, "t")
    assert result.answer == FINAL
    history = up.history("t")
    assert [m.content for m in history if isinstance(m, HumanMessage)] == [TEXT]
    assert isinstance(history[-1], AIMessage) and history[-1].content == FINAL


def test_refused_key_is_one_line_naming_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
    with LoopbackServer(lambda body: (401, {"error": {"message": "bad key"}})) as server:
        a = Assistant(
            Settings(data_dir=tmp_path, llm="openai-compatible:m", llm_base_url=server.url)
        )
        with pytest.raises(AskError, match="refused the credentials; check OPENAI_API_KEY"):
            a.ask(TEXT, "t")


def test_cli_ask_and_train_submit_print_one_line(tmp_path, cli_env):
    from tests.tiny_model import chat_rows, write_jsonl

    env = {
        **cli_env,
        "TUNEWISE_LLM": "openai-compatible:m",
        "TUNEWISE_LLM_BASE_URL": closed_url(),
        "OPENAI_API_KEY": "sk-test",
    }
    assert run(["index"], cli_env).returncode == 0
    asked = run(["ask", TEXT], env)
    assert asked.returncode != 0 and "Traceback" not in asked.stderr
    assert asked.stderr.strip().count("\n") == 0 and "TUNEWISE_LLM_BASE_URL" in asked.stderr

    data = write_jsonl(tmp_path / "ft.jsonl", chat_rows(20))
    submit_env = {**cli_env, "OPENAI_BASE_URL": closed_url(), "OPENAI_API_KEY": "sk-test"}
    submitted = run(
        [
            "train",
            "submit",
            "--provider",
            "openai",
            "--model",
            "gpt-4o-mini-2024-07-18",
            "--data",
            str(data),
            "--yes",
        ],
        submit_env,
    )
    assert submitted.returncode != 0 and "Traceback" not in submitted.stderr
    errors = [x for x in submitted.stderr.splitlines() if "error" in x]
    assert (
        len(errors) == 1 and "OPENAI_BASE_URL" in errors[0] and "nothing was submitted" in errors[0]
    )
    status = run(["train", "remote-status", "--provider", "openai", "ftjob-1"], submit_env)
    assert status.returncode != 0 and "Traceback" not in status.stderr
    assert "cannot reach" in status.stderr
    assert run(["train", "status"], cli_env).returncode == 0
