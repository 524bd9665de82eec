"""The registry is the one declaration of each tool: the agent's tools, the offline dispatch
and confinement are derived from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from tunewise.agent.decision.policy import TurnView
from tunewise.agent.runtime.app import App
from tunewise.agent.toolkit.confine import OutsideDataDir, confine_args
from tunewise.agent.toolkit.registry import TOOLS, plan_offline
from tunewise.agent.toolkit.tools import make_tools
from tunewise.core.paths import FilePath, path_fields
from tunewise.core.settings import Settings


def test_agent_tools_are_the_declared_ones(tmp_path: Path) -> None:
    tools = make_tools(App(Settings(data_dir=tmp_path)))
    assert [t.name for t in tools] == [d.name for d in TOOLS]
    for t, d in zip(tools, TOOLS, strict=True):
        assert t.args_schema is d.input() and t.description == d.summary


def test_every_path_like_field_is_typed_as_a_user_path() -> None:
    """A field that names a file must carry the UserPath type, or the web app would not
    confine it: catch a new tool whose path field was declared as a plain Path."""
    for d in TOOLS:
        model = d.input()
        typed = set(path_fields(model))
        for name, info in model.model_fields.items():
            if "Path" in str(info.annotation):
                assert name in typed, f"{d.name}.{name} is a Path but not a UserPath"


def test_a_new_path_field_is_confined_by_its_type(tmp_path: Path) -> None:
    class NewToolInput(BaseModel):
        report_to: FilePath
        title: str = "x"

    with pytest.raises(OutsideDataDir):
        confine_args(tmp_path, {"report_to": "/etc/cron.d/x", "title": "/etc"}, NewToolInput)
    ok = confine_args(tmp_path, {"report_to": "r.md", "title": "/etc"}, NewToolInput)
    assert ok == {"report_to": str(tmp_path.resolve() / "r.md"), "title": "/etc"}


def test_offline_dispatch_follows_the_declarations() -> None:
    names = [d.name for d in TOOLS]
    ctx, empty = TurnView(file_paths=["d.jsonl"]), TurnView()
    assert plan_offline("validate_data", "check d.jsonl", ctx, names)["name"] == "validate_data"
    assert plan_offline("validate_data", "check my file", empty, names) is None  # asks for a path
    call = plan_offline("train", "kick off a LoRA run on d.jsonl", ctx, names)
    assert call["name"] == "launch_training" and call["args"]["dataset"] == "d.jsonl"
    assert (
        plan_offline("train", "how much memory for mistral 7b?", empty, names)["name"]
        == "plan_lora"
    )
    drafts = plan_offline("draft_answer", "LoRA vs RAG in 150 words", empty, names)
    assert isinstance(drafts, list) and {c["name"] for c in drafts} == {"search_knowledge"}
    # Unbound tools are never called: without the launcher, a launch request plans instead.
    call = plan_offline("train", "kick off a run on d.jsonl", ctx, ["plan_lora"])
    assert call["name"] == "plan_lora"
