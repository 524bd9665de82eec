"""The Anthropic back end with the real anthropic SDK against a loopback Messages API server."""

from __future__ import annotations

from tests.loopback import LoopbackServer
from tunewise.agent.runtime.assistant import Assistant
from tunewise.core.settings import Settings

FINAL = "Hosted (Anthropic) wording: hosted fine-tuning on Bedrock fits your safety and SLA needs."
PROFILE = {
    "n_examples": 400,
    "data_may_leave": True,
    "providers_ok": ["bedrock"],
    "compliance": ["anthropic_safety", "sla"],
    "tried_prompting": "plateaued",
}


def message(content: list[dict], stop: str) -> dict:
    return {
        "id": "msg_loopback",
        "type": "message",
        "role": "assistant",
        "model": "claude-test",
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": 10, "output_tokens": 5},
    }


def script(body: dict) -> dict:
    tools = [t["name"] for t in body.get("tools", [])]
    if tools and "search_knowledge" not in tools:  # structured output is a forced tool call
        return message(
            [{"type": "tool_use", "id": "toolu_p", "name": tools[0], "input": PROFILE}], "tool_use"
        )
    has_result = any(
        isinstance(m.get("content"), list)
        and any(b.get("type") == "tool_result" for b in m["content"])
        for m in body["messages"]
    )
    if has_result:
        return message([{"type": "text", "text": FINAL}], "end_turn")
    return message(
        [
            {
                "type": "tool_use",
                "id": "toolu_1",
                "name": "search_knowledge",
                "input": {"query": "Bedrock Claude fine-tuning", "k": 2},
            }
        ],
        "tool_use",
    )


def test_anthropic_backend_through_loopback(tmp_path, monkeypatch):
    with LoopbackServer(script) as server:
        base = server.url.removesuffix("/v1")
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", base)
        monkeypatch.setenv("ANTHROPIC_API_URL", base)
        result = Assistant(Settings(data_dir=tmp_path, llm="anthropic:claude-test")).ask(
            "What should we do?", "t-anth"
        )
    assert result.answer == FINAL
    assert (
        result.recommendation.primary == "proprietary_finetune"
        and result.recommendation.provider == "bedrock"
    )
    assert [c.name for c in result.tool_calls] == ["search_knowledge"]
    assert (
        all(r["path"].endswith("/v1/messages") for r in server.requests)
        and len(server.requests) == 3
    )


def test_anthropic_answer_streams_token_by_token(tmp_path, monkeypatch):
    from tunewise.agent.runtime.assistant import AskResult, Token

    with LoopbackServer(script) as server:
        base = server.url.removesuffix("/v1")
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", base)
        assistant = Assistant(Settings(data_dir=tmp_path, llm="anthropic:claude-test"))
        events = list(assistant.stream("What should we do?", "t-anth-s", tokens=True))
    tokens = [e for e in events if isinstance(e, Token)]
    result = events[-1]
    assert isinstance(result, AskResult) and result.answer == FINAL
    assert len(tokens) == len(FINAL.split(" ")) and "".join(t.text for t in tokens) == FINAL
    assert all(r["body"].get("stream") for r in server.requests)  # the SDK really streamed
    assert result.recommendation.provider == "bedrock"
