"""The registry is the one declaration of each tool: the agent's tools, the offline dispatch
and confinement are derived from it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from tunewise.agent.decision.policy import TurnView, decide
from tunewise.agent.reading.turn_reader import Memory, read_turn
from tunewise.agent.runtime.app import App
from tunewise.agent.schema.act_table import BY_ACT
from tunewise.agent.schema.profile import Profile
from tunewise.agent.toolkit import tools as tools_package
from tunewise.agent.toolkit.confine import OutsideDataDir, confine_args
from tunewise.agent.toolkit.registry import TOOLS, plan_offline
from tunewise.agent.toolkit.structured import make_tools
from tunewise.core.paths import FilePath, path_fields
from tunewise.core.settings import Settings
from tunewise.ui.cli import build_parser, main

ADVISED = Memory(
    profile=Profile(
        n_examples=3000, data_may_leave=False, tried_prompting="plateaued", eval_ready=True
    ),
    last_primary="lora_open_weight",
    followup=True,
)


def test_agent_tools_are_the_declared_ones(tmp_path: Path) -> None:
    tools = make_tools(App(Settings(data_dir=tmp_path)))
    assert [t.name for t in tools] == [d.name for d in TOOLS]
    for t, d in zip(tools, TOOLS, strict=True):
        assert t.args_schema is d.input and t.description == d.summary


def test_every_path_like_field_is_typed_as_a_user_path() -> None:
    """A field that names a file must carry the UserPath type, or the web app would not
    confine it: catch a new tool whose path field was declared as a plain Path."""
    for d in TOOLS:
        model = d.input
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


def test_every_registered_tool_is_one_module_with_all_its_parts() -> None:
    """A tool is one module (agent/toolkit/tools/<name>.py) declaring TOOL with its input
    model, run function, planner (or the acts the offline model answers), renderer and the
    examples that trigger it; the CLI command is derived from it."""
    folder = Path(tools_package.__file__).parent
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "facts"}
    assert modules == {d.name for d in TOOLS}, "a tool module not registered, or the reverse"
    commands = build_parser()._subparsers._group_actions[0].choices["tool"]  # type: ignore[union-attr]
    derived = commands._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for d in TOOLS:
        module = importlib.import_module(f"tunewise.agent.toolkit.tools.{d.name}")
        missing = [
            part
            for part, ok in (
                ("TOOL", getattr(module, "TOOL", None) is d),
                ("input model", isinstance(d.input, type) and issubclass(d.input, BaseModel)),
                ("run", callable(d.run)),
                ("planner or acts", d.plan is not None or bool(d.acts)),
                ("renderer", callable(d.render)),
                ("examples", bool(d.examples)),
                ("CLI command", d.name in derived),
            )
            if not ok
        ]
        assert not missing, f"{d.name} lacks: {', '.join(missing)}"
        assert all(a in BY_ACT for a in d.acts), d.acts


def test_each_tools_examples_call_it() -> None:
    """The examples a tool declares go through the turn reader and the policy and call the
    tool (or, for an advice tool, read as the act the offline model answers for it)."""
    names = [d.name for d in TOOLS]
    for d in TOOLS:
        for text in d.examples:
            decision = decide(read_turn(text, ADVISED), ADVISED)
            if d.plan is None:
                assert decision.act in d.acts, (d.name, text, decision.act)
                continue
            call = plan_offline(decision.intent, text, TurnView(**decision.model_dump()), names)
            first = call[0] if isinstance(call, list) else call
            assert first is not None and first["name"] == d.name, (d.name, text, first)


def test_only_the_registry_names_a_tool_module_and_the_readme_counts_the_places() -> None:
    """A new tool is its module plus its line in the registry: no other module of ours imports
    a tool module, and the README's recipe states that count."""
    root = Path(tools_package.__file__).parents[3]
    importers = set()
    for path in root.glob("*/**/*.py"):
        skip = {".venv", "tests", "bench"}
        if skip & set(path.parts) or path.parent == Path(tools_package.__file__).parent:
            continue  # (a tool module may use the advice tools' shared input, tools/facts.py)
        if re.search(
            r"agent\.toolkit\.tools(?:\.\w+)? import|agent\.toolkit\.tools\.\w+", path.read_text()
        ):
            importers.add(path.relative_to(root).as_posix())
    assert importers == {"agent/toolkit/registry.py"}, importers
    recipe = re.search(
        r"\*\*Adding a tool\*\* takes (\d+) places", (root / "README.md").read_text()
    )
    assert recipe is not None, "README's recipe for adding a tool is missing"
    assert int(recipe.group(1)) == 1 + len(importers)  # the module, then each file naming it


def test_a_tool_runs_from_the_command_line_as_declared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUNEWISE_DATA_DIR", str(tmp_path))
    assert main(["tool", "plan_lora", "--model", "mistral-7b", "--bits", "4"]) == 0
    out = capsys.readouterr().out
    assert "LoRA pre-flight for mistral-7b" in out and "GB of GPU memory" in out
    facts = '{"n_examples": 3000, "data_may_leave": false}'
    assert main(["tool", "what_if", "--facts", facts, "--changes", '{"data_may_leave": true}']) == 0
    assert "LoRA" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:  # a clear usage error, no traceback
        main(["tool", "what_if", "--facts", '{"n_examples": 3000', "--changes", "{}"])
    assert bad.value.code == 2 and "not JSON" in capsys.readouterr().err


def test_a_tool_that_needs_confirmation_shows_its_plan_and_starts_nothing_without_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUNEWISE_DATA_DIR", str(tmp_path))
    data = tmp_path / "train.jsonl"
    row = '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}\n'
    data.write_text(row * 60, encoding="utf-8")
    assert main(["tool", "launch_training", "--dataset", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Plan: LoRA" in out and "Nothing was started. Add --yes" in out
    assert main(["tool", "job_status", "--json"]) == 0
    assert '"jobs": []' in capsys.readouterr().out
