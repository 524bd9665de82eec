"""Hosted back ends with their real SDKs against loopback servers; missing keys are one clear line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.loopback import LoopbackServer, completion, orphan_tool_error
from tunewise.agent.runtime.assistant import Assistant
from tunewise.agent.runtime.providers import ProviderConfigError, make_chat_model
from tunewise.core.settings import Settings

FINAL = "Hosted wording: go with LoRA on an open-weight model, because the data must stay in-house."


PROFILE = {
    "n_examples": 7000,
    "data_may_leave": False,
    "eval_ready": True,
    "own_hardware": True,
    "tried_prompting": "plateaued",
}


def script(body: dict) -> dict:
    """Structured-output call -> the profile; first agent call -> a search tool call; after the tool -> text."""
    tool_names = [t["function"]["name"] for t in body.get("tools", [])]
    if body.get("response_format"):
        return completion({"content": json.dumps(PROFILE)})
    if (
        tool_names and "search_knowledge" not in tool_names
    ):  # structured output via function calling
        call = {
            "id": "call_p",
            "type": "function",
            "function": {"name": tool_names[0], "arguments": json.dumps(PROFILE)},
        }
        return completion({"content": None, "tool_calls": [call]}, "tool_calls")
    if any(m.get("role") == "tool" for m in body["messages"]):
        return completion({"content": FINAL})
    call = {
        "id": "call_1",
        "type": "function",
        "function": {
            "name": "search_knowledge",
            "arguments": json.dumps({"query": "LoRA when data cannot leave", "k": 2}),
        },
    }
    return completion({"content": None, "tool_calls": [call]}, "tool_calls")


def test_openai_backend_through_loopback(tmp_path, monkeypatch):
    with LoopbackServer(script) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_API_BASE", server.url)
        assistant = Assistant(Settings(data_dir=tmp_path, llm="openai:gpt-4o-mini"))
        # The message alone is vague; the hosted model's structured profile supplies the facts.
        result = assistant.ask("Tell me what to do with our support data.", "t-openai")
    assert result.answer == FINAL
    assert result.recommendation.primary == "lora_open_weight"  # the advisor still decides
    assert [c.name for c in result.tool_calls] == ["search_knowledge"]
    paths = [r["path"] for r in server.requests]
    assert all(p.endswith("/chat/completions") for p in paths) and len(paths) == 3
    assert server.requests[-1]["auth"] == "Bearer sk-test-not-a-real-key"
    tool_msgs = [m for m in server.requests[-1]["body"]["messages"] if m["role"] == "tool"]
    assert (
        tool_msgs and "lora" in tool_msgs[0]["content"].lower()
    )  # real search results went back to the model


@pytest.mark.parametrize(
    ("llm", "unset", "needle"),
    [
        ("anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY"),
        ("openai:gpt-4o-mini", "OPENAI_API_KEY", "OPENAI_API_KEY"),
        ("openai-compatible:llama", None, "TUNEWISE_LLM_BASE_URL"),
        ("openai:", None, "names no model"),
        ("mystery:x", None, "unknown TUNEWISE_LLM"),
    ],
)
def test_missing_configuration_is_one_clear_line(llm, unset, needle, monkeypatch, tmp_path):
    if unset:
        monkeypatch.delenv(unset, raising=False)
    with pytest.raises(ProviderConfigError, match=needle):
        make_chat_model(Settings(data_dir=tmp_path, llm=llm))


def test_bedrock_without_credentials(monkeypatch, tmp_path):
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    with pytest.raises(ProviderConfigError, match="AWS credentials"):
        make_chat_model(
            Settings(data_dir=tmp_path, llm="bedrock:anthropic.claude-3-haiku-20240307-v1:0")
        )


def test_openai_compatible_backend_through_loopback(tmp_path, monkeypatch):
    """The self-hosted path (vLLM, Ollama, llama.cpp server) speaks the same API."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with LoopbackServer(script) as server:
        assistant = Assistant(
            Settings(
                data_dir=tmp_path, llm="openai-compatible:llama-3.1-8b", llm_base_url=server.url
            )
        )
        result = assistant.ask("Tell me what to do with our support data.", "t-compat")
    assert result.answer == FINAL and result.recommendation.primary == "lora_open_weight"
    assert server.requests[0]["body"]["model"] == "llama-3.1-8b"


def converse_script(body: dict) -> dict:
    """Bedrock Converse: structured profile via a tool, then a search call, then text."""
    tools = [t["toolSpec"]["name"] for t in body.get("toolConfig", {}).get("tools", [])]

    def reply(content: list, stop: str) -> dict:
        return {
            "output": {"message": {"role": "assistant", "content": content}},
            "stopReason": stop,
            "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 15},
            "metrics": {"latencyMs": 1},
        }

    if tools and "search_knowledge" not in tools:
        return reply(
            [{"toolUse": {"toolUseId": "p1", "name": tools[0], "input": PROFILE}}], "tool_use"
        )
    if any("toolResult" in c for m in body["messages"] for c in m["content"]):
        return reply([{"text": FINAL}], "end_turn")
    call = {
        "toolUseId": "t1",
        "name": "search_knowledge",
        "input": {"query": "LoRA when data cannot leave", "k": 2},
    }
    return reply([{"toolUse": call}], "tool_use")


def test_bedrock_backend_through_loopback(tmp_path, monkeypatch):
    with LoopbackServer(converse_script) as server:
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIATESTTESTTESTTEST")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
        monkeypatch.setenv("AWS_REGION", "us-east-1")
        monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", server.url.removesuffix("/v1"))
        assistant = Assistant(
            Settings(data_dir=tmp_path, llm="bedrock:anthropic.claude-3-haiku-20240307-v1:0")
        )
        result = assistant.ask("Tell me what to do with our support data.", "t-bedrock")
    assert result.answer == FINAL and result.recommendation.primary == "lora_open_weight"
    assert [c.name for c in result.tool_calls] == ["search_knowledge"]
    assert all(r["path"].endswith("/converse") for r in server.requests)
    assert "AWS4-HMAC-SHA256" in server.requests[-1]["auth"]  # signed by the real SDK


def test_openai_answer_streams_token_by_token(tmp_path, monkeypatch):
    """The web chat asks for tokens: the SDK streams (SSE) and the words arrive one by one."""
    from tunewise.agent.runtime.assistant import AskResult, Token

    with LoopbackServer(script) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        assistant = Assistant(Settings(data_dir=tmp_path, llm="openai:gpt-4o-mini"))
        events = list(
            assistant.stream("Tell me what to do with our support data.", "t-s", tokens=True)
        )
    tokens = [e for e in events if isinstance(e, Token)]
    result = events[-1]
    assert isinstance(result, AskResult) and result.answer == FINAL
    assert len(tokens) == len(FINAL.split(" ")) and not any(t.whole for t in tokens)
    assert "".join(t.text for t in tokens) == FINAL
    assert all(r["body"].get("stream") for r in server.requests)  # the SDK really streamed
    assert result.recommendation.primary == "lora_open_weight"


def two_searches_per_turn(body: dict) -> Any:
    """Like the real API: an orphan tool message is a 400. Each turn: two search calls, then text."""
    bad = orphan_tool_error(body)
    if bad:
        return bad
    if body.get("response_format"):
        return completion({"content": json.dumps(PROFILE)})
    names = [t["function"]["name"] for t in body.get("tools", [])]
    if names and "search_knowledge" not in names:
        call = {
            "id": "call_p",
            "type": "function",
            "function": {"name": names[0], "arguments": json.dumps(PROFILE)},
        }
        return completion({"content": None, "tool_calls": [call]}, "tool_calls")
    if body["messages"][-1]["role"] == "tool":
        return completion({"content": FINAL})
    n = len(body["messages"])
    calls = [
        {
            "id": f"call_{n}_{i}",
            "type": "function",
            "function": {"name": "search_knowledge", "arguments": json.dumps({"query": q})},
        }
        for i, q in enumerate(["LoRA", "RAG"])
    ]
    return completion({"content": None, "tool_calls": calls}, "tool_calls")


def test_long_conversations_never_send_an_orphan_tool_message(tmp_path, monkeypatch):
    """Five messages a turn: a plain last-12 cut starts on a tool result by the third turn."""
    with LoopbackServer(two_searches_per_turn) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        assistant = Assistant(Settings(data_dir=tmp_path, llm="openai:gpt-4o-mini"))
        for turn in range(5):
            assert assistant.ask(f"Question {turn} about our support data.", "t").answer == FINAL
    sent = [r["body"]["messages"] for r in server.requests if "tools" in r["body"]]
    assert max(len(m) for m in sent) <= 13  # system + at most 12 kept
    assert all(orphan_tool_error({"messages": m}) is None for m in sent)
    assert all(m[1]["role"] == "user" for m in sent)  # history starts on a human turn


def follow_up_script(body: dict) -> Any:
    """A hosted model that answers 'why not RAG?' by calling the advisor's explain_advice tool
    with the CONTEXT profile, then words the tool's result."""
    if body.get("response_format"):
        return completion({"content": json.dumps({})})
    names = [t["function"]["name"] for t in body.get("tools", [])]
    if names and "search_knowledge" not in names:
        call = {
            "id": "call_p",
            "type": "function",
            "function": {"name": names[0], "arguments": "{}"},
        }
        return completion({"content": None, "tool_calls": [call]}, "tool_calls")
    last = body["messages"][-1]
    if last["role"] == "tool":
        return completion({"content": "Hosted wording: " + json.loads(last["content"])["answer"]})
    system = body["messages"][0]["content"]
    ctx = json.loads(system.split("CONTEXT_JSON:", 1)[1])
    if ctx["act"] != "why_not":
        return completion({"content": "Hosted: recommendation as in CONTEXT."})
    args = {"facts": ctx["profile"], "approach": "rag"}
    call = {
        "id": "call_w",
        "type": "function",
        "function": {"name": "explain_advice", "arguments": json.dumps(args)},
    }
    return completion({"content": None, "tool_calls": [call]}, "tool_calls")


def test_hosted_follow_ups_use_the_advisors_reasoning(tmp_path, monkeypatch):
    with LoopbackServer(follow_up_script) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        assistant = Assistant(Settings(data_dir=tmp_path, llm="openai:gpt-4o-mini"))
        assistant.ask(
            "We have 4,000 chat transcripts, data can't leave our VPC, prompting plateaued at "
            "70% and we have an eval set.",
            "t-follow",
        )
        r = assistant.ask("why not RAG?", "t-follow")
    assert r.act == "why_not"
    assert [c.name for c in r.tool_calls] == ["explain_advice"]
    assert r.tool_calls[0].args["approach"] == "rag"
    assert r.answer.startswith("Hosted wording: Not Retrieval (RAG), because")
    assert "LoRA on an open-weight model" in r.answer  # the advisor's pick, from the same reasoning
    assert r.profile["n_examples"] == 4000  # the question stored no facts and lost none
