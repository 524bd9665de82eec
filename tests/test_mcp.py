"""`tunewise mcp` driven by the official MCP SDK's stdio client, as Claude Desktop or an IDE
would: the server is a real `tunewise mcp` subprocess speaking JSON-RPC on stdin/stdout."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.tiny_model import chat_rows, write_jsonl

TUNEWISE = str(Path(os.sys.executable).with_name("tunewise"))


def _params(root: Path, data_dir: Path, *extra: str) -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if k.startswith(("HF_", "TRANSFORMERS", "ANONY"))}
    env["TUNEWISE_DATA_DIR"] = str(data_dir)
    return StdioServerParameters(
        command=TUNEWISE, args=["mcp", "--root", str(root), *extra], env=env
    )


def session(root: Path, data_dir: Path, body: Any, *extra: str) -> Any:
    """Run `body(client)` against a fresh `tunewise mcp` process; return its result."""

    async def main() -> Any:
        async with Client(_params(root, data_dir, *extra), read_timeout_seconds=120) as client:
            return await body(client)

    return anyio.run(main)


def _json(result: Any) -> Any:
    assert not result.is_error, result.content[0].text
    return json.loads(result.content[0].text)


def test_tools_listed_with_the_registry_schemas(tmp_path: Path) -> None:
    from tunewise.agent.runtime.mcp_server import AdviseInput
    from tunewise.agent.toolkit.registry import BY_NAME

    async def body(c: Client) -> Any:
        return (await c.list_tools()).tools

    tools = {t.name: t for t in session(tmp_path, tmp_path / "data", body)}
    assert set(tools) == {
        "search_knowledge",
        "advise",
        "estimate_cost",
        "validate_data",
        "plan_lora",
        "job_status",
    }  # no launch without --allow-launch
    for name in ("estimate_cost", "validate_data", "plan_lora", "job_status", "search_knowledge"):
        assert tools[name].input_schema == BY_NAME[name].input.model_json_schema()
    assert tools["advise"].input_schema == AdviseInput.model_json_schema()
    assert "n_examples" in tools["advise"].input_schema["properties"]


def test_advise_validate_estimate_search_and_confinement(tmp_path: Path) -> None:
    root = tmp_path / "work"
    root.mkdir()
    rows = chat_rows(30)
    rows[3] = {"messages": [{"role": "user", "content": "hi"}]}  # no assistant turn
    write_jsonl(root / "train.jsonl", rows)
    (tmp_path / "secret.jsonl").write_text('{"messages": []}\n')

    async def body(c: Client) -> dict:
        out = {}
        out["advise"] = _json(
            await c.call_tool(
                "advise",
                {
                    "n_examples": 1200,
                    "data_may_leave": True,
                    "providers_ok": ["openai"],
                    "tried_prompting": "plateaued",
                    "prompting_score": 0.65,
                    "task_kinds": ["format"],
                },
            )
        )
        out["validate"] = _json(await c.call_tool("validate_data", {"path": "train.jsonl"}))
        out["outside"] = await c.call_tool(
            "validate_data", {"path": str(tmp_path / "secret.jsonl")}
        )
        out["escape"] = await c.call_tool("validate_data", {"path": "../secret.jsonl"})
        out["bad"] = await c.call_tool("advise", {"n_examples": "lots"})
        out["search"] = _json(await c.call_tool("search_knowledge", {"query": "LoRA rank", "k": 2}))
        out["cost"] = _json(
            await c.call_tool(
                "estimate_cost",
                {
                    "queries_per_day": 1000,
                    "prompt_tokens": 800,
                    "completion_tokens": 200,
                    "model": "gpt-4o-mini",
                    "compare": ["ft:gpt-4o-mini"],
                },
            )
        )
        out["launch"] = await c.call_tool("launch_training", {"dataset": "train.jsonl"})
        return out

    out = session(root, tmp_path / "data", body)
    adv = out["advise"]
    assert adv["ranked"][0]["approach"] == adv["primary"]
    assert all(r["reasons"] or r["against"] or r["score"] == 0 for r in adv["ranked"])
    assert "1,200 examples" in adv["understood"] and "65%" in adv["understood"]
    assert adv["citations"] and all(c["doc"] and c["quote"] for c in adv["citations"])
    assert any(e["line"] == 4 for e in out["validate"]["errors"])  # the bad row, by line
    for refused in (out["outside"], out["escape"]):
        assert refused.is_error and "outside the MCP root" in refused.content[0].text
    assert out["bad"].is_error and "n_examples" in out["bad"].content[0].text
    assert len(out["search"]) == 2 and all(h["doc"] and h["text"] for h in out["search"])
    assert out["cost"]["options"], out["cost"]
    assert out["launch"].is_error and "unknown tool" in out["launch"].content[0].text


@pytest.mark.slow
def test_launch_needs_the_flag_and_a_confirmation(tmp_path: Path, tiny: Path) -> None:
    import shutil

    root = tmp_path / "work"
    root.mkdir()
    shutil.copytree(tiny, root / "tiny")
    write_jsonl(root / "train.jsonl", chat_rows(24))
    args = {"dataset": "train.jsonl", "base_model": "tiny", "max_steps": 2}

    async def body(c: Client) -> dict:
        names = [t.name for t in (await c.list_tools()).tools]
        unconfirmed = await c.call_tool("launch_training", args)
        jobs_before = _json(await c.call_tool("job_status", {}))["jobs"]
        launched = _json(await c.call_tool("launch_training", {**args, "confirm": True}))
        deadline = time.monotonic() + 600
        while True:
            job = _json(await c.call_tool("job_status", {"job_id": launched["job_id"]}))["jobs"][0]
            if job["status"] not in ("queued", "running") or time.monotonic() > deadline:
                break
            await anyio.sleep(1)
        return {"names": names, "unconfirmed": unconfirmed, "before": jobs_before, "job": job}

    out = session(root, tmp_path / "data", body, "--allow-launch")
    assert "launch_training" in out["names"]
    assert out["unconfirmed"].is_error and "confirm=true" in out["unconfirmed"].content[0].text
    assert out["before"] == []  # the unconfirmed call started nothing
    assert out["job"]["status"] == "completed", out["job"]
    assert Path(out["job"]["adapter"]).is_relative_to(tmp_path / "data")
