"""What a tool declares (agent/toolkit/tools/<name>.py holds one `TOOL`): its name, input
model (path fields typed with core.paths.UserPath, so the web app's confinement follows from
the type), the function that runs it over the App, a one-line summary, the intents the
offline model serves with it and how it fills the arguments (its planner), how its result is
shown (its renderer) and the messages that trigger it (its examples, checked by
tests/test_registry.py). The agent's tools, the offline model's dispatch, confinement, the
MCP server and the `tunewise tool` command are all derived from the declarations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from tunewise.agent.decision.policy import TurnView

NEXT = object()  # a planner's "not me: try the next declared tool"
# A planner (question, the turn) returns the call's arguments (a list: several calls), NEXT,
# or None (no tool: the model answers directly, e.g. asks for the missing file or figures).
Planner = Callable[[str, TurnView], Any]


@dataclass(frozen=True)
class ToolDecl:
    name: str
    input: type[BaseModel]
    run: Callable[[Any, Any], Any]  # (App, validated input) -> JSON-ready result
    summary: str
    intents: tuple[str, ...] = ()
    plan: Planner | None = None  # offline: (question, turn) -> the call's arguments
    render: Callable[[Any], str] | None = None  # the result, in words
    confirm: bool = False  # the graph pauses for an explicit yes before it runs
    # the dialogue acts the offline model answers directly where a hosted model calls this
    # tool (agent/schema/act_table.py), for tools without a planner
    acts: tuple[str, ...] = ()
    speaks: bool = True  # False: the result feeds the writer instead of being the answer
    examples: tuple[str, ...] = ()  # messages that call it (or, with `acts`, read as them)


def first_path(view: TurnView) -> str | None:
    return view.file_paths[0] if view.file_paths else None
